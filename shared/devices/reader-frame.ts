/**
 * The e-KTP reader line protocol's framing (see native/reader/PROTOCOL.md):
 *
 *   STX 0x02 | LEN u16 BE | CMD u8 | SEQ u8 | PAYLOAD (LEN-2 bytes) | CRC u16 BE | ETX 0x03
 *
 * LEN counts CMD+SEQ+PAYLOAD; CRC-16/CCITT-FALSE covers LEN..PAYLOAD. Pure: no timers, no I/O.
 * The parser never throws: anything that is not a well-formed frame is skipped byte by byte
 * (resynchronising on the next STX) and reported, so garbage on a cheap cable cannot wedge it.
 */
import { crc16 } from './crc16.js';

export const STX = 0x02;
export const ETX = 0x03;
/** Largest LEN accepted: biodata JSON plus an optional ~20 KB base64 JPEG photo fits easily. */
export const MAX_BODY = 48 * 1024;
export const FRAME_OVERHEAD = 6;

export const Cmd = {
  PING: 0x01,
  STATUS: 0x02,
  READ: 0x10,
  PONG: 0x81,
  STATUS_RESP: 0x82,
  BIODATA: 0x90,
  CARD_IN: 0xc1,
  CARD_OUT: 0xc2,
  ERROR: 0xee,
} as const;

/** Error codes carried in an ERROR frame's first payload byte. */
export const ReaderErrorCode = {
  NO_CARD: 0x01,
  CARD_REMOVED: 0x02,
  SAM_ERROR: 0x03,
  CARD_UNREADABLE: 0x04,
  UNKNOWN_COMMAND: 0x05,
  BAD_FRAME: 0x06,
  BUSY: 0x07,
} as const;

export const READER_ERROR_NAMES: Record<number, string> = {
  0x01: 'no_card',
  0x02: 'card_removed',
  0x03: 'sam_error',
  0x04: 'card_unreadable',
  0x05: 'unknown_command',
  0x06: 'bad_frame',
  0x07: 'busy',
};

export interface Frame {
  cmd: number;
  seq: number;
  payload: Uint8Array;
}

export function encodeFrame(cmd: number, seq: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const len = payload.length + 2;
  if (len > MAX_BODY) throw new Error(`frame body too large: ${len} > ${MAX_BODY}`);
  const out = new Uint8Array(len + FRAME_OVERHEAD);
  out[0] = STX;
  out[1] = len >> 8;
  out[2] = len & 0xff;
  out[3] = cmd & 0xff;
  out[4] = seq & 0xff;
  out.set(payload, 5);
  const crc = crc16(out, 1, 3 + len);
  out[3 + len] = crc >> 8;
  out[4 + len] = crc & 0xff;
  out[5 + len] = ETX;
  return out;
}

export type ParseEvent =
  | { type: 'frame'; frame: Frame }
  /** Bytes skipped before a STX (line noise, a reader booting, a half frame given up on). */
  | { type: 'garbage'; count: number }
  /** A complete-looking frame whose CRC or ETX did not match: the sender may resend. */
  | { type: 'corrupt'; reason: 'checksum' | 'etx' | 'length' };

export class FrameParser {
  private buf = new Uint8Array(0);

  /** Bytes held for an unfinished frame. The driver drops them after an inter-byte timeout. */
  get pending(): number {
    return this.buf.length;
  }

  push(chunk: Uint8Array): ParseEvent[] {
    const merged = new Uint8Array(this.buf.length + chunk.length);
    merged.set(this.buf, 0);
    merged.set(chunk, this.buf.length);
    this.buf = merged;
    return this.drain();
  }

  /** Gives up on a stalled partial frame: skips its STX and rescans what came after it. */
  dropPartial(): ParseEvent[] {
    if (this.buf.length === 0) return [];
    const events: ParseEvent[] = [];
    this.skip(1, events);
    events.push(...this.drain());
    return events;
  }

  reset(): void {
    this.buf = new Uint8Array(0);
  }

  private skip(n: number, events: ParseEvent[]): void {
    // Merge consecutive garbage reports so a burst of noise is one event.
    const last = events[events.length - 1];
    if (last?.type === 'garbage') last.count += n;
    else events.push({ type: 'garbage', count: n });
    this.buf = this.buf.subarray(n);
  }

  private drain(): ParseEvent[] {
    const events: ParseEvent[] = [];
    for (;;) {
      const buf = this.buf;
      if (buf.length === 0) break;
      if (buf[0] !== STX) {
        let next = buf.indexOf(STX);
        if (next < 0) next = buf.length;
        this.skip(next, events);
        continue;
      }
      if (buf.length < 3) break;
      const len = (buf[1]! << 8) | buf[2]!;
      if (len < 2 || len > MAX_BODY) {
        events.push({ type: 'corrupt', reason: 'length' });
        this.skip(1, events);
        continue;
      }
      const total = len + FRAME_OVERHEAD;
      if (buf.length < total) break;
      if (buf[total - 1] !== ETX) {
        events.push({ type: 'corrupt', reason: 'etx' });
        this.skip(1, events);
        continue;
      }
      const crc = (buf[3 + len]! << 8) | buf[4 + len]!;
      if (crc16(buf, 1, 3 + len) !== crc) {
        events.push({ type: 'corrupt', reason: 'checksum' });
        this.skip(1, events);
        continue;
      }
      events.push({ type: 'frame', frame: { cmd: buf[3]!, seq: buf[4]!, payload: buf.slice(5, 3 + len) } });
      this.buf = buf.subarray(total);
    }
    // Keep a compact copy so a long session does not pin a large old buffer.
    this.buf = this.buf.slice();
    return events;
  }
}
