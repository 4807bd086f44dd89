import { SerialPort } from 'serialport';
import { silentLogger, type NativeLogger } from '../logger.js';
import { ReaderDriver } from './driver.js';

/**
 * UID-only readers (cheap 13.56 MHz readers common in village offices): they cannot read the
 * e-KTP biodata (that needs a Dukcapil SAM) and only give the chip UID as a hex line, the way a
 * keyboard-wedge reader types it, here over a USB-serial port. The core looks the UID up locally
 * or asks for the NIK once. A repeated UID within `debounceMs` is the same tap.
 */
export class UidReaderDriver extends ReaderDriver {
  readonly kind = 'uid';
  private port: SerialPort | null = null;
  private stopped = true;
  private line = '';
  private last: { uid: string; at: number } | null = null;
  private reopenTimer: NodeJS.Timeout | null = null;
  private backoff = 250;
  private readonly log: NativeLogger;
  private readonly debounceMs: number;

  constructor(
    readonly path: string,
    opts: { log?: NativeLogger; baudRate?: number; debounceMs?: number } = {},
  ) {
    super();
    this.log = opts.log ?? silentLogger;
    this.debounceMs = opts.debounceMs ?? 1500;
    this.baudRate = opts.baudRate ?? 9600;
  }
  private readonly baudRate: number;

  async start(): Promise<void> {
    this.stopped = false;
    this.setState('connecting');
    this.open();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reopenTimer) clearTimeout(this.reopenTimer);
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((done) => port.close(() => done()));
    this.setState('disconnected');
  }

  /** Lines typed by a keyboard-wedge reader into the kiosk page can be fed in here too. */
  feed(text: string): void {
    for (const ch of text) {
      if (ch === '\r' || ch === '\n') {
        this.onLine(this.line.trim());
        this.line = '';
      } else if (this.line.length < 64) this.line += ch;
    }
  }

  private onLine(raw: string): void {
    const uid = raw.replace(/[^0-9A-Fa-f]/g, '').toUpperCase();
    if (uid.length < 8 || uid.length > 20 || uid.length % 2 !== 0) {
      if (raw) this.emit('error', { code: 'uid_invalid', message: `not a card UID: ${raw.slice(0, 24)}`, recoverable: true });
      return;
    }
    const now = performance.now();
    if (this.last && this.last.uid === uid && now - this.last.at < this.debounceMs) return;
    this.last = { uid, at: now };
    this.emit('card-present', { uid });
    this.emit('card-uid', { uid });
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
        this.setState('disconnected');
        this.reopenTimer = setTimeout(() => {
          this.reopenTimer = null;
          this.open();
        }, this.backoff);
        this.backoff = Math.min(this.backoff * 2, 5000);
        return;
      }
      this.port = port;
      this.backoff = 250;
      port.on('data', (chunk: Buffer) => this.feed(chunk.toString('latin1')));
      port.on('error', (e: Error) => this.log.warn('uid reader port error', { error: e.message }));
      port.on('close', () => {
        if (this.port !== port) return;
        this.port = null;
        if (this.stopped) return;
        this.setState('disconnected');
        this.emit('disconnected', 'port closed');
        this.open();
      });
      this.setState('connected');
    });
  }
}
