import type { DeviceReport } from '../../shared/sync/protocol.js';
import type { Logger } from '../log.js';
import type { HubClient } from './client.js';
import type { SyncEngineOptions } from './engine-types.js';
import type { KioskSyncDb } from './kiosk-db.js';
import { exchangeStatuses, pullTheRest, pushStatusUpdates } from './downstream.js';
import { pushSkm } from './skm-sync.js';
import { pushQueueTickets } from './queue-sync.js';

/** What a pass exchanges besides its batches: the statuses both ways first, then the rest. */
export interface PassDown {
  hub: HubClient;
  k: KioskSyncDb;
  up: string;
  log: Logger;
  o: SyncEngineOptions;
}

export type StatusesPulled = Awaited<ReturnType<typeof exchangeStatuses>>;

/** What the device says of itself on its first status page: its backlog, version and clock. */
export function deviceReport(backlog: number, version: string | undefined): DeviceReport {
  return { backlog: Math.max(0, backlog), version: version ?? null, clockMs: Date.now() };
}

/** The desk's moves up and the hub's down, this device's report riding on the first page. */
export function statusesBothWays(d: PassDown, report: DeviceReport): Promise<StatusesPulled> {
  return exchangeStatuses(d.hub, d.k, d.up, d.log, d.o.onChanged, report);
}

/**
 * After (or beside) the statuses: survey sheets and queue tickets up, then (when the statuses
 * were pulled) the catalogue, the settings the status page named and the letter keys down.
 * Answers the requests it made.
 */
export async function theRest(d: PassDown, pulled: StatusesPulled | null): Promise<number> {
  let requests = await pushSkm(d.hub, d.k.kiosk);
  requests += await pushQueueTickets(d.hub, d.k.queue);
  if (pulled) requests += await pullTheRest(d.hub, d.k, d.up, d.log, d.o, pulled.settings);
  return requests;
}

/** A pass for new data whose pulls ran lately: only what waits to go up. */
export async function pushesOnly(d: PassDown): Promise<number> {
  return (await pushStatusUpdates(d.hub, d.k, d.log)) + (await theRest(d, null));
}

/**
 * The whole downward exchange, run beside the upload on the client's second connection (a link
 * that is neither metered nor windowed: everything goes anyway, so its round trips hide behind
 * the upload's bytes instead of following them). Never rejects: a failure is answered, for the
 * pass to raise once its uploads are done.
 */
export async function besideUpload(d: PassDown, report: DeviceReport): Promise<{ pulled: StatusesPulled | null; requests: number; error: unknown }> {
  let pulled: StatusesPulled | null = null;
  try {
    pulled = await statusesBothWays(d, report);
    return { pulled, requests: pulled.requests + (await theRest(d, pulled)), error: null };
  } catch (error) {
    return { pulled, requests: pulled?.requests ?? 0, error };
  }
}

/**
 * The pass's downward part once its uploads are done: what ran beside them, else the pushes (and,
 * unless `skipPulls`, the rest after the statuses `pulled` before the upload). Never rejects: a
 * failure is answered, with the requests made, for the pass to raise.
 */
export async function afterUpload(
  d: PassDown,
  beside: Promise<{ pulled: StatusesPulled | null; requests: number; error: unknown }> | null,
  skipPulls: boolean,
  pulled: StatusesPulled | null,
): Promise<{ pulled: StatusesPulled | null; requests: number; error: unknown }> {
  if (beside) return beside;
  try {
    return { pulled, requests: await (skipPulls ? pushesOnly(d) : theRest(d, pulled)), error: null };
  } catch (error) {
    return { pulled, requests: 0, error };
  }
}
