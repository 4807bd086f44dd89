import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileState } from '../../../main/db/cipher.js';
import { readKeyFile } from '../../../main/db/keys/db-key.js';
import { KEY_REF_FILE, readKeyRef } from '../../../main/db/keys/key-ref.js';
import { DATABASE_FILE, openStore } from '../../../main/db/store.js';
import { openSqliteHubStore } from '../../../main/hub/open.js';
import { deviceIdentity } from '../../../main/sync/keys.js';
import { LAUNCHER, runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

const ROWS = 4000;

/** A store as the code before encryption left it: plain, with the device's sync key and audit rows. */
function oldPlainStore(dir: string, rows = ROWS): { publicKey: Buffer; signature: string } {
  const store = openStore(dir);
  const id = deviceIdentity('dev-old', store.sync);
  store.transaction(() => {
    for (let i = 0; i < rows; i++) store.audit.append('test', 'fill', `subject-${i}-${'x'.repeat(200)}`);
  });
  const signature = id.sign('batch-1');
  store.close();
  return { publicKey: id.publicKey, signature };
}

function spki(raw: Buffer) {
  return createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]), format: 'der', type: 'spki' });
}

function auditRows(dir: string): number {
  const s = openStore(dir);
  try {
    return s.audit.list({}, 1, 0).total;
  } finally {
    s.close();
  }
}

describe('anjungan db encrypt / rekey', () => {
  let tmp: ReturnType<typeof tempDir>;
  let keys: string;
  beforeEach(() => {
    tmp = tempDir();
    keys = `${tmp.dir}-keys`;
  });
  afterEach(() => tmp.cleanup());

  it('encrypts an old plain store in place; every command then finds the key, and the device key signs as before', async () => {
    const data = join(tmp.dir, 'data');
    const old = oldPlainStore(data);
    const hub = await openSqliteHubStore(join(data, 'hub', 'hub.sqlite'));
    await hub.close();
    const keyFile = join(keys, 'kantor.key');
    const r = await runCli(['db', 'encrypt', '--data', data, '--key-file', keyFile]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wrote a new key file ${keyFile} (0600)`);
    expect(r.stdout).toMatch(/anjungan\.sqlite: encrypted/);
    expect(r.stdout).toMatch(/hub\.sqlite: encrypted/);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(fileState(join(data, DATABASE_FILE))).toBe('encrypted');
    expect(fileState(join(data, 'hub', 'hub.sqlite'))).toBe('encrypted');
    expect(readKeyRef(data)).toEqual({ version: 1, keyFile });
    expect(readKeyRef(join(data, 'hub'))).toEqual({ version: 1, keyFile });
    expect(statSync(join(data, DATABASE_FILE)).mode & 0o777).toBe(0o600);
    expect(readdirSync(data).filter((f) => f.includes('rekey-tmp'))).toEqual([]);

    // The store by its reference: same rows, same device key; a signature made before still verifies.
    const store = openStore(data);
    const id = deviceIdentity('dev-old', store.sync);
    expect(id.publicKey.equals(old.publicKey)).toBe(true);
    expect(verify(null, Buffer.from('batch-1'), spki(old.publicKey), Buffer.from(old.signature, 'base64'))).toBe(true);
    expect(verify(null, Buffer.from('batch-2'), spki(old.publicKey), Buffer.from(id.sign('batch-2'), 'base64'))).toBe(true);
    expect(store.audit.list({}, 1, 0).total).toBe(ROWS);
    expect(store.integrityCheck()).toEqual(['ok']);
    store.close();
    const count = await runCli(['hub', 'count', '--db', join(data, 'hub', 'hub.sqlite')]);
    expect(count.stdout.trim()).toBe('0');
    const doctor = await runCli(['doctor', '--data', data]);
    expect(doctor.stdout).toMatch(/encryption\s+ok\s+encrypted/);
    expect(doctor.stdout).toMatch(/integrity\s+ok/);

    // Again: nothing to do, said so; with another key: refused, the file untouched.
    const again = await runCli(['db', 'encrypt', '--data', data, '--key-file', keyFile]);
    expect(again.stdout).toMatch(/already encrypted with this key/);
    const before = readFileSync(join(data, DATABASE_FILE));
    const other = await runCli(['db', 'encrypt', '--data', data, '--key-file', join(keys, 'other.key')]);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/wrong database key/);
    expect(readFileSync(join(data, DATABASE_FILE)).equals(before)).toBe(true);
  });

  it('refuses a key file other users can read, and a store another process has open, changing nothing', async () => {
    oldPlainStore(tmp.dir, 10);
    const path = join(tmp.dir, DATABASE_FILE);
    const before = readFileSync(path);
    const loose = join(keys, 'loose.key');
    expect((await runCli(['db', 'keygen', '--out', loose])).code).toBe(0);
    chmodSync(loose, 0o644);
    const r = await runCli(['db', 'encrypt', '--data', tmp.dir, '--key-file', loose]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/key file .*loose\.key is readable by other users \(mode 644\); chmod 600/);
    expect(readFileSync(path).equals(before)).toBe(true);

    chmodSync(loose, 0o600);
    const holder = new Database(path);
    holder.pragma('journal_mode = WAL');
    holder.prepare('SELECT count(*) FROM audit_log').get();
    try {
      const busy = await runCli(['db', 'encrypt', '--data', tmp.dir, '--key-file', loose]);
      expect(busy.code).toBe(1);
      expect(busy.stderr).toMatch(/in use by another process \(stop Anjungan first\)/);
    } finally {
      holder.close();
    }
    expect(fileState(path)).toBe('plain');
    expect(existsSync(join(tmp.dir, KEY_REF_FILE))).toBe(false);
    expect(auditRows(tmp.dir)).toBe(10);
  });

  it('a kill -9 at any point of the conversion leaves either the old plain store or the new encrypted one, whole', async () => {
    oldPlainStore(tmp.dir, 30_000);
    const keyFile = join(keys, 'k.key');
    expect((await runCli(['db', 'keygen', '--out', keyFile])).code).toBe(0);
    const path = join(tmp.dir, DATABASE_FILE);
    const outcomes: string[] = [];
    for (const delayMs of [150, 300, 450, 600, 750, 900, 1100, 1400]) {
      if (fileState(path) === 'encrypted') break;
      const child = spawn(process.execPath, [LAUNCHER, 'db', 'encrypt', '--data', tmp.dir, '--key-file', keyFile], { stdio: 'ignore' });
      // Listen from the start: a conversion that finishes before the kill has exited already.
      const exited = new Promise((r) => child.once('exit', r));
      await new Promise((r) => setTimeout(r, delayMs));
      child.kill('SIGKILL');
      await exited;
      const state = fileState(path);
      outcomes.push(state);
      // Plain: opened without a key (the reference is written only after the rename). Encrypted: with it.
      if (state === 'encrypted') {
        const s = openStore(tmp.dir, { key: readKeyFile(keyFile) });
        expect(s.integrityCheck()).toEqual(['ok']);
        expect(s.audit.list({}, 1, 0).total).toBe(30_000);
        s.close();
      } else {
        expect(state).toBe('plain');
        // Opened as the app opens it (read-write): a kill inside the WAL-to-DELETE switch leaves a
        // -wal that only a writing connection may recover; a read-only one refuses it (CI saw that).
        const s = openStore(tmp.dir);
        expect(s.integrityCheck()).toEqual(['ok']);
        expect(s.audit.list({}, 1, 0).total).toBe(30_000);
        s.close();
      }
    }
    const done = await runCli(['db', 'encrypt', '--data', tmp.dir, '--key-file', keyFile]);
    expect(done.code).toBe(0);
    expect(readdirSync(tmp.dir).filter((f) => f.includes('rekey-tmp'))).toEqual([]);
    expect(auditRows(tmp.dir)).toBe(30_000);
    expect(outcomes.length).toBeGreaterThan(0);
  }, 180_000);

  it('rekey: the new key opens the store, the old one no longer does, and db-key.json follows', async () => {
    oldPlainStore(tmp.dir, 50);
    const oldKey = join(keys, 'old.key');
    const newKey = join(keys, 'new.key');
    expect((await runCli(['db', 'encrypt', '--data', tmp.dir, '--key-file', oldKey])).code).toBe(0);
    const r = await runCli(['db', 'rekey', '--data', tmp.dir, '--key-file', oldKey, '--new-key-file', newKey]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/anjungan\.sqlite: new key set/);
    expect(readKeyRef(tmp.dir)).toEqual({ version: 1, keyFile: newKey });
    expect(() => openStore(tmp.dir, { key: readKeyFile(oldKey) })).toThrow(/wrong database key/);
    expect(auditRows(tmp.dir)).toBe(50);

    // The old key given again: the rekey is done already (a rerun after a crash past the rename).
    const rerun = await runCli(['db', 'rekey', '--data', tmp.dir, '--key-file', oldKey, '--new-key-file', newKey]);
    expect(rerun.stdout).toMatch(/already has the new key/);
    // Rotation to a passphrase from an environment variable, the old key found by the reference.
    const toPass = await runCli(['db', 'rekey', '--data', tmp.dir, '--new-key-env', 'DB_PASS'], { DB_PASS: 'kramatwatu sejahtera 2026' });
    expect(toPass.code).toBe(0);
    expect(readKeyRef(tmp.dir)).toEqual({ version: 1, passphrase: true, env: 'DB_PASS' });
    const noPass = await runCli(['search', '--data', tmp.dir, 'AHMAD']);
    expect(noPass.code).toBe(1);
    expect(noPass.stderr).toMatch(/encrypted with a passphrase: give it with --key-stdin or --key-env NAME \(it was \$DB_PASS\)/);
    const withPass = await runCli(['search', '--data', tmp.dir, 'AHMAD'], { DB_PASS: 'kramatwatu sejahtera 2026' });
    expect(withPass.code).toBe(0);
    // A rekey to the key it has is refused.
    const same = await runCli(['db', 'rekey', '--data', tmp.dir, '--new-key-env', 'DB_PASS'], { DB_PASS: 'kramatwatu sejahtera 2026' });
    expect(same.code).toBe(1);
    expect(same.stderr).toMatch(/the new key is the same as the old one/);
  }, 120_000);

  it('hub serve --db FILE --key-file F creates the hub file encrypted; a wrong key is refused with a clear error', async () => {
    const target = join(tmp.dir, 'hub.sqlite');
    const keyFile = join(keys, 'hub.key');
    expect((await runCli(['db', 'keygen', '--out', keyFile])).code).toBe(0);
    const child = spawn(process.execPath, [LAUNCHER, 'hub', 'serve', '--port', '0', '--db', target, '--key-file', keyFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`hub did not start: ${err}`)), 60_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('listening on')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    expect(fileState(target)).toBe('encrypted');
    expect(readKeyRef(tmp.dir)).toEqual({ version: 1, keyFile });
    expect((await runCli(['hub', 'count', '--db', target])).stdout.trim()).toBe('0');
    const wrong = join(keys, 'wrong.key');
    await runCli(['db', 'keygen', '--out', wrong]);
    const before = readFileSync(target);
    const r = await runCli(['hub', 'serve', '--port', '0', '--db', target, '--key-file', wrong]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/wrong database key/);
    expect(readFileSync(target).equals(before)).toBe(true);
  }, 120_000);
});
