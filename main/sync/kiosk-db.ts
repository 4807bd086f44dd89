import { randomUUID } from 'node:crypto';
import { openStoreFile, type Store } from '../db/store.js';

/** What the sync engine needs of a kiosk store; the core's store, or one opened from a file path (CLI). */
export interface KioskSyncDb extends Pick<Store, 'submissions' | 'sync' | 'statusOutbox' | 'kiosk' | 'queue' | 'transaction' | 'close'> {
  readonly deviceId: string;
}

export function kioskSyncDb(store: Store, deviceId: string, close: () => void = () => undefined): KioskSyncDb {
  return { submissions: store.submissions, sync: store.sync, statusOutbox: store.statusOutbox, kiosk: store.kiosk, queue: store.queue, transaction: store.transaction, deviceId, close };
}

/** The CLI's `--db PATH`: a kiosk SQLite file, opened with the kiosk's migrations (created if missing). */
export function openKioskFile(path: string): KioskSyncDb {
  const store = openStoreFile(path);
  return kioskSyncDb(store, store.device.ensure(randomUUID), () => store.close());
}
