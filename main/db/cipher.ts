import type { Database } from 'better-sqlite3';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { DbKeyError, keyLiteral, type DbKey } from './keys/db-key.js';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** What a file on disk is, by its first 16 bytes: a plain SQLite file's header is a fixed string; SQLCipher's are random. */
export type FileState = 'absent' | 'empty' | 'plain' | 'encrypted';

export function fileState(path: string): FileState {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return 'absent';
  }
  if (size === 0) return 'empty';
  const head = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  return head.equals(SQLITE_HEADER) ? 'plain' : 'encrypted';
}

/** The cipher pragmas on a fresh connection: SQLCipher 4's format, so sqlcipher(1) opens the file too. */
export function applyKey(db: Database, key: DbKey): void {
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma(`key = ${keyLiteral(key)}`);
}

/**
 * Sets the key (if any) and proves it by reading the schema: SQLite reports a wrong or missing
 * key only on the first read (SQLITE_NOTADB), and nothing has been written by then, so a wrong
 * key leaves the file byte-for-byte as it was instead of becoming a new empty database.
 */
export function unlock(db: Database, path: string, state: FileState, key: DbKey | undefined): void {
  if (key && state === 'plain') {
    throw new DbKeyError('not_encrypted', `${path} is not encrypted, but a key was given; encrypt it first: anjungan db encrypt --data DIR --key-file FILE`);
  }
  if (key) applyKey(db, key);
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (err) {
    if ((err as { code?: string }).code !== 'SQLITE_NOTADB') throw err;
    if (!key) throw new DbKeyError('no_key', `${path} is encrypted (or not a database) and no key was given: pass --key-file, --key-env or --key-stdin`);
    throw new DbKeyError('wrong_key', `wrong database key for ${path} (${key.source}), or the file is not an Anjungan database`);
  }
}
