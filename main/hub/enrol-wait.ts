/**
 * Enrolments in flight, by device id (issue 12 §4). A fresh kiosk sends its first batch beside
 * its enrolment instead of after the answer, on its second connection: the batch's request may
 * reach the hub (or a relay) while the enrolment is still being committed, or a moment before
 * it. Such a request says so (header HEADERS.beside, set by the kiosk's client while its
 * enrolment is on its way); only then does a device not known yet wait here, without reading
 * its body, until an enrolment of that id settles (or a short grace passes), and then the
 * device is looked up again: the store decides, as before. Any other request of an unknown
 * device (an old kiosk's, a revoked one's, one without a device id) is answered at once.
 * Nothing of a device not enrolled is read, staged or accepted; the wait is only a wake-up, so
 * a hub process that did not see the enrolment (another process on the same database) still
 * answers right after the grace.
 */
import type { IncomingMessage } from 'node:http';
import { HEADERS } from '../../shared/sync/protocol.js';
import { header } from './http.js';

/** The request says it was sent beside its device's enrolment (and so may wait for it). */
export function besideEnrolment(req: IncomingMessage): boolean {
  return header(req, HEADERS.beside) === '1';
}

/** How long a request of an unknown device waits for an enrolment of it to begin and settle. */
export const ENROL_GRACE_MS = 3000;
/** How long it waits for an enrolment in flight (a relay's goes up to the hub and back). */
export const ENROL_IN_FLIGHT_MS = 15_000;
/** Requests waiting at once, at most; beyond, an unknown device is refused at once, as before. */
const MAX_WAITING = 256;

export class EnrolmentsInFlight {
  private readonly inFlight = new Map<string, number>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private waiting = 0;

  constructor(
    private readonly graceMs = ENROL_GRACE_MS,
    private readonly inFlightMs = ENROL_IN_FLIGHT_MS,
  ) {}

  /** An enrolment of `id` begins; call the answer when it has settled (committed or refused). */
  begin(id: string): () => void {
    this.inFlight.set(id, (this.inFlight.get(id) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const n = (this.inFlight.get(id) ?? 1) - 1;
      if (n > 0) this.inFlight.set(id, n);
      else this.inFlight.delete(id);
      const w = this.waiters.get(id);
      this.waiters.delete(id);
      for (const wake of w ?? []) wake();
    };
  }

  /** True while an enrolment of `id` is being decided. */
  pending(id: string): boolean {
    return this.inFlight.has(id);
  }

  /**
   * Resolves when an enrolment of `id` settles: one in flight now, or one that begins within
   * the grace. Resolves after the grace when none began, after the longer bound when one in
   * flight does not settle, and at once when too many requests wait already.
   */
  settled(id: string): Promise<void> {
    if (this.waiting >= MAX_WAITING) return Promise.resolve();
    this.waiting++;
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout;
      const wake = (): void => {
        clearTimeout(timer);
        this.waiting--;
        const set = this.waiters.get(id);
        set?.delete(wake);
        if (set?.size === 0) this.waiters.delete(id);
        resolve();
      };
      const arm = (ms: number): void => {
        timer = setTimeout(() => {
          // The grace ran out while an enrolment began: wait for that one (bounded) instead.
          if (ms === this.graceMs && this.pending(id) && this.inFlightMs > this.graceMs) return arm(this.inFlightMs - this.graceMs);
          wake();
        }, ms);
        timer.unref?.();
      };
      let waiting = this.waiters.get(id);
      if (!waiting) this.waiters.set(id, (waiting = new Set()));
      waiting.add(wake);
      arm(this.pending(id) ? this.inFlightMs : this.graceMs);
    });
  }
}

/**
 * Looks a device up; when it is not known and the request was sent `beside` its enrolment,
 * waits for an enrolment of it in flight (or about to begin) to settle and looks it up once
 * more. The lookup alone decides; without a device id or `beside` it never waits.
 */
export async function knownOrAwaited<T>(
  enrolments: EnrolmentsInFlight,
  id: string,
  beside: boolean,
  lookup: () => T | null | Promise<T | null>,
): Promise<T | null> {
  const first = await lookup();
  if (first || !id || !beside) return first;
  await enrolments.settled(id);
  return lookup();
}
