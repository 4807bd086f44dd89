import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { assertNotNewer, migrate } from './migrate.js';
import type { Migration } from './migration.js';

export interface OpenOptions {
  migrations: readonly Migration[];
  readonly?: boolean;
}

/**
 * Opens (or creates) a SQLite file the way Anjungan needs it: WAL so readers never block the
 * writer, synchronous=FULL so a commit that returned survives a power cut, foreign keys on.
 * A file from a newer Anjungan is refused before any pragma writes to it.
 */
export function openDatabase(path: string, options: OpenOptions): Database.Database {
  if (!options.readonly) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  try {
    assertNotNewer(db, options.migrations);
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    if (!options.readonly) migrate(db, options.migrations);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
