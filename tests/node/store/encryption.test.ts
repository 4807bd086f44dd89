import Database from 'better-sqlite3';
import { chmodSync, chownSync, existsSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileState } from '../../../main/db/cipher.js';
import { DbKeyError, passphraseKey, readKeyFile, writeNewKeyFile, type DbKey } from '../../../main/db/keys/db-key.js';
import { defaultStoreKey } from '../../../main/db/keys/default-key.js';
import { KEY_REF_FILE, readKeyRef, resolveStoredKey } from '../../../main/db/keys/key-ref.js';
import { DATABASE_FILE, openStore } from '../../../main/db/store.js';
import { openSqliteHubStore } from '../../../main/hub/open.js';
import { deviceIdentity } from '../../../main/sync/keys.js';
import { tempDir } from '../../helpers/tmp.js';

/** Bytes of the store and its WAL/SHM, to prove a refused open wrote nothing. */
function snapshot(path: string): Buffer[] {
  return [path, `${path}-wal`, `${path}-shm`].map((f) => (existsSync(f) ? readFileSync(f) : Buffer.alloc(0)));
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DbKeyError);
    return `${(err as DbKeyError).code}: ${(err as Error).message}`;
  }
  throw new Error('expected a DbKeyError');
}

describe('encryption at rest (SQLCipher)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let key: DbKey;
  beforeEach(() => {
    tmp = tempDir();
    key = writeNewKeyFile(join(`${tmp.dir}-keys`, 'store.key'));
  });
  afterEach(() => tmp.cleanup());

  it('writes an encrypted store that opens with its key and reads as noise without it', () => {
    const data = join(tmp.dir, 'data');
    const store = openStore(data, { key });
    const publicKey = deviceIdentity('dev-1', store.sync).publicKey;
    const privateKey = store.sync.keys()!.privateKey;
    store.audit.append('test', 'marker', 'NAMA-PENDUDUK-RAHASIA');
    store.close();
    const path = join(data, DATABASE_FILE);
    expect(fileState(path)).toBe('encrypted');
    const bytes = Buffer.concat(snapshot(path));
    expect(bytes.includes(Buffer.from('NAMA-PENDUDUK-RAHASIA'))).toBe(false);
    expect(bytes.includes(privateKey)).toBe(false); // the device's Ed25519 key is under the database key
    expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');

    const plain = new Database(path, { readonly: true });
    expect(() => plain.prepare('SELECT count(*) FROM sqlite_master').get()).toThrow(/file is not a database/);
    plain.close();

    const again = openStore(data, { key });
    expect(again.sync.keys()!.publicKey.equals(publicKey)).toBe(true);
    expect(again.integrityCheck()).toEqual(['ok']);
    again.close();
  });

  it('a plain store keeps the same data readable in the file (what encryption prevents)', () => {
    const store = openStore(tmp.dir);
    store.audit.append('test', 'marker', 'NAMA-PENDUDUK-RAHASIA');
    deviceIdentity('dev-1', store.sync);
    const privateKey = store.sync.keys()!.privateKey;
    store.close();
    const bytes = Buffer.concat(snapshot(join(tmp.dir, DATABASE_FILE)));
    expect(fileState(join(tmp.dir, DATABASE_FILE))).toBe('plain');
    expect(bytes.includes(privateKey)).toBe(true);
  });

  it('a wrong key is "wrong database key", and the file stays byte-for-byte as it was', () => {
    const store = openStore(tmp.dir, { key });
    store.audit.append('test', 'marker', 'x');
    store.close();
    const path = join(tmp.dir, DATABASE_FILE);
    const before = snapshot(path);
    const other = writeNewKeyFile(join(`${tmp.dir}-keys`, 'other.key'));
    expect(codeOf(() => openStore(tmp.dir, { key: other }))).toMatch(/^wrong_key: wrong database key for .*other\.key/);
    expect(codeOf(() => openStore(tmp.dir, { key: passphraseKey('a long wrong passphrase', 'test') }))).toMatch(/^wrong_key/);
    // No key at all: refused too, never a silently new empty database.
    expect(codeOf(() => openStore(tmp.dir))).toMatch(/^no_key: .* is encrypted/);
    expect(snapshot(path)).toEqual(before);
    const ok = openStore(tmp.dir, { key });
    expect(ok.audit.recent(10).length).toBeGreaterThan(0);
    ok.close();
  });

  it('a key given for a plain store is refused, leaving it unchanged', () => {
    openStore(tmp.dir).close();
    const path = join(tmp.dir, DATABASE_FILE);
    const before = snapshot(path);
    expect(codeOf(() => openStore(tmp.dir, { key }))).toMatch(/^not_encrypted: .*anjungan db encrypt/);
    expect(snapshot(path)).toEqual(before);
  });

  it('refuses a key file others can read, a symlink, another owner, and one that holds no key', () => {
    const dir = `${tmp.dir}-keys`;
    const loose = join(dir, 'loose.key');
    writeNewKeyFile(loose);
    chmodSync(loose, 0o644);
    expect(codeOf(() => readKeyFile(loose))).toMatch(/^key_file: .*readable by other users \(mode 644\); chmod 600/);
    chmodSync(loose, 0o640);
    expect(codeOf(() => readKeyFile(loose))).toMatch(/mode 640/);
    chmodSync(loose, 0o400);
    expect(readKeyFile(loose).kind).toBe('raw');

    const link = join(dir, 'link.key');
    symlinkSync(join(dir, 'store.key'), link);
    expect(codeOf(() => readKeyFile(link))).toMatch(/symbolic link/);

    const junk = join(dir, 'junk.key');
    writeFileSync(junk, 'not a key\n', { mode: 0o600 });
    expect(codeOf(() => readKeyFile(junk))).toMatch(/is not a key/);

    const foreign = join(dir, 'foreign.key');
    writeNewKeyFile(foreign);
    chownSync(foreign, 65534, 65534); // the tests run as root (chown needs it)
    expect(codeOf(() => readKeyFile(foreign))).toMatch(/belongs to uid 65534/);

    expect(codeOf(() => readKeyFile(join(dir, 'absent.key')))).toMatch(/cannot be read \(ENOENT\)/);
    expect(statSync(join(dir, 'store.key')).mode & 0o777).toBe(0o600);
  });

  it('bounds a passphrase and opens a store with one', () => {
    expect(codeOf(() => passphraseKey('short', 'stdin'))).toMatch(/too short/);
    expect(codeOf(() => passphraseKey('x'.repeat(1025), 'stdin'))).toMatch(/longer than 1024/);
    const pass = passphraseKey("kantor desa kramatwatu 'rahasia'\n", 'stdin');
    openStore(tmp.dir, { key: pass }).close();
    expect(fileState(join(tmp.dir, DATABASE_FILE))).toBe('encrypted');
    const again = openStore(tmp.dir, { key: passphraseKey("kantor desa kramatwatu 'rahasia'", 'env') });
    expect(again.quickCheck()).toEqual(['ok']);
    again.close();
  });

  it('a new install gets a generated key file outside the data folder, named in db-key.json; an old plain store stays plain', () => {
    const data = join(tmp.dir, 'fresh');
    const keyDir = join(`${tmp.dir}-keys`, 'private');
    const d = defaultStoreKey(data, DATABASE_FILE, keyDir);
    expect(d.kind).toBe('created');
    if (d.kind !== 'created') return;
    expect(d.keyFile.startsWith(keyDir)).toBe(true);
    expect(statSync(d.keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(keyDir).mode & 0o777).toBe(0o700);
    expect(readKeyRef(data)).toEqual({ version: 1, keyFile: d.keyFile });
    expect(readFileSync(join(data, KEY_REF_FILE), 'utf8')).not.toContain(d.key.kind === 'raw' ? d.key.bytes.toString('hex') : '-');
    openStore(data, { key: d.key }).close();
    // Every later opener (CLI commands) finds the key by the reference alone.
    const byRef = openStore(data);
    expect(byRef.quickCheck()).toEqual(['ok']);
    byRef.close();
    expect(defaultStoreKey(data, DATABASE_FILE, keyDir).kind).toBe('existing');

    const old = join(tmp.dir, 'old');
    openStore(old).close();
    expect(defaultStoreKey(old, DATABASE_FILE, keyDir)).toEqual({ kind: 'plain' });
    expect(existsSync(join(old, KEY_REF_FILE))).toBe(false);
  });

  it('a passphrase reference says how to give it, or finds it in the variable it names', () => {
    const data = join(tmp.dir, 'p');
    openStore(data, { key: passphraseKey('passphrase of the hub 1', 'env') }).close();
    writeFileSync(join(data, KEY_REF_FILE), JSON.stringify({ version: 1, passphrase: true, env: 'ANJUNGAN_TEST_PASS' }));
    delete process.env['ANJUNGAN_TEST_PASS'];
    expect(codeOf(() => resolveStoredKey(data))).toMatch(/encrypted with a passphrase: give it with --key-stdin or --key-env NAME \(it was \$ANJUNGAN_TEST_PASS\)/);
    process.env['ANJUNGAN_TEST_PASS'] = 'passphrase of the hub 1';
    try {
      const s = openStore(data);
      expect(s.quickCheck()).toEqual(['ok']);
      s.close();
    } finally {
      delete process.env['ANJUNGAN_TEST_PASS'];
    }
    writeFileSync(join(data, KEY_REF_FILE), '{"version":1,"keyFile":');
    expect(codeOf(() => openStore(data))).toMatch(/db-key.json is not valid JSON/);
  });

  it('the hub\'s SQLite file is encrypted the same way', async () => {
    const path = join(tmp.dir, 'hub', 'hub.sqlite');
    const hub = await openSqliteHubStore(path, key);
    expect(await hub.count()).toBe(0);
    await hub.close();
    expect(fileState(path)).toBe('encrypted');
    const before = snapshot(path);
    await expect(openSqliteHubStore(path)).rejects.toThrow(/is encrypted \(or not a database\) and no key was given/);
    await expect(openSqliteHubStore(path, writeNewKeyFile(join(`${tmp.dir}-keys`, 'x.key')))).rejects.toThrow(/wrong database key/);
    expect(snapshot(path)).toEqual(before);
    const again = await openSqliteHubStore(path, key);
    expect(await again.count()).toBe(0);
    await again.close();
  });
});
