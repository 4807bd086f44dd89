import { openPostgresHubStore } from './postgres/store.js';
import { openSqliteHubStore } from './sqlite/store.js';
import type { HubStore } from './store.js';

/** TARGET: a SQLite file path (embedded default) or a postgres:// URL. */
export async function openHubStore(target: string): Promise<HubStore> {
  if (/^postgres(ql)?:\/\//.test(target)) return openPostgresHubStore(target);
  return openSqliteHubStore(target);
}
