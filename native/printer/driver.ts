import { printerBlocker, type PrinterStatus } from '../../shared/devices/state.js';
import { silentLogger, type NativeLogger } from '../logger.js';
import { openLink, parsePrinterAddress, type PrinterAddress, type PrinterLink } from './link.js';
import { decodeStatus, STATUS_QUERY } from './status.js';

export class PrinterNotReady extends Error {
  constructor(
    readonly reason: 'paper_out' | 'cover_open' | 'offline' | 'error',
    readonly status: PrinterStatus,
  ) {
    super(`printer not ready: ${reason}`);
    this.name = 'PrinterNotReady';
  }
}

export interface PrintOutcome {
  before: PrinterStatus;
  after: PrinterStatus;
  bytes: number;
  ms: number;
}

/**
 * An ESC/POS receipt printer over TCP (raw 9100) or serial. One connection per job: status
 * (DLE EOT) before, the job, status after. A job only counts as delivered when the printer
 * answered the status query that follows it on the same connection and reports no blocker.
 */
export class EscPosPrinter {
  readonly address: PrinterAddress;
  private readonly log: NativeLogger;
  private busy: Promise<unknown> = Promise.resolve();

  constructor(
    readonly uri: string,
    opts: { log?: NativeLogger; connectTimeoutMs?: number; statusTimeoutMs?: number } = {},
  ) {
    this.address = parsePrinterAddress(uri);
    this.log = opts.log ?? silentLogger;
    this.connectTimeoutMs = opts.connectTimeoutMs ?? 2000;
    this.statusTimeoutMs = opts.statusTimeoutMs ?? 1500;
  }
  private readonly connectTimeoutMs: number;
  private readonly statusTimeoutMs: number;

  /** Runs one exchange at a time: a status poll never interleaves with a job's bytes. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.busy.then(fn, fn);
    this.busy = run.catch(() => undefined);
    return run;
  }

  private async withLink<T>(fn: (link: PrinterLink) => Promise<T>): Promise<T> {
    const link = await openLink(this.address, this.connectTimeoutMs);
    try {
      return await fn(link);
    } finally {
      await link.close();
    }
  }

  private async query(link: PrinterLink): Promise<PrinterStatus> {
    await link.write(STATUS_QUERY);
    return decodeStatus(await link.read(3, this.statusTimeoutMs));
  }

  status(): Promise<PrinterStatus> {
    return this.exclusive(() => this.withLink((link) => this.query(link)));
  }

  print(bytes: Uint8Array): Promise<PrintOutcome> {
    return this.exclusive(() =>
      this.withLink(async (link) => {
        const t0 = performance.now();
        const before = await this.query(link);
        const blocked = printerBlocker(before);
        if (blocked) throw new PrinterNotReady(blocked, before);
        await link.write(bytes);
        const after = await this.query(link);
        const late = printerBlocker(after);
        // Paper ran out or the cover opened during the job: the receipt is incomplete.
        if (late) throw new PrinterNotReady(late, after);
        const ms = performance.now() - t0;
        this.log.info('receipt delivered to printer', { uri: this.uri, bytes: bytes.length, ms: Math.round(ms) });
        return { before, after, bytes: bytes.length, ms };
      }),
    );
  }
}
