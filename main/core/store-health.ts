import type { StoreHealth } from '../../shared/api/calls/app.js';
import type { Store } from '../db/store.js';
import { schemaVersion } from '../db/migrate.js';

/** Cheap health probe for the home screen (quick_check, not the full integrity_check doctor runs). */
export function storeHealth(store: Store): StoreHealth {
  try {
    const quick = (store.db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check);
    const healthy = quick.length === 1 && quick[0] === 'ok';
    return {
      ok: healthy,
      schemaVersion: schemaVersion(store.db),
      submissions: store.submissions.count(),
      problem: healthy ? null : quick.slice(0, 3).join('; '),
    };
  } catch (err) {
    return { ok: false, schemaVersion: -1, submissions: 0, problem: err instanceof Error ? err.message : String(err) };
  }
}
