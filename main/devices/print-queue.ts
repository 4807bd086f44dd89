import { randomUUID } from 'node:crypto';
import type { PrintJob } from '../../shared/api/calls/devices.js';
import { buildReceipt, type PaperColumns, type ReceiptData } from '../../shared/devices/receipt.js';
import { receiptBytes } from '../../native/printer/escpos.js';
import { PrinterNotReady, type EscPosPrinter } from '../../native/printer/driver.js';
import type { PrintJobQueries, PrintSubject } from '../db/queries/print-jobs.js';
import { storageProblem } from '../db/storage-problem.js';
import type { Logger } from '../log.js';

export interface PrintQueueOptions {
  jobs: PrintJobQueries;
  printer: EscPosPrinter | null;
  columns: PaperColumns;
  log: Logger;
  now: () => Date;
  onJob: (job: PrintJob) => void;
  /** The printer's state after each attempt (for the device panel). */
  onPrinterResult: (result: { ok: true } | { ok: false; reason: string; notReady: boolean }) => void;
  /** Wait before retrying after a lost connection. */
  retryMs?: number;
  /** Transport failures before a job is parked as failed (reprint brings it back). */
  maxAttempts?: number;
}

const strip = ({ receipt: _r, ...job }: PrintJob & { receipt?: unknown }): PrintJob => job;

/**
 * The persisted receipt queue. A submission is stored before its receipt is queued, and a
 * receipt is only marked printed after the printer confirmed it, so a failure never loses data
 * and a retry never marks a receipt printed twice. One job prints at a time, oldest first.
 */
export class PrintQueue {
  private running: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private again = false;
  /** Set while the printer reported a blocker (paper_out, cover_open…); cleared by a good status poll. */
  private blocked: string | null = null;

  private printer: EscPosPrinter | null;
  /** A job the printer confirmed whose 'printed' the store could not take yet (full disk). */
  private unmarked: string | null = null;

  constructor(private readonly o: PrintQueueOptions) {
    this.printer = o.printer;
    const n = o.jobs.recoverInterrupted(o.now().toISOString());
    if (n > 0) o.log.warn('requeued receipts interrupted by a stop', { jobs: n });
  }

  enqueue(subject: string | PrintSubject, receipt: ReceiptData): PrintJob {
    const id = randomUUID();
    const at = this.o.now().toISOString();
    this.o.jobs.insert(id, typeof subject === 'string' ? { submissionId: subject } : subject, receipt, at);
    // Say at once why it waits, so the resident and the desk see the reason without an attempt.
    if (this.blocked) this.o.jobs.noteWaiting(id, `printer not ready: ${this.blocked}`, at);
    const job = strip(this.o.jobs.get(id)!);
    this.o.onJob(job);
    void this.kick();
    return job;
  }

  /** Reprint: a new job with the latest receipt of that submission. */
  reprint(submissionId: string): PrintJob | undefined {
    const last = this.o.jobs.forSubmission(submissionId)[0];
    if (!last) return undefined;
    return this.enqueue(submissionId, last.receipt);
  }

  list(limit: number): PrintJob[] {
    return this.o.jobs.recent(limit).map(strip);
  }

  /** The printer is known only once a simulator has bound its port. */
  attach(printer: EscPosPrinter): void {
    this.printer = printer;
  }

  /** The printer said it is ready (status poll): print what waits. */
  printerReady(): void {
    this.blocked = null;
    void this.kick();
  }

  printerBlocked(reason: string): void {
    this.blocked = reason;
  }

  /** Starts draining unless a drain is running; resolves when this drain ends. */
  kick(): Promise<void> {
    if (this.closed || !this.printer) return Promise.resolve();
    if (this.running) {
      // A job queued while a drain is finishing must not be missed: drain once more after it.
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        void this.kick();
      }
    });
    return this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.running;
  }

  /**
   * A drain that meets a full disk or an unwritable store stops and tries again later: the job
   * stays where the store has it (a receipt printed but not yet noted is noted first, so it is
   * not printed again), and nothing escapes as an unhandled rejection.
   */
  private async drain(): Promise<void> {
    try {
      await this.drainJobs();
    } catch (err) {
      const storage = storageProblem(err);
      if (!storage) throw err;
      this.o.log.warn('receipts wait: the store cannot be written', { problem: storage, error: err instanceof Error ? err.message : String(err) });
      this.scheduleRetry();
    }
  }

  private async drainJobs(): Promise<void> {
    const printer = this.printer!;
    const at = () => this.o.now().toISOString();
    if (this.unmarked) {
      if (this.o.jobs.markPrinted(this.unmarked, at())) this.o.onJob(strip(this.o.jobs.get(this.unmarked)!));
      this.unmarked = null;
    }
    while (!this.closed && !this.blocked) {
      const job = this.o.jobs.next();
      if (!job) return;
      if (!this.o.jobs.markPrinting(job.id, at())) continue;
      this.o.onJob(strip(this.o.jobs.get(job.id)!));
      try {
        await printer.print(receiptBytes(buildReceipt(job.receipt, this.o.columns), this.o.columns));
      } catch (err) {
        const notReady = err instanceof PrinterNotReady;
        const reason = notReady ? `printer not ready: ${err.reason}` : `printer connection failed: ${err instanceof Error ? err.message : String(err)}`;
        const attempts = job.attempts + 1;
        if (!notReady && attempts >= (this.o.maxAttempts ?? 20)) this.o.jobs.markFailed(job.id, reason, at());
        else this.o.jobs.backToQueue(job.id, reason, at());
        this.o.log.warn('receipt not printed; kept in the queue', { job: job.id, reason, attempts });
        this.o.onPrinterResult({ ok: false, reason: notReady ? err.reason : 'disconnected', notReady });
        this.o.onJob(strip(this.o.jobs.get(job.id)!));
        if (notReady) this.blocked = err.reason;
        else this.scheduleRetry();
        return;
      }
      // Printed: if the store cannot note it now, it is noted on the next drain, not printed again.
      this.unmarked = job.id;
      this.o.jobs.markPrinted(job.id, at());
      this.unmarked = null;
      this.o.onPrinterResult({ ok: true });
      this.o.log.info('receipt printed', { job: job.id, submission: job.submissionId, attempt: job.attempts + 1 });
      this.o.onJob(strip(this.o.jobs.get(job.id)!));
    }
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.kick();
    }, this.o.retryMs ?? 3000);
  }
}
