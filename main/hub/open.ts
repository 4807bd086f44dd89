import type { DbKey } from '../db/keys/db-key.js';
import type { HubBackend } from './backend.js';
import { openPostgresBackend } from './postgres/store.js';
import { createHubStore } from './rules.js';
import { migrateHub } from './schema.js';
import { openSqliteBackend } from './sqlite/store.js';
import type { HubStore } from './store.js';

/** TARGET: a SQLite file path (embedded default) or a postgres:// URL. `key`: the SQLite file's (PostgreSQL has its own at-rest story). */
export async function openHubStore(target: string, key?: DbKey): Promise<HubStore> {
  return storeOn(openHubBackend(target, key));
}

/** The embedded hub: one SQLite file. */
export async function openSqliteHubStore(path: string, key?: DbKey): Promise<HubStore> {
  return storeOn(openSqliteBackend(path, key));
}

/** The database at TARGET, its schema as found (migrateHub brings it up to date). */
export function openHubBackend(target: string, key?: DbKey): HubBackend {
  if (isPostgresTarget(target)) {
    if (key) throw new Error('a database key is for a SQLite hub file; PostgreSQL encrypts at rest on its own server');
    return openPostgresBackend(target);
  }
  return openSqliteBackend(target, key);
}

export function isPostgresTarget(target: string): boolean {
  return /^postgres(ql)?:\/\//.test(target);
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
