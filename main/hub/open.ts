import type { HubBackend } from './backend.js';
import { openPostgresBackend } from './postgres/store.js';
import { createHubStore } from './rules.js';
import { migrateHub } from './schema.js';
import { openSqliteBackend } from './sqlite/store.js';
import type { HubStore } from './store.js';

/** TARGET: a SQLite file path (embedded default) or a postgres:// URL. */
export async function openHubStore(target: string): Promise<HubStore> {
  return storeOn(openHubBackend(target));
}

/** The embedded hub: one SQLite file. */
export async function openSqliteHubStore(path: string): Promise<HubStore> {
  return storeOn(openSqliteBackend(path));
}

/** The database at TARGET, its schema as found (migrateHub brings it up to date). */
export function openHubBackend(target: string): HubBackend {
  return /^postgres(ql)?:\/\//.test(target) ? openPostgresBackend(target) : openSqliteBackend(target);
}

/** Brings the schema up to date, then serves the rules on it; a database it cannot open is closed again. */
async function storeOn(backend: HubBackend): Promise<HubStore> {
  try {
    await migrateHub(backend);
  } catch (err) {
    await backend.close();
    throw err;
  }
  return createHubStore(backend);
}
