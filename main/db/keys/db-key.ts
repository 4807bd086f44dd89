import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The key of an encrypted SQLite file (SQLCipher format, better-sqlite3-multiple-ciphers).
 * `raw`: 32 random bytes from a key file or safeStorage, used as the cipher key itself (no KDF:
 * it is already random). `passphrase`: typed by a person, stretched by SQLCipher's PBKDF2.
 * `source` says where it came from, for messages; never the key itself.
 */
export type DbKey = { kind: 'raw'; bytes: Buffer; source: string } | { kind: 'passphrase'; text: string; source: string };

/** A bad key file, a missing key, a wrong key: what to tell the operator, in English (logs, CLI). */
export class DbKeyError extends Error {
  constructor(
    readonly code: 'wrong_key' | 'no_key' | 'not_encrypted' | 'key_file' | 'passphrase',
    message: string,
  ) {
    super(message);
    this.name = 'DbKeyError';
  }
}

const KEY_BYTES = 32;
/** A key file: 64 hex digits and an optional newline (what `writeNewKeyFile` writes). */
const KEY_FILE_RE = /^([0-9a-fA-F]{64})\r?\n?$/;
const MIN_PASSPHRASE = 12;
const MAX_PASSPHRASE = 1024;

/**
 * Reads a key file, refusing one that another user could read or change: it must be a regular
 * file (not a symlink), owned by this user, with no group or world permission bits (0600 or 0400).
 */
export function readKeyFile(path: string): DbKey {
  checkPrivateFile(path);
  const text = readFileSync(path, 'utf8');
  const m = KEY_FILE_RE.exec(text);
  if (!m) throw new DbKeyError('key_file', `key file ${path} is not a key (want 64 hex digits, as \`anjungan db keygen\` writes)`);
  return { kind: 'raw', bytes: Buffer.from(m[1]!, 'hex'), source: `key file ${path}` };
}

/** The mode and owner check of a key file; throws a DbKeyError that names what is wrong. */
export function checkPrivateFile(path: string): void {
  let st;
  try {
    st = lstatSync(path);
  } catch (err) {
    throw new DbKeyError('key_file', `key file ${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (st.isSymbolicLink()) throw new DbKeyError('key_file', `key file ${path} is a symbolic link; give the file itself`);
  if (!st.isFile()) throw new DbKeyError('key_file', `key file ${path} is not a regular file`);
  const mode = st.mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new DbKeyError('key_file', `key file ${path} is readable by other users (mode ${mode.toString(8).padStart(3, '0')}); chmod 600 ${path}`);
  }
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) {
    throw new DbKeyError('key_file', `key file ${path} belongs to uid ${st.uid}, not to this user (${process.getuid()})`);
  }
}

/** 32 fresh random bytes. */
export function generateRawKey(source: string): DbKey & { kind: 'raw' } {
  return { kind: 'raw', bytes: randomBytes(KEY_BYTES), source };
}

/**
 * Writes a new key file (never over an existing one): its folder 0700, the file 0600, fsynced,
 * so a crash right after leaves either no file or a whole key.
 */
export function writeNewKeyFile(path: string): DbKey & { kind: 'raw' } {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const key = generateRawKey(`key file ${path}`);
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    writeSync(fd, `${key.bytes.toString('hex')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  fsyncDir(dirname(path));
  return key;
}

/** A passphrase typed by a person (stdin or an environment variable), bounded both ways. */
export function passphraseKey(text: string, source: string): DbKey {
  const t = text.replace(/\r?\n$/, '');
  if (t.length < MIN_PASSPHRASE) throw new DbKeyError('passphrase', `passphrase from ${source} is too short (at least ${MIN_PASSPHRASE} characters)`);
  if (t.length > MAX_PASSPHRASE) throw new DbKeyError('passphrase', `passphrase from ${source} is longer than ${MAX_PASSPHRASE} characters`);
  return { kind: 'passphrase', text: t, source };
}

/** The `PRAGMA key`/`rekey` argument: SQLCipher's raw-key literal x'…' or the quoted passphrase. */
export function keyLiteral(key: DbKey): string {
  if (key.kind === 'raw') return `"x'${key.bytes.toString('hex')}'"`;
  return `'${key.text.replace(/'/g, "''")}'`;
}

export function sameKey(a: DbKey, b: DbKey): boolean {
  if (a.kind === 'raw' && b.kind === 'raw') return a.bytes.equals(b.bytes);
  if (a.kind === 'passphrase' && b.kind === 'passphrase') return a.text === b.text;
  return false;
}

/** fsync a folder, so a file created or renamed in it survives a power cut. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    /* some filesystems refuse fsync on a folder; the data file itself was fsynced */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
