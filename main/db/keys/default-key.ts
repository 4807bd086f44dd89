import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileState } from '../cipher.js';
import type { DbKey } from './db-key.js';
import { writeNewKeyFile } from './db-key.js';
import { readKeyRef, resolveStoredKey, writeKeyRef, type Unseal } from './key-ref.js';

export type StoreKeyDecision =
  | { kind: 'existing'; key: DbKey }
  | { kind: 'created'; key: DbKey; keyFile: string }
  | { kind: 'plain' };

/**
 * The shells' default for a data folder's store (`anjungan start`): the key its db-key.json names;
 * for a new install (no database yet) a generated key file in the private key folder, named in a
 * new db-key.json; an existing plain store stays plain (the caller says so, and
 * `anjungan db encrypt` converts it): never encrypting a file behind the operator's back.
 */
export function defaultStoreKey(dataDir: string, dbFile: string, keyDir: string, unseal?: Unseal): StoreKeyDecision {
  if (readKeyRef(dataDir)) return { kind: 'existing', key: resolveStoredKey(dataDir, unseal)! };
  const state = fileState(join(dataDir, dbFile));
  if (state !== 'absent' && state !== 'empty') return { kind: 'plain' };
  const keyFile = newKeyFilePath(keyDir, dataDir);
  const key = writeNewKeyFile(keyFile);
  writeKeyRef(dataDir, { version: 1, keyFile });
  return { kind: 'created', key, keyFile };
}

/** <keyDir>/<data folder name>-<hash of its path>-<random>.key: readable to a technician, never reused. */
export function newKeyFilePath(keyDir: string, dataDir: string): string {
  const abs = resolve(dataDir);
  const tag = createHash('sha256').update(abs).digest('hex').slice(0, 8);
  const name = basename(abs).replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40) || 'data';
  let file: string;
  do file = join(resolve(keyDir), `${name}-${tag}-${randomBytes(3).toString('hex')}.key`);
  while (existsSync(file));
  return file;
}
