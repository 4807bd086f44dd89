import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { DbKeyError, fsyncDir, passphraseKey, readKeyFile, type DbKey } from './db-key.js';

/**
 * Where the key of the SQLite files in a folder is, written beside them as `db-key.json`. It
 * names the key, never holds it: a key file elsewhere (0600, in a private key folder), a blob
 * sealed by Electron's safeStorage, or "a passphrase a person gives at start". So every command
 * that opens a data folder (start, user add, search, doctor…) finds the key without a flag, and
 * a copy of the data folder alone opens nothing.
 */
export const KEY_REF_FILE = 'db-key.json';

const KeyRefSchema = z.union([
  z.object({ version: z.literal(1), keyFile: z.string().min(1) }).strict(),
  z.object({ version: z.literal(1), safeStorage: z.string().min(1) }).strict(),
  // `env`: the name (never the value) of the variable the passphrase was given in, so the next command in that environment finds it.
  z.object({ version: z.literal(1), passphrase: z.literal(true), env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional() }).strict(),
]);
export type KeyRef = z.infer<typeof KeyRefSchema>;

/** Turns a sealed blob back into the key: given only by the Electron shell (main/electron/db-key.ts). */
export type Unseal = (blob: Buffer) => Buffer;

export function readKeyRef(folder: string): KeyRef | null {
  const file = join(folder, KEY_REF_FILE);
  if (!existsSync(file)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new DbKeyError('no_key', `${file} is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const r = KeyRefSchema.safeParse(parsed);
  if (!r.success) throw new DbKeyError('no_key', `${file} names no key it knows (keyFile, safeStorage or passphrase)`);
  return r.data;
}

/** Writes the reference (temp file, fsync by rename), 0600 like everything in the data folder. */
export function writeKeyRef(folder: string, ref: KeyRef): void {
  const file = join(folder, KEY_REF_FILE);
  const tmp = `${file}.tmp-${process.pid}`;
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  writeFileSync(tmp, `${JSON.stringify(ref, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
  fsyncDir(folder);
}

/**
 * The key the folder's reference names, or undefined when the folder has none (a plain store).
 * A passphrase or a safeStorage blob without an unsealer cannot be found here: that is a clear
 * error saying what to pass, never a fall back to opening without a key.
 */
export function resolveStoredKey(folder: string, unseal?: Unseal): DbKey | undefined {
  const ref = readKeyRef(folder);
  if (!ref) return undefined;
  if ('keyFile' in ref) return readKeyFile(resolve(folder, ref.keyFile));
  if ('safeStorage' in ref) {
    const blobFile = resolve(folder, ref.safeStorage);
    if (!unseal) {
      throw new DbKeyError('no_key', `the database key in ${folder} is sealed by the desktop app (Electron safeStorage, ${blobFile}); open it from the Anjungan app, or give --key-file`);
    }
    let blob: Buffer;
    try {
      blob = readFileSync(blobFile);
    } catch (err) {
      throw new DbKeyError('no_key', `sealed database key ${blobFile} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    return { kind: 'raw', bytes: unseal(blob), source: `safeStorage ${blobFile}` };
  }
  const fromEnv = ref.env ? process.env[ref.env] : undefined;
  if (ref.env && fromEnv) return passphraseKey(fromEnv, `$${ref.env}`);
  throw new DbKeyError('no_key', `the database in ${folder} is encrypted with a passphrase: give it with --key-stdin or --key-env NAME${ref.env ? ` (it was $${ref.env})` : ''}`);
}

/** The folder's reference copied to another folder (paths made absolute), unless it has one. */
export function copyKeyRef(from: string, to: string): void {
  const ref = readKeyRef(from);
  if (!ref || readKeyRef(to)) return;
  if ('keyFile' in ref) writeKeyRef(to, { version: 1, keyFile: resolve(from, ref.keyFile) });
  else if ('safeStorage' in ref) writeKeyRef(to, { version: 1, safeStorage: resolve(from, ref.safeStorage) });
  else writeKeyRef(to, ref);
}
