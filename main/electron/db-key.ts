import { safeStorage } from 'electron';
import type { StoreKeyDecision } from '../db/keys/default-key.js';
import { desktopStoreKey, type Sealer } from '../db/keys/sealed-key.js';
import { DATABASE_FILE } from '../db/store.js';
import { defaultKeyDir } from '../paths.js';

/** The desktop shell's database key, sealed by Electron's safeStorage (logic and tests: main/db/keys/sealed-key.ts). */
export function shellStoreKey(dataDir: string): StoreKeyDecision {
  const sealer: Sealer = safeStorage;
  return desktopStoreKey(dataDir, DATABASE_FILE, defaultKeyDir(), sealer);
}
