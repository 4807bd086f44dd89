import { SyncError } from './client.js';
import type { RunResult, SyncStatus } from './engine-types.js';
import type { OpenBatch, SyncQueries } from '../db/queries/sync.js';
import type { Logger } from '../log.js';
import { dictionariesOf } from '../../shared/sync/container.js';

/** Capped exponential backoff with jitter (×0.5–1); a hub's Retry-After (or a link's next window) wins. */
export function backoffMs(err: unknown, failures: number, baseMs: number, maxMs: number): number {
  if (err instanceof SyncError && err.retryAfterMs) return Math.min(maxMs, err.retryAfterMs);
  const exp = Math.min(maxMs, baseMs * 2 ** Math.min(failures, 20));
  return Math.round(exp * (0.5 + Math.random() / 2));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * A failure on this side that is not the hub's: a full disk or an unwritable store says so
 * (the screen and the operator panel name it), anything else stays "internal". Both retry later.
 */
export function localError(err: unknown, problemOf: (err: unknown) => 'storage_full' | 'storage_read_only' | null): SyncError {
  const message = err instanceof Error ? err.message : String(err);
  const storage = problemOf(err);
  if (storage === 'storage_full') return new SyncError('busy', 'storage_full', `this device's disk is full: nothing was changed (${message})`);
  if (storage === 'storage_read_only') return new SyncError('busy', 'storage_read_only', `this device's data folder cannot be written: nothing was changed (${message})`);
  return new SyncError('busy', 'internal', message);
}

/** Passes until the backlog is empty, or the deadline, or a failure that needs a person (`anjungan sync`). */
export async function passesUntilDone(
  deadlineMs: number,
  e: { pass: () => Promise<RunResult>; failed: (err: unknown) => number; lastError: () => SyncStatus['lastError']; backlog: () => number; atRelay: () => number; relayPollMs: number },
): Promise<{ ok: boolean; error: SyncStatus['lastError']; delivered: number; parked: number }> {
  const end = Date.now() + deadlineMs;
  let delivered = 0;
  let parked = 0;
  for (;;) {
    try {
      const r = await e.pass();
      delivered += r.delivered;
      parked += r.parked;
      if (e.backlog() === 0) return { ok: true, error: null, delivered, parked };
      if (Date.now() > end) return { ok: false, error: e.lastError(), delivered, parked };
      // Held at a relay: ask again for the hub's ack a little later, not in a tight loop.
      if (r.delivered === 0 && e.atRelay() > 0) await sleep(Math.min(e.relayPollMs, 1000));
    } catch (err) {
      const delay = e.failed(err);
      const fatal = err instanceof SyncError && err.kind === 'auth' && err.code !== 'unknown_device';
      if (fatal || Date.now() + delay > end) return { ok: false, error: e.lastError(), delivered, parked };
      await sleep(delay);
    }
  }
}

/**
 * The hub refused a whole batch (4xx). Built with a dictionary: the hub (or a relay on the way)
 * cannot read it, so the same records go again without one. Refused as a container: the same
 * again with a frame per record (once a day). Else the batch is split in halves
 * until the one record that causes it is isolated and parked.
 */
export function refusedWhole(sync: Pick<SyncQueries, 'getState' | 'setState' | 'dropBatch' | 'park'>, b: OpenBatch, err: SyncError, up: string, log: Logger): { parked: number; splitTo: number | null } {
  if (dictionariesOf(b.body).length > 0) {
    // Not again on this link for a day, whatever its status page lists (an older relay on the way cannot read them).
    sync.setState(`dicts:${up}`, []);
    sync.setState(`dicts-refused:${up}`, new Date().toISOString());
    sync.dropBatch(b.batch_id);
    log.warn('batch refused with its dictionary; building it again without', { batchId: b.batch_id, code: err.code, reason: err.message });
    return { parked: 0, splitTo: null };
  }
  if (err.code === 'bad_container' && !sync.getState<string>(`frames-refused:${up}`)) {
    // A hub (or relay) from before RECORDS frames: a frame each on this link for a day, the same records again.
    sync.setState(`frames-refused:${up}`, new Date().toISOString());
    sync.dropBatch(b.batch_id);
    log.warn('batch refused as a container; building it again with a frame per record', { batchId: b.batch_id, reason: err.message });
    return { parked: 0, splitTo: null };
  }
  const ids = sync.dropBatch(b.batch_id);
  if (ids.length === 1) {
    sync.park(ids[0]!, `hub refused: ${err.code}: ${err.message}`);
    log.warn('submission parked', { id: ids[0], code: err.code, reason: err.message });
    return { parked: 1, splitTo: null };
  }
  return { parked: 0, splitTo: Math.max(1, Math.ceil(ids.length / 2)) };
}
