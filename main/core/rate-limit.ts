/**
 * At most `limit` events in any `windowMs`: a sliding window of timestamps (bounded by `limit`,
 * so it never grows). Used where a caller could probe or flood: status lookups, speech.
 */
export class SlidingWindow {
  private readonly times: number[] = [];

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts one event now and says whether it is allowed. A refused event is not counted. */
  take(now = Date.now()): boolean {
    while (this.times.length > 0 && now - this.times[0]! >= this.windowMs) this.times.shift();
    if (this.times.length >= this.limit) return false;
    this.times.push(now);
    return true;
  }

  /** Milliseconds until the next event would be allowed (0: now). */
  retryAfterMs(now = Date.now()): number {
    if (this.times.length < this.limit) return 0;
    return Math.max(0, this.windowMs - (now - this.times[0]!));
  }
}
