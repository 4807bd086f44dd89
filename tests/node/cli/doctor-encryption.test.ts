import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeNewKeyFile } from '../../../main/db/keys/db-key.js';
import { KEY_REF_FILE, writeKeyRef } from '../../../main/db/keys/key-ref.js';
import { DATABASE_FILE, openStore } from '../../../main/db/store.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

/** An encrypted store as `anjungan start` makes for a new install: key file outside, db-key.json inside. */
function encryptedStore(dir: string, keyFile: string): void {
  const key = writeNewKeyFile(keyFile);
  writeKeyRef(dir, { version: 1, keyFile });
  const s = openStore(dir, { key });
  s.audit.append('test', 'fill', 'x');
  s.close();
}

/** Runs fn with a filesystem mounted at `at` (tests run as root), unmounting whatever fn does. */
async function mounted(args: string[], at: string, fn: () => Promise<void>): Promise<void> {
  mkdirSync(at, { recursive: true });
  execFileSync('mount', [...args, at]);
  try {
    await fn();
  } finally {
    execFileSync('umount', [at]);
  }
}

describe('anjungan doctor: encryption, key files, modes, read-only, free space', () => {
  let tmp: ReturnType<typeof tempDir>;
  let keys: string;
  beforeEach(() => {
    tmp = tempDir();
    keys = `${tmp.dir}-keys`;
  });
  afterEach(() => tmp.cleanup());

  it('an encrypted store with a private key file: encryption ok, key ok, integrity checked through the key', async () => {
    encryptedStore(tmp.dir, join(keys, 'k.key'));
    const r = await runCli(['doctor', '--data', tmp.dir]);
    expect(r.stdout).toMatch(/encryption\s+ok\s+encrypted \(SQLCipher 4\)/);
    expect(r.stdout).toMatch(/key file\s+ok\s+.*k\.key \(0600, this user's\)/);
    expect(r.stdout).toMatch(/integrity\s+ok/);
    expect(r.stdout).toMatch(/audit log\s+ok/);
    expect(r.code).toBe(0);
  });

  it('a plain store: encryption warn (exit 0), naming the command that fixes it', async () => {
    openStore(tmp.dir).close();
    const r = await runCli(['doctor', '--data', tmp.dir]);
    expect(r.stdout).toMatch(/encryption\s+warn\s+not encrypted: .*anjungan db encrypt/);
    expect(r.code).toBe(0);
  });

  it('FAILs a key file others can read, a wrong key, a missing db-key.json; warns about a key inside the data folder', async () => {
    const keyFile = join(keys, 'k.key');
    encryptedStore(tmp.dir, keyFile);
    chmodSync(keyFile, 0o644);
    const loose = await runCli(['doctor', '--data', tmp.dir]);
    expect(loose.code).toBe(1);
    expect(loose.stdout).toMatch(/database key\s+FAIL\s+key file .*k\.key is readable by other users \(mode 644\)/);
    chmodSync(keyFile, 0o600);

    const before = readFileSync(join(tmp.dir, DATABASE_FILE));
    const other = join(keys, 'other.key');
    writeNewKeyFile(other);
    writeKeyRef(tmp.dir, { version: 1, keyFile: other });
    const wrong = await runCli(['doctor', '--data', tmp.dir]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/database key\s+FAIL\s+wrong database key/);
    expect(readFileSync(join(tmp.dir, DATABASE_FILE)).equals(before)).toBe(true);

    execFileSync('rm', [join(tmp.dir, KEY_REF_FILE)]);
    const none = await runCli(['doctor', '--data', tmp.dir]);
    expect(none.code).toBe(1);
    expect(none.stdout).toMatch(/encryption\s+FAIL\s+not plain SQLite, and db-key.json is missing/);
    expect(none.stdout).toMatch(/database\s+FAIL\s+cannot read anjungan.sqlite: .* is encrypted \(or not a database\) and no key was given/);

    const inside = join(tmp.dir, 'inside.key');
    writeFileSync(inside, readFileSync(keyFile), { mode: 0o600 });
    writeKeyRef(tmp.dir, { version: 1, keyFile: inside });
    const beside = await runCli(['doctor', '--data', tmp.dir]);
    expect(beside.stdout).toMatch(/key file\s+warn\s+.*inside\.key lies inside the data folder/);
    expect(beside.stdout).toMatch(/integrity\s+ok/);
  });

  it('FAILs a -wal or -shm readable by others, and an immutable -wal (chattr +i)', async () => {
    encryptedStore(tmp.dir, join(keys, 'k.key'));
    const path = join(tmp.dir, DATABASE_FILE);
    // A running store keeps its -wal and -shm; a plain second connection holds them open here.
    const store = openStore(tmp.dir);
    store.audit.append('test', 'more', 'y');
    try {
      chmodSync(`${path}-wal`, 0o644);
      chmodSync(`${path}-shm`, 0o604);
      const modes = await runCli(['doctor', '--data', tmp.dir]);
      expect(modes.code).toBe(1);
      expect(modes.stdout).toMatch(/file modes\s+FAIL\s+readable by other users: .*anjungan\.sqlite-wal is 644 \(want 600\); .*anjungan\.sqlite-shm is 604/);
      chmodSync(`${path}-wal`, 0o600);
      chmodSync(`${path}-shm`, 0o600);
      execFileSync('chattr', ['+i', `${path}-wal`]);
      try {
        const imm = await runCli(['doctor', '--data', tmp.dir]);
        expect(imm.code).toBe(1);
        expect(imm.stdout).toMatch(/writable\s+FAIL\s+anjungan\.sqlite-wal cannot be written \(EPERM\): .*immutable/);
      } finally {
        execFileSync('chattr', ['-i', `${path}-wal`]);
      }
    } finally {
      store.close();
    }
  });

  it('FAILs a store on a read-only mount (a read-only bind mount of the data folder)', async () => {
    encryptedStore(tmp.dir, join(keys, 'k.key'));
    const ro = join(`${tmp.dir}-keys`, 'ro');
    await mounted(['--bind', tmp.dir], ro, async () => {
      execFileSync('mount', ['-o', 'remount,bind,ro', ro]);
      const r = await runCli(['doctor', '--data', ro]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/data folder\s+FAIL\s+.* is not writable/);
      expect(r.stdout).toMatch(/writable\s+FAIL\s+anjungan\.sqlite cannot be written \(EROFS\)/);
    });
  });

  it('free disk: FAIL under 200 MiB, warn under 1 GiB (real tmpfs mounts of those sizes)', async () => {
    const small = join(tmp.dir, 'small');
    await mounted(['-t', 'tmpfs', '-o', 'size=64m,mode=0700', 'tmpfs'], small, async () => {
      encryptedStore(small, join(keys, 'small.key'));
      const r = await runCli(['doctor', '--data', small]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/free disk\s+FAIL\s+6\d\.\d MiB free/);
    });
    const mid = join(tmp.dir, 'mid');
    await mounted(['-t', 'tmpfs', '-o', 'size=600m,mode=0700', 'tmpfs'], mid, async () => {
      encryptedStore(mid, join(keys, 'mid.key'));
      const r = await runCli(['doctor', '--data', mid]);
      expect(r.stdout).toMatch(/free disk\s+warn\s+(59\d|600)\.\d MiB free/);
      expect(r.code).toBe(0);
    });
  });

  it('reads only: a plain store opened by another process is left as it was', async () => {
    openStore(tmp.dir).close();
    const path = join(tmp.dir, DATABASE_FILE);
    const db = new Database(path);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const before = readFileSync(path);
    await runCli(['doctor', '--data', tmp.dir]);
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});
