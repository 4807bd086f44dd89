import { join } from 'node:path';
import { openHubStore } from '../../hub/open.js';
import type { HubStore } from '../../hub/store.js';
import { defaultDataDir } from '../../paths.js';

export function defaultHubTarget(): string {
  return process.env['ANJUNGAN_HUB_DB'] ?? join(defaultDataDir(), 'hub', 'hub.sqlite');
}

export const DB_HELP = `--db TARGET   a SQLite file (default ${'$'}ANJUNGAN_HUB_DB or <data>/hub/hub.sqlite) or a postgres:// URL`;

/** Opens the hub store at TARGET (or the default), runs fn on it, and closes it whatever fn does. */
export async function withHubStore<T>(target: string | undefined, fn: (store: HubStore) => Promise<T>): Promise<T> {
  const store = await openHubStore(target ?? defaultHubTarget());
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
