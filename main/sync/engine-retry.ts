import { SyncError } from './client.js';

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
