import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { MIGRATIONS } from '../db/migrations/index.js';
import { openDatabase } from '../db/open.js';
import { deviceQueries } from '../db/queries/device.js';
import { submissionQueries, type SubmissionQueries } from '../db/queries/submissions.js';
import { syncQueries, type SyncQueries } from '../db/queries/sync.js';

/** What the sync engine needs of a kiosk store; built from the core's store or from a file path (CLI). */
export interface KioskSyncDb {
  readonly db: Database;
  readonly deviceId: string;
  readonly submissions: SubmissionQueries;
  readonly sync: SyncQueries;
  transaction<T>(fn: () => T): T;
  close(): void;
}

export function kioskSyncDb(db: Database, deviceId: string, close: () => void = () => undefined): KioskSyncDb {
  return {
    db,
    deviceId,
    submissions: submissionQueries(db),
    sync: syncQueries(db),
    transaction: (fn) => db.transaction(fn)(),
    close,
  };
}

/** The CLI's `--db PATH`: a kiosk SQLite file, opened with the kiosk's migrations (created if missing). */
export function openKioskFile(path: string): KioskSyncDb {
  const db = openDatabase(path, { migrations: MIGRATIONS });
  const deviceId = deviceQueries(db).ensure(randomUUID);
  return kioskSyncDb(db, deviceId, () => db.close());
}
