import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileState } from '../../db/cipher.js';
import { checkPrivateFile, DbKeyError, type DbKey } from '../../db/keys/db-key.js';
import { KEY_REF_FILE, readKeyRef, resolveStoredKey } from '../../db/keys/key-ref.js';

export type Status = 'ok' | 'warn' | 'FAIL';
export type CheckRow = [name: string, status: Status, detail: string];

/**
 * Encryption and the key: is the store encrypted, is its key where db-key.json says, private
 * (0600, this user's, not inside the data folder), and does it open the store? Returns the rows
 * and the key (for the integrity checks that follow) when one was found.
 */
export function keyChecks(dataDir: string, dbPath: string): { rows: CheckRow[]; key: DbKey | undefined; skipDatabase: boolean } {
  const rows: CheckRow[] = [];
  const state = existsSync(dbPath) ? fileState(dbPath) : 'absent';
  let ref;
  try {
    ref = readKeyRef(dataDir);
  } catch (err) {
    return { rows: [['database key', 'FAIL', (err as Error).message]], key: undefined, skipDatabase: state === 'encrypted' };
  }
  if (state === 'plain') {
    rows.push(['encryption', 'warn', 'not encrypted: residents\' data and the device\'s signing keys are readable from any copy of the file (anjungan db encrypt --data DIR --key-file FILE)']);
    if (ref) rows.push(['database key', 'FAIL', `${KEY_REF_FILE} names a key, but the store is plain (restored from a plain backup?)`]);
    return { rows, key: undefined, skipDatabase: false };
  }
  if (!ref) {
    // Not plain SQLite and no reference: encrypted with a key no command can find, or no database at all.
    if (state === 'encrypted') rows.push(['encryption', 'FAIL', `not plain SQLite, and ${KEY_REF_FILE} is missing: encrypted with a key no command can find (rerun anjungan db encrypt with its --key-file), or not a database`]);
    return { rows, key: undefined, skipDatabase: false };
  }
  if (state === 'encrypted') rows.push(['encryption', 'ok', 'encrypted (SQLCipher 4)']);
  if ('safeStorage' in ref) {
    const blob = resolve(dataDir, ref.safeStorage);
    rows.push(modeRow('sealed key', blob));
    rows.push(['database key', 'warn', `sealed by the desktop app's keychain (${blob}): only the Anjungan app can open it; integrity not checked here`]);
    return { rows, key: undefined, skipDatabase: true };
  }
  let key: DbKey | undefined;
  try {
    if ('keyFile' in ref) {
      const file = resolve(dataDir, ref.keyFile);
      const inside = !relative(resolve(dataDir), file).startsWith('..');
      checkPrivateFile(file);
      if (inside) rows.push(['key file', 'warn', `${file} lies inside the data folder: a copy of the folder carries its key; move it to a private key folder and update ${KEY_REF_FILE}`]);
      else rows.push(['key file', 'ok', `${file} (0${(statSync(file).mode & 0o777).toString(8)}, this user's)`]);
    }
    key = resolveStoredKey(dataDir);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    rows.push(['database key', err instanceof DbKeyError && err.code === 'no_key' ? 'warn' : 'FAIL', msg]);
    return { rows, key: undefined, skipDatabase: true };
  }
  return { rows, key, skipDatabase: false };
}

function modeRow(name: string, path: string): CheckRow {
  if (!existsSync(path)) return [name, 'FAIL', `${path} is missing`];
  const mode = statSync(path).mode & 0o777;
  return (mode & 0o077) === 0 ? [name, 'ok', `${path} (0${mode.toString(8)})`] : [name, 'FAIL', `${path} is readable by other users (mode ${mode.toString(8).padStart(3, '0')})`];
}
