import { closeSync, constants, fsyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileState } from '../cipher.js';
import { DbKeyError, fsyncDir, generateRawKey, type DbKey } from './db-key.js';
import { defaultStoreKey, type StoreKeyDecision } from './default-key.js';
import { readKeyRef, resolveStoredKey, writeKeyRef, type Unseal } from './key-ref.js';

/**
 * What the desktop shell's Electron `safeStorage` offers (the OS keychain: DPAPI on Windows,
 * libsecret/kwallet on Linux). An interface so this logic is tested in Node without Electron,
 * whose binary cannot be downloaded here; main/electron/db-key.ts passes the real one.
 */
export interface Sealer {
  isEncryptionAvailable(): boolean;
  /** Linux only: 'basic_text' means no keyring, i.e. a fixed, public key: no protection at all. */
  getSelectedStorageBackend?(): string;
  encryptString(plain: string): Buffer;
  decryptString(blob: Buffer): string;
}

export const SEALED_KEY_FILE = 'db-key.safe';

export function unsealWith(sealer: Sealer): Unseal {
  return (blob) => {
    let hex: string;
    try {
      hex = sealer.decryptString(blob);
    } catch (err) {
      throw new DbKeyError('no_key', `the sealed database key cannot be opened by this user's keychain (${err instanceof Error ? err.message : String(err)})`);
    }
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new DbKeyError('no_key', 'the sealed database key is not a key');
    return Buffer.from(hex, 'hex');
  };
}

/** A keychain worth using: available, and on Linux not the plain-text fallback. */
export function sealerUsable(sealer: Sealer): boolean {
  return sealer.isEncryptionAvailable() && sealer.getSelectedStorageBackend?.() !== 'basic_text';
}

/**
 * The desktop shell's store key: the one the data folder's reference names (a sealed blob is
 * opened by the keychain); for a new install a generated key sealed by the keychain into
 * <data>/db-key.safe (useless without this user's login), or, with no usable keychain, a key file
 * in the private key folder, as the headless host does; an existing plain store stays plain.
 */
export function desktopStoreKey(dataDir: string, dbFile: string, keyDir: string, sealer: Sealer): StoreKeyDecision {
  const unseal = unsealWith(sealer);
  if (readKeyRef(dataDir)) return { kind: 'existing', key: resolveStoredKey(dataDir, unseal)! };
  const state = fileState(join(dataDir, dbFile));
  if (state !== 'absent' && state !== 'empty') return { kind: 'plain' };
  if (!sealerUsable(sealer)) return defaultStoreKey(dataDir, dbFile, keyDir);
  const key: DbKey & { kind: 'raw' } = generateRawKey(`safeStorage ${join(dataDir, SEALED_KEY_FILE)}`);
  writeSealed(join(dataDir, SEALED_KEY_FILE), sealer.encryptString(key.bytes.toString('hex')));
  writeKeyRef(dataDir, { version: 1, safeStorage: SEALED_KEY_FILE });
  return { kind: 'created', key, keyFile: join(dataDir, SEALED_KEY_FILE) };
}

function writeSealed(path: string, blob: Buffer): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    writeSync(fd, blob);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  fsyncDir(join(path, '..'));
}
