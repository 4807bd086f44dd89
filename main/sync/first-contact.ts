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

export interface FirstContact {
  hub: HubClient;
  k: KioskSyncDb;
  up: string;
  log: Logger;
  o: Pick<SyncEngineOptions, 'effort' | 'enrolmentCode' | 'label'>;
  /** Builds (and keeps) the next batch at an effort. */
  build: (effort: Effort) => Promise<OpenBatch | null>;
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
 * link, and the first batch is built (at the smallest effort, kept as an open batch) while the
 * enrolment is still on its way instead of after it. `prebuilt` names that batch.
 */
export async function enrolAndChooseEffort(c: FirstContact): Promise<{ effort: Effort; requests: number; prebuilt: string | null }> {
  const fresh = !c.k.sync.getState<boolean>(`enrolled:${c.up}`);
  const enrolling = ensureEnrolled(c);
  let prebuilding: Promise<OpenBatch | null> | null = null;
  if (fresh && (c.o.effort ?? 'auto') === 'auto' && !effortFor(linkProfile(c.k.sync, c.up)) && c.k.sync.backlog() > 0) {
    const answered = await Promise.race([enrolling.then(() => true, () => true), sleep(PREBUILD_AFTER_MS).then(() => false)]);
    if (!answered) prebuilding = c.build('small');
  }
  let requests: number;
  let prebuilt: OpenBatch | null = null;
  try {
    requests = await enrolling;
  } finally {
    // Built and kept, or not: a later pass resumes or builds it; its failure is the build's own to raise.
    prebuilt = (await prebuilding?.catch(() => null)) ?? null;
  }
  if (prebuilding) await prebuilding; // a failed build (e.g. the disk) raises here, as it would have in the loop
  const chosen = await chooseEffort(c.o.effort ?? 'auto', c.k.sync, c.up, c.k.sync.backlog(), () => c.hub.hello());
  return { effort: chosen.effort, requests: requests + chosen.requests, prebuilt: prebuilt?.batch_id ?? null };
}
