import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { passphraseKey, readKeyFile, writeNewKeyFile, type DbKey } from '../db/keys/db-key.js';
import type { KeyRef } from '../db/keys/key-ref.js';
import { UsageError } from './command.js';
import { readSecret } from './secret-input.js';

/**
 * The database key options every command that opens a SQLite file takes. A passphrase comes
 * from stdin or from an environment variable named here, never from argv (/proc/PID/cmdline is
 * readable by every user).
 */
export const KEY_OPTIONS = {
  'key-file': { type: 'string' },
  'key-env': { type: 'string' },
  'key-stdin': { type: 'boolean' },
} as const;

export const KEY_HELP = `  --key-file F  the database key file (64 hex digits; must be 0600 and this user's)
  --key-env NAME  a passphrase from the environment variable NAME
  --key-stdin   a passphrase from the first line of stdin
                (none of these: the key the data folder's db-key.json names, or a plain file)`;

export interface KeyValues {
  'key-file'?: string | undefined;
  'key-env'?: string | undefined;
  'key-stdin'?: boolean | undefined;
}

export interface GivenKey {
  key: DbKey;
  keyFile?: string;
  /** The environment variable a passphrase came from. */
  env?: string;
  created?: boolean;
}

/** What db-key.json records for a given key: the key file, or that (and where) a passphrase is given. */
export function refOf(given: GivenKey): KeyRef {
  if (given.keyFile) return { version: 1, keyFile: given.keyFile };
  return given.env ? { version: 1, passphrase: true, env: given.env } : { version: 1, passphrase: true };
}

/** The key the options give, or undefined; `create`: a missing --key-file is generated (0600). */
export async function keyFromOptions(values: KeyValues, opts: { create?: boolean; names?: [string, string, string] } = {}): Promise<GivenKey | undefined> {
  const [fileOpt, envOpt, stdinOpt] = opts.names ?? ['--key-file', '--key-env', '--key-stdin'];
  const given = [values['key-file'] !== undefined, values['key-env'] !== undefined, values['key-stdin'] === true].filter(Boolean).length;
  if (given > 1) throw new UsageError(`give one of ${fileOpt}, ${envOpt}, ${stdinOpt}`);
  // A bad key file (readable by others, not a key) is a DbKeyError: exit 1 with its message.
  if (values['key-file'] !== undefined) {
    const file = resolve(values['key-file']);
    if (opts.create && !existsSync(file)) return { key: writeNewKeyFile(file), keyFile: file, created: true };
    return { key: readKeyFile(file), keyFile: file };
  }
  if (values['key-env'] !== undefined) {
    const name = values['key-env'];
    const text = process.env[name];
    if (text === undefined || text === '') throw new UsageError(`${envOpt} ${name}: the environment variable is not set`);
    return { key: passphraseKey(text, `$${name}`), env: name };
  }
  if (values['key-stdin']) return { key: passphraseKey(await readSecret('Database passphrase: '), 'stdin') };
  return undefined;
}
