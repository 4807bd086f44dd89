import type Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileState, unlock } from './cipher.js';
import { sqliteConnection } from './native-binding.js';
import type { DbKey } from './keys/db-key.js';
import { assertNotNewer, migrate } from './migrate.js';
import type { Migration } from './migration.js';

export interface OpenOptions {
  migrations: readonly Migration[];
  readonly?: boolean;
  /** The SQLCipher key; absent: a plain file (an encrypted one is then refused with DbKeyError). */
  key?: DbKey;
}

export interface OpenFileOptions {
  readonly?: boolean;
  key?: DbKey;
  /** Runs on the fresh connection before any pragma writes to the file (e.g. a version check). */
  beforeWrites?: (db: Database.Database) => void;
}

/**
 * Opens (or creates) a SQLite file the way Anjungan needs it: WAL so readers never block the
 * writer, synchronous=FULL so a commit that returned survives a power cut, foreign keys on,
 * and a busy timeout so a second process waits for the writer instead of failing.
 * Schema versioning is the caller's: the kiosk's below, the hub's in main/hub/schema.ts.
 */
export function openSqliteFile(path: string, options: OpenFileOptions = {}): Database.Database {
  const readonly = options.readonly ?? false;
  // Read before anything touches the file, so the errors can tell "plain" from "encrypted".
  const state = fileState(path);
  if (!readonly) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    makePrivate(path);
  }
  const db = sqliteConnection(path, { readonly, fileMustExist: readonly });
  try {
    unlock(db, path, state, options.key);
    options.beforeWrites?.(db);
    db.pragma('busy_timeout = 5000');
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * The database file readable and writable by this user only (0600), created so before SQLite
 * opens it: SQLite gives its -wal and -shm files the same mode as the database file.
 */
function makePrivate(path: string): void {
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  for (const f of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      chmodSync(f, 0o600);
    } catch {
      /* absent, or not ours to change: the doctor reports modes */
    }
  }
}

/**
 * A kiosk database: openSqliteFile, versioned by PRAGMA user_version. A file from a newer
 * Anjungan is refused before any pragma writes to it.
 */
export function openDatabase(path: string, options: OpenOptions): Database.Database {
  const db = openSqliteFile(path, { readonly: options.readonly, key: options.key, beforeWrites: (d) => assertNotNewer(d, options.migrations) });
  try {
    if (!options.readonly) migrate(db, options.migrations);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
