import type { StoreHealth } from '../../shared/api/calls/app.js';
import type { Store } from '../db/store.js';

/** Cheap health probe for the home screen (quick_check, not the full integrity_check doctor runs). */
export function storeHealth(store: Store): StoreHealth {
  try {
    const quick = store.quickCheck();
    const healthy = quick.length === 1 && quick[0] === 'ok';
    return {
      ok: healthy,
      schemaVersion: store.schemaVersion(),
      submissions: store.submissions.count(),
      problem: healthy ? null : quick.slice(0, 3).join('; '),
    };
  } catch (err) {
    return { ok: false, schemaVersion: -1, submissions: 0, problem: err instanceof Error ? err.message : String(err) };
  }
}
