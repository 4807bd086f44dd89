/**
 * When the sync engine runs a pass: one at a time, debounced on new data, on a timer, after a
 * failure with the delay the engine names, and soon again while a relay holds batches waiting
 * for the hub's ack. It knows nothing of what a pass does.
 */
export class PassScheduler<T> {
  private running: Promise<T> | null = null;
  private rerun = false;
  private debounce: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private interval: NodeJS.Timeout | null = null;
  private stopped = true;

  constructor(
    private readonly o: {
      pass: () => Promise<T>;
      /** A pass failed: record it and answer how long to wait before the next. */
      failed: (err: unknown) => number;
      /** After a good pass: ms until the next is due anyway (a relay holds batches), or null. */
      pollAfter: () => number | null;
      debounceMs: number;
      intervalMs: number;
    },
  ) {}

  /** A pass now, on trigger (debounced), every intervalMs, and after backoff. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.interval = setInterval(() => this.trigger(), this.o.intervalMs);
    this.interval.unref();
    this.trigger(0);
  }

  /** New data or an operator's "send now": a pass after the debounce (one pass at a time). */
  trigger(delayMs = this.o.debounceMs): void {
    if (this.stopped) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    if (this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = null;
      void this.kick();
    }, delayMs);
    this.debounce.unref();
  }

  /** Runs a pass now, waiting for one in progress first. */
  async now(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
    await this.kick();
  }

  private async kick(): Promise<void> {
    if (this.running) return;
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    this.running = this.o.pass();
    try {
      await this.running;
    } catch (err) {
      const delay = this.o.failed(err);
      if (!this.stopped) {
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          void this.kick();
        }, delay);
        this.retryTimer.unref();
      }
    } finally {
      this.running = null;
    }
    if (this.rerun && !this.stopped) {
      this.rerun = false;
      this.trigger(0);
    } else if (!this.stopped && !this.retryTimer) {
      const poll = this.o.pollAfter();
      if (poll !== null) this.trigger(poll);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of [this.debounce, this.retryTimer]) if (t) clearTimeout(t);
    if (this.interval) clearInterval(this.interval);
    this.debounce = this.retryTimer = this.interval = null;
    await this.running?.catch(() => undefined);
  }
}
