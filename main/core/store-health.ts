import { accessSync, constants, existsSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StoreHealth } from '../../shared/api/calls/app.js';
import { storageProblem } from '../db/storage-problem.js';
import type { Store } from '../db/store.js';
import type { CoreEvents } from './events.js';

/** Below this, submissions still work but the desk is warned; below MIN, the store is treated as full. */
const LOW_FREE_BYTES = 500 * 1024 * 1024;
const MIN_FREE_BYTES = 50 * 1024 * 1024;

/**
 * Cheap health probe for the desk and the kiosk (quick_check, not the full integrity_check the
 * doctor runs), and what the disk says: free space, and whether the store can be written at all
 * (read-only mount, an immutable file, another owner).
 */
export function storeHealth(store: Store): StoreHealth {
  const disk = diskState(store.path);
  try {
    const quick = store.quickCheck();
    const healthy = quick.length === 1 && quick[0] === 'ok';
    const problem = !healthy ? quick.slice(0, 3).join('; ') : disk.problem;
    return {
      ok: healthy && disk.code !== 'disk_full' && disk.code !== 'read_only',
      schemaVersion: store.schemaVersion(),
      submissions: store.submissions.count(),
      problem,
      problemCode: !healthy ? 'damaged' : disk.code,
      freeBytes: disk.freeBytes,
    };
  } catch (err) {
    return { ok: false, schemaVersion: -1, submissions: 0, problem: err instanceof Error ? err.message : String(err), problemCode: 'damaged', freeBytes: disk.freeBytes };
  }
}

/**
 * A storage problem behind a failed write. SQLite reports an immutable file (chattr +i) or a
 * full disk met mid-write as a plain I/O error, so for those the disk itself is asked.
 */
export function storageProblemOf(store: Pick<Store, 'path'>, err: unknown): 'storage_full' | 'storage_read_only' | null {
  const direct = storageProblem(err);
  const code = (err as { code?: unknown } | null)?.code;
  if (direct || typeof code !== 'string' || !code.startsWith('SQLITE_IOERR')) return direct;
  const disk = diskState(store.path);
  if (disk.code === 'read_only') return 'storage_read_only';
  if (disk.freeBytes === 0) return 'storage_full';
  return null;
}

/** storageProblemOf, and when there is one the desk is told at once (event app:storage). */
export function storageProblemSaid(store: Pick<Store, 'path'>, events: Pick<CoreEvents, 'emit'>, err: unknown): 'storage_full' | 'storage_read_only' | null {
  const problem = storageProblemOf(store, err);
  if (problem) events.emit('app:storage', { problem });
  return problem;
}

function diskState(path: string): { code: StoreHealth['problemCode']; problem: string | null; freeBytes: number | null } {
  let freeBytes: number | null = null;
  try {
    const fs = statfsSync(dirname(path));
    freeBytes = fs.bavail * fs.bsize;
  } catch {
    /* unknown: not a problem by itself */
  }
  for (const f of [path, `${path}-wal`, dirname(path)]) {
    if (f.endsWith('-wal') && !existsSync(f)) continue;
    try {
      accessSync(f, constants.W_OK);
    } catch (err) {
      return { code: 'read_only', problem: `${f} cannot be written (${(err as NodeJS.ErrnoException).code ?? 'error'}: read-only, immutable, or another owner)`, freeBytes };
    }
  }
  if (freeBytes !== null && freeBytes < MIN_FREE_BYTES) return { code: 'disk_full', problem: `the disk is full (${Math.round(freeBytes / 1048576)} MiB free)`, freeBytes };
  if (freeBytes !== null && freeBytes < LOW_FREE_BYTES) return { code: 'disk_low', problem: `the disk is nearly full (${Math.round(freeBytes / 1048576)} MiB free)`, freeBytes };
  return { code: null, problem: null, freeBytes };
}
