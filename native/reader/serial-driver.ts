import { SerialPort } from 'serialport';
import { Biodata } from '../../shared/devices/biodata.js';
import { Cmd, encodeFrame, FrameParser, READER_ERROR_NAMES, type Frame, type ParseEvent } from '../../shared/devices/reader-frame.js';
import { utf8Decode } from '../../shared/devices/utf8.js';
import { silentLogger, type NativeLogger } from '../logger.js';
import { ReaderDriver } from './driver.js';

/** Timeouts in ms; the defaults are the ones PROTOCOL.md documents. Tests shorten them. */
export interface SerialReaderTimings {
  /** PING / STATUS answer. */
  response: number;
  /** READ answer: chip read incl. SAM authentication and photo. */
  read: number;
  /** Silence inside a frame after which the partial frame is dropped. */
  interByte: number;
  /** STATUS poll period while idle (also how an unplugged pty is noticed: the write fails). */
  heartbeat: number;
  /** Unanswered polls before the reader is reported not responding. */
  missedBeats: number;
  backoffMin: number;
  backoffMax: number;
  /** Extra READ attempts after a timeout or a corrupt answer. */
  readRetries: number;
}

export const DEFAULT_READER_TIMINGS: SerialReaderTimings = {
  response: 500,
  read: 3000,
  interByte: 200,
  heartbeat: 1000,
  missedBeats: 3,
  backoffMin: 250,
  backoffMax: 5000,
  readRetries: 2,
};

class ReaderTimeout extends Error {}
class FrameCorrupt extends Error {}
class PortClosed extends Error {}

interface Pending {
  expect: number;
  resolve: (f: Frame) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * The main e-KTP driver: the framed line protocol over a serial port (a vendor SDK bridge or a
 * reader module). Recovers by itself: reopens the port with backoff, times out stalled reads,
 * drops half frames, resynchronises after noise, retries a read whose answer was corrupt.
 */
export class SerialReaderDriver extends ReaderDriver {
  readonly kind = 'serial';
  private port: SerialPort | null = null;
  private readonly parser = new FrameParser();
  private readonly pending = new Map<number, Pending>();
  private readonly t: SerialReaderTimings;
  private readonly log: NativeLogger;
  private seq = 0;
  private stopped = true;
  private backoff: number;
  private missed = 0;
  private cardPresent = false;
  private cardUid: string | undefined;
  private reading = false;
  private openFailures = 0;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private interByteTimer: NodeJS.Timeout | null = null;
  private reopenTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly path: string,
    opts: { baudRate?: number; log?: NativeLogger; timings?: Partial<SerialReaderTimings> } = {},
  ) {
    super();
    this.baudRate = opts.baudRate ?? 115200;
    this.log = opts.log ?? silentLogger;
    this.t = { ...DEFAULT_READER_TIMINGS, ...opts.timings };
    this.backoff = this.t.backoffMin;
  }
  private readonly baudRate: number;

  async start(): Promise<void> {
    this.stopped = false;
    this.setState('connecting');
    this.open();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of [this.heartbeatTimer, this.interByteTimer, this.reopenTimer]) if (timer) clearTimeout(timer);
    this.heartbeatTimer = this.interByteTimer = this.reopenTimer = null;
    this.failPending(new PortClosed('driver stopped'));
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((done) => port.close(() => done()));
    this.setState('disconnected');
  }

  /** Ask the reader to read the card now (the core's "baca ulang" button). */
  async readNow(): Promise<void> {
    await this.readCard();
  }

  private open(): void {
    if (this.stopped) return;
    const port = new SerialPort({ path: this.path, baudRate: this.baudRate, autoOpen: false });
    port.open((err) => {
      if (this.stopped) {
        if (!err) port.close();
        return;
      }
      if (err) {
        // Report the first failure of an outage, not every retry.
        if (this.openFailures++ === 0) {
          this.log.warn('reader port open failed; retrying with backoff', { path: this.path, error: err.message });
          this.emit('error', { code: 'port_open_failed', message: `cannot open ${this.path}: ${err.message}`, recoverable: true });
        }
        this.setState('disconnected');
        this.scheduleReopen();
        return;
      }
      this.port = port;
      this.openFailures = 0;
      this.parser.reset();
      port.on('data', (chunk: Buffer) => this.onData(chunk));
      port.on('error', (e: Error) => this.log.warn('reader port error', { path: this.path, error: e.message }));
      port.on('close', () => this.onClose(port));
      this.log.info('reader port open', { path: this.path });
      void this.handshake();
    });
  }

  private scheduleReopen(): void {
    if (this.stopped || this.reopenTimer) return;
    const wait = this.backoff;
    this.backoff = Math.min(this.backoff * 2, this.t.backoffMax);
    this.reopenTimer = setTimeout(() => {
      this.reopenTimer = null;
      this.open();
    }, wait);
  }

  private onClose(port: SerialPort): void {
    if (this.port !== port) return;
    this.port = null;
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = null;
    this.failPending(new PortClosed('port closed'));
    if (this.stopped) return;
    this.log.warn('reader port closed (cable pulled or bridge stopped); will reopen', { path: this.path });
    if (this.cardPresent) {
      this.cardPresent = false;
      this.emit('card-removed');
    }
    this.setState('disconnected');
    this.emit('disconnected', 'port closed');
    this.emit('error', { code: 'port_closed', message: `reader port ${this.path} closed`, recoverable: true });
    this.scheduleReopen();
  }

  private async handshake(): Promise<void> {
    try {
      const pong = await this.send(Cmd.PING, Cmd.PONG, this.t.response);
      this.backoff = this.t.backoffMin;
      this.missed = 0;
      this.log.info('reader connected', { path: this.path, firmware: utf8Decode(pong.payload) });
      this.setState('connected');
    } catch (err) {
      if (err instanceof PortClosed) return;
      this.log.warn('reader does not answer PING', { path: this.path });
      this.setState('not_responding');
      this.emit('error', { code: 'reader_not_responding', message: 'reader does not answer PING', recoverable: true });
    }
    this.scheduleHeartbeat(0);
  }

  private scheduleHeartbeat(delay = this.t.heartbeat): void {
    if (this.stopped || !this.port) return;
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = setTimeout(() => void this.heartbeat(), delay);
  }

  private async heartbeat(): Promise<void> {
    this.heartbeatTimer = null;
    if (this.stopped || !this.port) return;
    if (!this.reading) {
      try {
        const st = await this.send(Cmd.STATUS, Cmd.STATUS_RESP, this.t.response);
        this.missed = 0;
        if (this.current === 'not_responding' || this.current === 'connecting' || this.current === 'disconnected') {
          this.log.info('reader answers again', { path: this.path });
          this.setState('connected');
        }
        const present = st.payload[0] === 1;
        const uid = utf8Decode(st.payload.subarray(1)) || undefined;
        // A CARD_IN/OUT event may have been lost to noise: the poll is the source of truth.
        if (present && !this.cardPresent) this.onCardIn(uid);
        else if (!present && this.cardPresent) this.onCardOut();
      } catch (err) {
        if (err instanceof PortClosed) return;
        if (err instanceof ReaderTimeout && ++this.missed === this.t.missedBeats) {
          this.log.warn('reader stopped answering', { path: this.path, missed: this.missed });
          this.setState('not_responding');
          this.emit('error', { code: 'reader_not_responding', message: `no answer to ${this.missed} status polls`, recoverable: true });
        }
      }
    }
    this.scheduleHeartbeat();
  }

  private onCardIn(uid: string | undefined): void {
    this.cardPresent = true;
    this.cardUid = uid;
    this.emit('card-present', uid ? { uid } : {});
    void this.readCard();
  }

  private onCardOut(): void {
    this.cardPresent = false;
    this.cardUid = undefined;
    this.emit('card-removed');
  }

  private async readCard(): Promise<void> {
    if (this.reading || !this.port) return;
    this.reading = true;
    this.setState('reading');
    try {
      for (let attempt = 0; attempt <= this.t.readRetries; attempt++) {
        const last = attempt === this.t.readRetries;
        try {
          const f = await this.send(Cmd.READ, Cmd.BIODATA, this.t.read);
          if (f.cmd === Cmd.ERROR) {
            const code = READER_ERROR_NAMES[f.payload[0] ?? 0] ?? 'reader_error';
            const message = utf8Decode(f.payload.subarray(1)) || code;
            const retry = (code === 'sam_error' || code === 'card_unreadable' || code === 'busy') && !last;
            this.log.warn('reader reported an error', { code, message, attempt });
            this.emit('error', { code, message, recoverable: retry });
            if (retry) continue;
            return;
          }
          const at = performance.now();
          const parsed = Biodata.safeParse(safeJson(utf8Decode(f.payload)));
          if (!parsed.success) {
            this.log.error('reader sent biodata that does not match the schema', { issues: parsed.error.issues.length });
            this.emit('error', { code: 'biodata_invalid', message: 'biodata from the reader is incomplete or malformed', recoverable: false });
            return;
          }
          this.emit('card-read', { biodata: parsed.data, source: 'serial', at, ...(this.cardUid ? { uid: this.cardUid } : {}) });
          return;
        } catch (err) {
          if (err instanceof PortClosed) return;
          const code = err instanceof FrameCorrupt ? 'bad_checksum' : 'read_timeout';
          const message = err instanceof FrameCorrupt ? 'answer to READ failed its checksum' : `no complete answer to READ within ${this.t.read} ms`;
          this.log.warn('card read failed', { code, attempt, willRetry: !last });
          this.emit('error', { code, message, recoverable: !last });
        }
      }
    } finally {
      this.reading = false;
      if (this.port && this.current === 'reading') this.setState('connected');
    }
  }

  private send(cmd: number, expect: number, timeoutMs: number): Promise<Frame> {
    const port = this.port;
    if (!port) return Promise.reject(new PortClosed('port not open'));
    this.seq = (this.seq % 255) + 1; // 1..255; 0 is reserved for unsolicited events
    const seq = this.seq;
    return new Promise<Frame>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(seq);
        reject(new ReaderTimeout(`timeout waiting for 0x${expect.toString(16)}`));
      }, timeoutMs);
      this.pending.set(seq, { expect, resolve, reject, timer });
      port.write(Buffer.from(encodeFrame(cmd, seq)), (err) => {
        // A write to a pty whose other side is gone fails with EIO; serialport then closes the port.
        if (err) this.log.warn('reader write failed', { error: err.message });
      });
    });
  }

  private failPending(err: Error): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
  }

  private onData(chunk: Buffer): void {
    this.handleEvents(this.parser.push(chunk));
    this.armInterByte();
  }

  /** While a partial frame waits, silence longer than interByte means it will never complete. */
  private armInterByte(): void {
    if (this.interByteTimer) clearTimeout(this.interByteTimer);
    this.interByteTimer = null;
    if (this.parser.pending === 0 || this.stopped) return;
    this.interByteTimer = setTimeout(() => {
      this.interByteTimer = null;
      this.log.warn('dropping a stalled partial frame', { bytes: this.parser.pending });
      this.handleEvents(this.parser.dropPartial());
      this.armInterByte();
    }, this.t.interByte);
  }

  private handleEvents(events: ParseEvent[]): void {
    for (const ev of events) {
      if (ev.type === 'garbage') {
        this.log.warn('skipped bytes that are not a frame', { count: ev.count });
        this.emit('error', { code: 'line_noise', message: `skipped ${ev.count} stray bytes`, recoverable: true });
      } else if (ev.type === 'corrupt') {
        this.log.warn('corrupt frame', { reason: ev.reason });
        if (ev.reason === 'checksum' && this.reading) {
          // Resend READ now instead of waiting for the timeout.
          for (const [seq, p] of this.pending) {
            if (p.expect !== Cmd.BIODATA) continue;
            clearTimeout(p.timer);
            this.pending.delete(seq);
            p.reject(new FrameCorrupt('checksum'));
          }
        }
      } else this.onFrame(ev.frame);
    }
  }

  private onFrame(f: Frame): void {
    if (f.seq === 0) {
      if (f.cmd === Cmd.CARD_IN) this.onCardIn(utf8Decode(f.payload) || undefined);
      else if (f.cmd === Cmd.CARD_OUT) this.onCardOut();
      return;
    }
    const p = this.pending.get(f.seq);
    if (!p || (f.cmd !== p.expect && f.cmd !== Cmd.ERROR)) return; // a late answer to a timed-out request
    clearTimeout(p.timer);
    this.pending.delete(f.seq);
    p.resolve(f);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
