import { realpathSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { SerialPort } from 'serialport';
import { Biodata } from '../../shared/devices/biodata.js';
import { Cmd, encodeFrame, FrameParser, ReaderErrorCode } from '../../shared/devices/reader-frame.js';
import { utf8Encode } from '../../shared/devices/utf8.js';
import { silentLogger, type NativeLogger } from '../logger.js';

export interface SimCard {
  uid: string;
  biodata: Biodata;
}

/** One-shot faults apply to the next READ; `mute` lasts until `unmute`. */
export type ReaderFault = 'remove-mid-read' | 'garbage' | 'bad-checksum' | 'half-frame' | 'mute' | 'unmute';
export const READER_FAULTS: readonly ReaderFault[] = ['remove-mid-read', 'garbage', 'bad-checksum', 'half-frame', 'mute', 'unmute'];

/** Parses a cards file: `[{uid, biodata}]` or `{cards: [...]}`. Throws with the failing path. */
export function parseCardsFile(json: unknown): SimCard[] {
  const list = Array.isArray(json) ? json : (json as { cards?: unknown })?.cards;
  if (!Array.isArray(list)) throw new Error('cards file must be a JSON array or {"cards": [...]}');
  return list.map((c: unknown, i) => {
    const card = c as { uid?: unknown; biodata?: unknown };
    const parsed = Biodata.safeParse(card.biodata);
    if (!parsed.success) throw new Error(`card ${i}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
    const uid = typeof card.uid === 'string' && /^[0-9A-F]{8,20}$/i.test(card.uid) ? card.uid.toUpperCase() : `04${parsed.data.nik.slice(-12)}`;
    return { uid, biodata: parsed.data };
  });
}

/**
 * An e-KTP reader module that speaks the real line protocol on one end of a pty pair. It is what
 * `anjungan sim reader` runs, and what the core starts for the `sim` driver. It reopens its end
 * when the pty comes back, so "unplug and replug" can be scripted by restarting socat.
 */
export class ReaderSimulator {
  private port: SerialPort | null = null;
  private target: string | null = null;
  private readonly parser = new FrameParser();
  private present: SimCard | null = null;
  private oneShot: ReaderFault | null = null;
  private muted = false;
  private watcher: NodeJS.Timeout | null = null;
  private stopped = true;
  private readonly log: NativeLogger;
  private readonly readDelayMs: number;
  /** Frames received, for tests that check what the driver asked. */
  readonly received: { cmd: number; seq: number }[] = [];

  constructor(
    readonly path: string,
    readonly cards: SimCard[],
    opts: { log?: NativeLogger; readDelayMs?: number } = {},
  ) {
    this.log = opts.log ?? silentLogger;
    this.readDelayMs = opts.readDelayMs ?? 30;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.tryOpen();
    // Polls the link: a pty whose socat died gives no event until written to.
    this.watcher = setInterval(() => void this.watch(), 100);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.watcher) clearInterval(this.watcher);
    this.watcher = null;
    await this.closePort();
  }

  get cardPresent(): SimCard | null {
    return this.present;
  }

  /** The scripted faults in force: `mute`, and the one-shot fault the next READ gets. */
  get faults(): { muted: boolean; next: ReaderFault | null } {
    return { muted: this.muted, next: this.oneShot };
  }

  /** Puts a card on the reader: by index into the cards file, or by NIK. */
  insert(ref: number | string): SimCard {
    const card = typeof ref === 'number' ? this.cards[ref] : this.cards.find((c) => c.biodata.nik === ref);
    if (!card) throw new Error(`no simulated card ${String(ref)}`);
    this.present = card;
    this.write(encodeFrame(Cmd.CARD_IN, 0, utf8Encode(card.uid)));
    return card;
  }

  remove(): void {
    if (!this.present) return;
    this.present = null;
    this.write(encodeFrame(Cmd.CARD_OUT, 0));
  }

  fault(kind: ReaderFault): void {
    if (kind === 'mute') this.muted = true;
    else if (kind === 'unmute') this.muted = false;
    else this.oneShot = kind;
  }

  private async watch(): Promise<void> {
    if (this.stopped) return;
    let now: string | null = null;
    try {
      now = realpathSync(this.path);
    } catch {
      now = null;
    }
    if (this.port && now !== this.target) {
      this.log.warn('sim reader: pty gone', { path: this.path });
      await this.closePort();
    }
    if (!this.port && now) await this.tryOpen();
  }

  private async tryOpen(): Promise<void> {
    let target: string;
    try {
      target = realpathSync(this.path);
    } catch {
      return;
    }
    const port = new SerialPort({ path: this.path, baudRate: 115200, autoOpen: false });
    const err = await new Promise<Error | null>((done) => port.open(done));
    if (err || this.stopped) {
      if (!err) port.close();
      return;
    }
    this.port = port;
    this.target = target;
    this.parser.reset();
    port.on('data', (chunk: Buffer) => {
      for (const ev of this.parser.push(chunk)) if (ev.type === 'frame') this.onRequest(ev.frame.cmd, ev.frame.seq);
    });
    port.on('error', () => undefined);
    port.on('close', () => {
      if (this.port === port) this.port = null;
    });
    this.log.info('sim reader: listening', { path: this.path, target });
  }

  private async closePort(): Promise<void> {
    const port = this.port;
    this.port = null;
    this.target = null;
    if (port?.isOpen) await new Promise<void>((done) => port.close(() => done()));
  }

  private write(bytes: Uint8Array): void {
    this.port?.write(Buffer.from(bytes), () => undefined);
  }

  private onRequest(cmd: number, seq: number): void {
    this.received.push({ cmd, seq });
    if (this.muted) return;
    switch (cmd) {
      case Cmd.PING:
        this.write(encodeFrame(Cmd.PONG, seq, utf8Encode('ANJ-EKTP/1 sim')));
        return;
      case Cmd.STATUS:
        this.write(encodeFrame(Cmd.STATUS_RESP, seq, Uint8Array.from([this.present ? 1 : 0, ...utf8Encode(this.present?.uid ?? '')])));
        return;
      case Cmd.READ:
        setTimeout(() => this.answerRead(seq), this.readDelayMs);
        return;
      default:
        this.write(encodeFrame(Cmd.ERROR, seq, Uint8Array.from([ReaderErrorCode.UNKNOWN_COMMAND, ...utf8Encode('unknown command')])));
    }
  }

  private answerRead(seq: number): void {
    if (this.muted) return;
    const card = this.present;
    if (!card) {
      this.write(encodeFrame(Cmd.ERROR, seq, Uint8Array.from([ReaderErrorCode.NO_CARD, ...utf8Encode('no card on the reader')])));
      return;
    }
    const frame = encodeFrame(Cmd.BIODATA, seq, utf8Encode(JSON.stringify(card.biodata)));
    const fault = this.oneShot;
    this.oneShot = null;
    switch (fault) {
      case 'garbage': {
        // Noise as a loose cable gives it, STX bytes included so the parser has to resync.
        const noise = randomBytes(48);
        noise[5] = 0x02;
        noise[20] = 0x02;
        this.write(noise);
        this.write(frame);
        return;
      }
      case 'bad-checksum': {
        const bad = frame.slice();
        bad[bad.length - 2]! ^= 0xff;
        this.write(bad);
        return;
      }
      case 'half-frame':
        this.write(frame.subarray(0, Math.floor(frame.length / 2)));
        return;
      case 'remove-mid-read':
        this.write(frame.subarray(0, Math.floor(frame.length / 3)));
        this.present = null;
        this.write(encodeFrame(Cmd.ERROR, seq, Uint8Array.from([ReaderErrorCode.CARD_REMOVED, ...utf8Encode('card removed during read')])));
        this.write(encodeFrame(Cmd.CARD_OUT, 0));
        return;
      default:
        this.write(frame);
    }
  }
}

