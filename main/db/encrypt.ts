import { chmodSync, closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileState, unlock } from './cipher.js';
import { DbKeyError, fsyncDir, keyLiteral, sameKey, type DbKey } from './keys/db-key.js';
import { sqliteConnection } from './native-binding.js';

export type ConvertResult = 'converted' | 'already';

/**
 * Encrypts a plain SQLite file in place, safely: the file is put in rollback-journal mode (which
 * SQLite allows only when no other connection has it open, so a running Anjungan is detected),
 * copied to a temp file beside it, the copy encrypted (PRAGMA rekey) and checked, fsynced, and
 * renamed over the original. A crash at any point before the rename leaves the old file whole
 * (and the temp file is removed at the next try); after it, the new one.
 * An already encrypted file opened by `key` is left alone ('already').
 */
export function encryptFile(path: string, key: DbKey): ConvertResult {
  const state = fileState(path);
  if (state === 'absent' || state === 'empty') throw new Error(`${path} does not exist or is empty: nothing to encrypt`);
  if (state === 'encrypted') {
    proveKey(path, key);
    return 'already';
  }
  convert(path, null, key);
  return 'converted';
}

/** Changes the key of an encrypted file (PRAGMA rekey), by the same temp-file-and-rename path as encryptFile. */
export function rekeyFile(path: string, oldKey: DbKey, newKey: DbKey): ConvertResult {
  const state = fileState(path);
  if (state !== 'encrypted') throw new DbKeyError('not_encrypted', `${path} is not encrypted: use anjungan db encrypt first`);
  if (sameKey(oldKey, newKey)) throw new DbKeyError('key_file', 'the new key is the same as the old one');
  try {
    proveKey(path, newKey);
    return 'already'; // a rekey that crashed after its rename: the file already has the new key
  } catch (err) {
    if (!(err instanceof DbKeyError && err.code === 'wrong_key')) throw err;
  }
  convert(path, oldKey, newKey);
  return 'converted';
}

function convert(path: string, oldKey: DbKey | null, newKey: DbKey): void {
  quiesce(path, oldKey);
  const tmp = `${path}.rekey-tmp`;
  for (const f of [tmp, `${tmp}-journal`, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  copyFileSync(path, tmp);
  chmodSync(tmp, 0o600);
  try {
    const db = sqliteConnection(tmp);
    try {
      if (oldKey) unlock(db, tmp, 'encrypted', oldKey);
      else db.pragma(`cipher = 'sqlcipher'`);
      db.pragma(`rekey = ${keyLiteral(newKey)}`);
    } finally {
      db.close();
    }
    checkCopy(tmp, newKey);
    fsyncFile(tmp);
    renameSync(tmp, path);
    fsyncDir(dirname(path));
  } catch (err) {
    for (const f of [tmp, `${tmp}-journal`, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
    throw err;
  }
  // The old file's -wal/-shm are gone after quiesce; a stale pair would be applied to the new file.
  for (const f of [`${path}-wal`, `${path}-shm`]) if (existsSync(f)) rmSync(f);
}

/** Folds the WAL into the file and leaves WAL mode: fails when another process has the file open. */
function quiesce(path: string, key: DbKey | null): void {
  const db = sqliteConnection(path);
  try {
    if (key) unlock(db, path, 'encrypted', key);
    db.pragma('busy_timeout = 0');
    let mode: unknown;
    try {
      mode = db.pragma('journal_mode = DELETE', { simple: true });
    } catch (err) {
      throw new Error(`${path} is in use by another process (stop Anjungan first): ${err instanceof Error ? err.message : String(err)}`);
    }
    if (mode !== 'delete') throw new Error(`${path} is in use by another process (stop Anjungan first)`);
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`${path} fails PRAGMA quick_check (${String(check)}); repair it before changing its key`);
  } finally {
    db.close();
  }
}

/**
 * The converted copy opens with the new key and is whole before it replaces anything; then WAL
 * mode, as the store runs (this last connection's close removes the copy's -wal and -shm).
 */
function checkCopy(path: string, key: DbKey): void {
  const db = sqliteConnection(path);
  try {
    unlock(db, path, 'encrypted', key);
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`the encrypted copy of ${path} fails integrity_check (${String(check)}); the original is untouched`);
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
}

function proveKey(path: string, key: DbKey): void {
  const db = sqliteConnection(path, { readonly: true, fileMustExist: true });
  try {
    unlock(db, path, 'encrypted', key);
  } finally {
    db.close();
  }
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
