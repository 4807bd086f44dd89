import type { Database } from 'better-sqlite3';
import { join } from 'node:path';
import { MIGRATIONS } from './migrations/index.js';
import { openDatabase } from './open.js';
import { auditQueries } from './queries/audit.js';
import { deviceQueries } from './queries/device.js';
import { settingsQueries } from './queries/settings.js';
import { submissionQueries } from './queries/submissions.js';

export const DATABASE_FILE = 'anjungan.sqlite';

/** The kiosk's store: one SQLite file, reached only through these query modules. */
export interface Store {
  readonly path: string;
  readonly db: Database;
  readonly device: ReturnType<typeof deviceQueries>;
  readonly settings: ReturnType<typeof settingsQueries>;
  readonly submissions: ReturnType<typeof submissionQueries>;
  readonly audit: ReturnType<typeof auditQueries>;
  /** Runs `fn` in one transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T;
  integrityCheck(): string[];
  close(): void;
}

export function openStore(dataDir: string): Store {
  const path = join(dataDir, DATABASE_FILE);
  const db = openDatabase(path, { migrations: MIGRATIONS });
  return {
    path,
    db,
    device: deviceQueries(db),
    settings: settingsQueries(db),
    submissions: submissionQueries(db),
    audit: auditQueries(db),
    transaction: (fn) => db.transaction(fn)(),
    integrityCheck: () => (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check),
    close: () => db.close(),
  };
}
