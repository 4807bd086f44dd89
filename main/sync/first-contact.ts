import type { Logger } from '../log.js';
import type { OpenBatch } from '../db/queries/sync.js';
import type { HubClient } from './client.js';
import type { Effort } from './codec.js';
import type { SyncEngineOptions } from './engine-types.js';
import { sleep } from './engine-retry.js';
import type { KioskSyncDb } from './kiosk-db.js';
import { chooseEffort, effortFor, linkProfile } from './link-profile.js';

/** No enrolment answer by then: not a LAN (a LAN answers in a few ms; a loaded machine's in a few tens). */
const PREBUILD_AFTER_MS = 100;
/**
 * No enrolment answer by then: the first batch starts building, and is dropped (its compression
 * stopped) if the answer still comes within PREBUILD_AFTER_MS. A loopback or LAN hub answers a
 * fresh enrolment well within it on an idle machine; a link with a real round trip cannot.
 */
const PREBUILD_START_MS = 20;
/**
 * The effort after an answer within PREBUILD_AFTER_MS: a LAN, or a WAN whose round trip is under
 * 100 ms. zstd-3 against zstd-19 for 500 typical submissions: +18 KB for 0.3-0.6 s less CPU, the
 * better deal above ≈60 kB/s; the first upload's bytes/s decides the next pass. Not the measured
 * round trip: a loopback hub measured as a WAN (the build held the event loop, a loaded machine)
 * had its 2,000 submissions built at zstd-19, seconds of CPU.
 */
const STOPPED_EFFORT: Effort = 'fast';
/**
 * The first batch's effort on a link known only to be slow: it goes up as soon as it is built,
 * so its compression is on the way. zstd-17 against zstd-19 for 500 typical submissions: +1.8 KB
 * (0.23 s at 8 kB/s, 0.06 s at 32 kB/s) for 0.12-0.6 s less CPU (an idle machine, a shared one).
 */
const PREBUILD_EFFORT: Effort = 'zstd-17';

export interface FirstContact {
  hub: HubClient;
  k: KioskSyncDb;
  up: string;
  log: Logger;
  o: Pick<SyncEngineOptions, 'effort' | 'enrolmentCode' | 'label'>;
  /** Builds (and keeps) the next batch at an effort; aborted by `signal`, it stops and keeps nothing. */
  build: (effort: Effort, signal?: AbortSignal) => Promise<OpenBatch | null>;
}

/** Enrols this device at the link's hub unless it is already; answers the requests made. */
export async function ensureEnrolled(c: Pick<FirstContact, 'hub' | 'k' | 'up' | 'log' | 'o'>): Promise<number> {
  if (c.k.sync.getState<boolean>(`enrolled:${c.up}`)) return 0;
  const keys = await c.hub.enrol(c.o.enrolmentCode ?? null, c.o.label ?? null);
  // The hub's keys, learned once: signed documents are checked against the first, USB sticks sealed to the second.
  c.k.sync.setState(`hub-keys:${c.up}`, keys);
  c.k.sync.setState(`enrolled:${c.up}`, true);
  c.log.info('enrolled at hub', { upstream: c.up, deviceId: c.k.deviceId });
  return 1;
}

/**
 * The pass's start: enrolment on first contact, then the compression effort. A fresh device
 * learns its link from the enrolment itself: no answer within PREBUILD_AFTER_MS means a slow
 * link, and the first batch is built (at PREBUILD_EFFORT, kept as an open batch) while the
 * enrolment is still on its way instead of after it. That build starts after PREBUILD_START_MS
 * already, and an answer by PREBUILD_AFTER_MS stops it (nothing kept) unless it is done; the
 * pass then builds at STOPPED_EFFORT, whatever round trip the enrolment measured (the build's
 * reading of the store may have held that answer back). With `sendEarly` that batch goes up at
 * once, beside the enrolment, on the client's second connection (issue 12 §4). It says so (the
 * client sets HEADERS.beside while its enrolment is on its way), and so the hub lets it wait for
 * the enrolment to settle before it reads a byte (main/hub/enrol-wait.ts); the sender applies
 * its ack only once the enrolment answered (the hub's key comes with it).
 * `prebuilt` names that batch, `early` its upload (settled before this returns an error).
 */
export async function enrolAndChooseEffort(
  c: FirstContact & { sendEarly?: ((b: OpenBatch, enrolled: Promise<number>) => Promise<void>) | null },
): Promise<{ effort: Effort; requests: number; prebuilt: string | null; early: Promise<void> | null }> {
  const fresh = !c.k.sync.getState<boolean>(`enrolled:${c.up}`);
  const enrolling = ensureEnrolled(c); // its request takes the first connection now
  // The connection the first batch may go up on, opened beside the enrolment's, not after it.
  if (fresh && c.sendEarly && c.k.sync.backlog() > 0) c.hub.preconnect();
  enrolling.catch(() => undefined); // awaited below; not unhandled while the build runs
  let prebuilt: OpenBatch | null = null;
  // The first build stopped by an answer within PREBUILD_AFTER_MS.
  let stopped = false;
  if (fresh && (c.o.effort ?? 'auto') === 'auto' && !effortFor(linkProfile(c.k.sync, c.up)) && c.k.sync.backlog() > 0) {
    const t0 = performance.now();
    const answered = (): Promise<boolean> => enrolling.then(() => true, () => true);
    if (!(await Promise.race([answered(), sleep(PREBUILD_START_MS).then(() => false)]))) {
      const stop = new AbortController();
      const building = c.build(PREBUILD_EFFORT, stop.signal);
      const settled = building.then(() => false, () => false);
      const lan = await Promise.race([answered(), settled, sleep(PREBUILD_AFTER_MS - (performance.now() - t0)).then(() => false)]);
      if (lan) {
        stop.abort(new Error('the enrolment answered like a LAN: the pass builds at zstd-3'));
        stopped = true;
      }
      try {
        prebuilt = await building;
      } catch (err) {
        if (!stop.signal.aborted) {
          await enrolling; // a refused enrolment is the pass's error; else the build's (e.g. the disk)
          throw err;
        }
      }
    }
  }
  const early = prebuilt && c.sendEarly ? c.sendEarly(prebuilt, enrolling) : null;
  early?.catch(() => undefined); // awaited by the pass, or below when the enrolment fails
  try {
    const requests = await enrolling;
    if (stopped) return { effort: STOPPED_EFFORT, requests, prebuilt: prebuilt?.batch_id ?? null, early };
    const chosen = await chooseEffort(c.o.effort ?? 'auto', c.k.sync, c.up, c.k.sync.backlog(), () => c.hub.hello());
    return { effort: chosen.effort, requests: requests + chosen.requests, prebuilt: prebuilt?.batch_id ?? null, early };
  } catch (err) {
    // A refused enrolment: the hub read nothing of the batch; it stays built, for a later pass.
    await early?.catch(() => undefined);
    throw err;
  }
}
