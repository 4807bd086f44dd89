import type { Timers } from '../../../main/sync/pass-scheduler.js';

/**
 * A virtual clock for the sync engine's scheduler (SyncEngineOptions.timers and .now): days pass
 * in seconds. `runUntil` fires the due timers in order, and between two of them waits (in real
 * time) until no pass is in flight, so the real I/O a pass does (a refused connection, SQLite)
 * finishes before the clock moves on.
 */
export class VirtualClock implements Timers {
  t: number;
  private seq = 0;
  private readonly q = new Map<number, { at: number; seq: number; fn: () => void }>();

  constructor(start: Date) {
    this.t = start.getTime();
  }

  now = (): Date => new Date(this.t);

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.q.set(id, { at: this.t + Math.max(0, ms), seq: id, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.q.delete(handle as number);
  }

  /** Fires every timer due up to `end` (ms since 1970), waiting for `busy()` to clear between them. */
  async runUntil(end: number, busy: () => boolean): Promise<void> {
    for (;;) {
      await settle(busy);
      let next: [number, { at: number; seq: number; fn: () => void }] | null = null;
      for (const e of this.q) if (!next || e[1].at < next[1].at || (e[1].at === next[1].at && e[1].seq < next[1].seq)) next = e;
      if (!next || next[1].at > end) {
        this.t = end;
        return;
      }
      this.q.delete(next[0]);
      this.t = next[1].at;
      next[1].fn();
    }
  }
}

async function settle(busy: () => boolean): Promise<void> {
  do await new Promise((r) => setImmediate(r));
  while (busy());
}
