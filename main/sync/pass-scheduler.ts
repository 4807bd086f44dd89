/**
 * When the sync engine runs a pass: one at a time, debounced on new data, on a timer, after a
 * failure with the delay the engine names, and soon again while a relay holds batches waiting
 * for the hub's ack. It knows nothing of what a pass does. Its timers are injectable (a test
 * runs 14 days of an offline post on a virtual clock).
 */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Node's timers, unref'd: a pending pass never keeps the process alive. */
export const REAL_TIMERS: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export class PassScheduler<T> {
  private running: Promise<T> | null = null;
  private rerun = false;
  private debounce: unknown = null;
  private retryTimer: unknown = null;
  private interval: unknown = null;
  private stopped = true;
  private readonly t: Timers;

  constructor(
    private readonly o: {
      pass: () => Promise<T>;
      /** A pass failed: record it and answer how long to wait before the next. */
      failed: (err: unknown) => number;
      /** After a good pass: ms until the next is due anyway (a relay holds batches), or null. */
      pollAfter: () => number | null;
      debounceMs: number;
      intervalMs: number;
      timers?: Timers;
    },
  ) {
    this.t = o.timers ?? REAL_TIMERS;
  }

  /** A pass now, on trigger (debounced), every intervalMs, and after backoff. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = (): void => {
      this.interval = this.t.setTimeout(() => {
        this.trigger();
        if (!this.stopped) tick();
      }, this.o.intervalMs);
    };
    tick();
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
    this.debounce = this.t.setTimeout(() => {
      this.debounce = null;
      void this.kick();
    }, delayMs);
  }

  /** Runs a pass now, waiting for one in progress first. */
  async now(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
    await this.kick();
  }

  private async kick(): Promise<void> {
    if (this.running) return;
    if (this.retryTimer) {
      this.t.clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    this.running = this.o.pass();
    try {
      await this.running;
    } catch (err) {
      const delay = this.o.failed(err);
      if (!this.stopped) {
        this.retryTimer = this.t.setTimeout(() => {
          this.retryTimer = null;
          void this.kick();
        }, delay);
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
    for (const t of [this.debounce, this.retryTimer, this.interval]) if (t) this.t.clearTimeout(t);
    this.debounce = this.retryTimer = this.interval = null;
    await this.running?.catch(() => undefined);
  }
}
