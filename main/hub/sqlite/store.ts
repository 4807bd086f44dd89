import { dirname } from 'node:path';
import type { DbKey } from '../../db/keys/db-key.js';
import { resolveStoredKey } from '../../db/keys/key-ref.js';
import { openSqliteFile } from '../../db/open.js';
import type { HubBackend, SqlDialect } from '../backend.js';
import { sqliteQueries } from './queries.js';

const SQLITE_DIALECT: SqlDialect = {
  kind: 'sqlite',
  blob: 'BLOB',
  bigint: 'INTEGER',
  serialKey: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  tableOptions: ' STRICT',
};

/**
 * The embedded hub's database: one SQLite file, opened with the kiosk's pragmas (WAL,
 * synchronous=FULL, foreign keys, busy timeout). better-sqlite3 has one connection and
 * answers synchronously, but the interface is async: operations run one after another so
 * that a transaction's awaits never let another operation into it. Encrypted like the kiosk's
 * store when a key is given or the folder's db-key.json names one.
 */
export function openSqliteBackend(path: string, key: DbKey | undefined = resolveStoredKey(dirname(path))): HubBackend {
  const db = openSqliteFile(path, { key });
  const queries = sqliteQueries(db);
  let tail: Promise<unknown> = Promise.resolve();
  const serially = <T>(fn: () => Promise<T>): Promise<T> => {
    const out = tail.then(fn);
    tail = out.catch(() => undefined);
    return out;
  };
  return {
    dialect: SQLITE_DIALECT,
    run: (fn) => serially(() => fn(queries)),
    transaction: (fn) =>
      serially(async () => {
        // IMMEDIATE: take the write lock now, so another process makes us wait (busy_timeout) rather than fail mid-way.
        db.exec('BEGIN IMMEDIATE');
        try {
          const out = await fn(queries);
          db.exec('COMMIT');
          return out;
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        }
      }),
    close: () => serially(async () => void db.close()),
  };
}
