import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core/core.js';
import { lockMsAfter } from '../../../main/core/auth/accounts.js';
import { verifyPassword } from '../../../main/core/auth/passwords.js';
import { DATABASE_FILE, openStore } from '../../../main/db/store.js';
import { createLogger } from '../../../main/log.js';
import { LAUNCHER, runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

const quiet = createLogger('test', () => {});

describe('desk accounts: login offline, growing lockout, first admin, idle lock', () => {
  let tmp: ReturnType<typeof tempDir>;
  let core: Core;
  let clock: number;
  beforeEach(async () => {
    tmp = tempDir();
    clock = Date.parse('2026-12-01T08:00:00Z');
    core = await createCore({ dataDir: tmp.dir, shell: 'host', log: quiet, watchCatalogue: false, now: () => new Date(clock) });
    await core.services.settings.update({ role: 'operator' }, 'test');
  });
  afterEach(async () => {
    await core.close();
    tmp.cleanup();
  });

  const page = () => core.services.sessions.create();
  const call = (session: ReturnType<typeof page>, name: string, req: unknown) => core.dispatcher.invoke(name, req, { transport: 'host', session });

  it('first run: setup makes the first admin once; then the admin adds an operator who logs in', async () => {
    const p = page();
    expect(await call(p, 'auth:status', {})).toMatchObject({ ok: true, value: { user: null, needsSetup: true } });
    expect(await call(p, 'users:list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const setup = await call(p, 'auth:setup', { username: 'admin', name: 'Admin Desa', password: 'rahasia-admin-1' });
    expect(setup).toMatchObject({ ok: true, value: { user: { username: 'admin', role: 'admin' }, needsSetup: false } });
    expect(await call(page(), 'auth:setup', { username: 'evil', name: 'Evil', password: 'rahasia-evil-1' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await call(p, 'users:add', { username: 'siti', name: 'Siti Aminah', role: 'operator', password: 'pendek' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect((await call(p, 'users:add', { username: 'siti', name: 'Siti Aminah', role: 'operator', password: 'siti-rahasia-2026' })).ok).toBe(true);

    const desk = page();
    const login = await call(desk, 'auth:login', { username: 'SITI', password: 'siti-rahasia-2026' });
    expect(login).toMatchObject({ ok: true, value: { user: { username: 'siti', role: 'operator' } } });
    expect((await call(desk, 'submissions:list', {})).ok).toBe(true);
    expect(await call(desk, 'settings:update', { language: 'en' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // The next user logs in on the same desk without a restart.
    await call(desk, 'auth:logout', {});
    expect(await call(desk, 'submissions:list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await call(desk, 'auth:login', { username: 'admin', password: 'rahasia-admin-1' })).ok).toBe(true);
    expect((await call(desk, 'settings:update', { language: 'en' })).ok).toBe(true);

    const actions = core.services.store.audit.recent(20).map((e) => `${e.actor} ${e.action}`);
    expect(actions).toEqual(expect.arrayContaining(['setup user.add', 'admin:admin user.add', 'operator:siti login', 'operator:siti logout', 'admin:admin settings.update']));
  });

  it('wrong passwords lock the account, each further failure doubles the wait; the right password then works', async () => {
    const p = page();
    await call(p, 'auth:setup', { username: 'admin', name: 'Admin', password: 'rahasia-admin-1' });
    const desk = page();
    for (let i = 1; i <= 4; i++) {
      expect(await call(desk, 'auth:login', { username: 'admin', password: `salah-${i}` })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    expect(await call(desk, 'auth:login', { username: 'admin', password: 'salah-5' })).toMatchObject({
      ok: false,
      error: { code: 'locked', details: { retryAfterSeconds: 30 } },
    });
    // Locked: even the right password waits.
    expect(await call(desk, 'auth:login', { username: 'admin', password: 'rahasia-admin-1' })).toMatchObject({ ok: false, error: { code: 'locked' } });
    clock += 31_000;
    expect(await call(desk, 'auth:login', { username: 'admin', password: 'salah-6' })).toMatchObject({ ok: false, error: { code: 'locked', details: { retryAfterSeconds: 60 } } });
    clock += 61_000;
    expect((await call(desk, 'auth:login', { username: 'admin', password: 'rahasia-admin-1' })).ok).toBe(true);
    expect(lockMsAfter(4)).toBe(0);
    expect(lockMsAfter(7)).toBe(120_000);
    expect(lockMsAfter(40)).toBe(3_600_000);
    const failed = core.services.store.audit.list({ action: 'login' }, 50, 0).items.map((e) => e.action);
    expect(failed.filter((a) => a === 'login.failed')).toHaveLength(6);
    expect(failed).toContain('login.locked');
    // An unknown user is refused the same way, and audited by the name tried.
    expect(await call(desk, 'auth:login', { username: 'nobody', password: 'whatever-1' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(core.services.store.audit.recent(1)[0]).toMatchObject({ actor: 'user:nobody', action: 'login.failed' });
  });

  it('the desk locks after the idle time: the session ends and says so, and the login is audited as ended', async () => {
    await core.services.settings.update({ deskLockMinutes: 1 }, 'test');
    const p = page();
    await call(p, 'auth:setup', { username: 'admin', name: 'Admin', password: 'rahasia-admin-1' });
    expect((await call(p, 'users:list', {})).ok).toBe(true);
    const realNow = Date.now;
    try {
      Date.now = () => realNow() + 61_000;
      expect(await call(p, 'users:list', {})).toMatchObject({ ok: false, error: { code: 'session_expired' } });
      expect(await call(p, 'auth:status', {})).toMatchObject({ ok: true, value: { user: null } });
    } finally {
      Date.now = realNow;
    }
    expect(core.services.store.audit.recent(5).map((e) => e.action)).toContain('logout.idle');
  });

  it('the last admin cannot be demoted or disabled', async () => {
    const p = page();
    const s = await call(p, 'auth:setup', { username: 'admin', name: 'Admin', password: 'rahasia-admin-1' });
    const id = (s as { value: { user: { id: string } } }).value.user.id;
    expect(await call(p, 'users:update', { id, role: 'operator' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await call(p, 'users:update', { id, disabled: true })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});

describe('anjungan user add', () => {
  it('adds the first admin with the password from stdin; refuses a weak password and a taken name', async () => {
    const tmp = tempDir();
    try {
      const ok = await runCli(['user', 'add', '--data', tmp.dir, '--username', 'kades', '--role', 'admin', '--name', 'Kepala Desa'], {}, 60_000, 'rahasia-kades-1\n');
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toBe('added kades (admin)\n');
      const weak = await runCli(['user', 'add', '--data', tmp.dir, '--username', 'siti', '--role', 'operator'], {}, 60_000, 'abc\n');
      expect(weak.code).toBe(1);
      expect(weak.stderr).toContain('at least 8 characters');
      const taken = await runCli(['user', 'add', '--data', tmp.dir, '--username', 'KADES', '--role', 'operator'], {}, 60_000, 'rahasia-lain-1\n');
      expect(taken.code).toBe(1);
      expect(taken.stderr).toContain('taken');
      const bad = await runCli(['user', 'add', '--data', tmp.dir, '--username', 'x', '--role', 'boss']);
      expect(bad.code).toBe(2);
      const store = openStore(tmp.dir);
      try {
        expect(store.users.list().map((u) => [u.username, u.role])).toEqual([['kades', 'admin']]);
        expect(store.users.list()[0]!.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
      } finally {
        store.close();
      }
    } finally {
      tmp.cleanup();
    }
  });
});

describe('anjungan user add at a terminal', () => {
  it('asks for the password at a prompt that does not echo it (a real pty through script(1))', { timeout: 90_000 }, async () => {
    const tmp = tempDir();
    try {
      const password = 'rahasia-prompt-1';
      const cmd = `'${process.execPath}' '${LAUNCHER}' user add --data '${tmp.dir}' --username lurah --role admin`;
      const child = spawn('script', ['-qec', cmd, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let seen = '';
      const code = await new Promise<number | null>((done) => {
        child.stdout.on('data', (d: Buffer) => {
          const before = seen;
          seen += d.toString();
          if (!before.includes('Password for lurah:') && seen.includes('Password for lurah:')) child.stdin.write(`${password}\r`);
        });
        child.once('exit', done);
      });
      expect(code, seen).toBe(0);
      expect(seen).toContain('added lurah (admin)');
      expect(seen).not.toContain(password);
      const store = openStore(tmp.dir);
      try {
        const user = store.users.list().find((u) => u.username === 'lurah')!;
        expect(await verifyPassword(password, user.passwordHash)).toBe(true);
      } finally {
        store.close();
      }
    } finally {
      tmp.cleanup();
    }
  });
});

describe('audit log: append-only and hash-chained', () => {
  it('refuses UPDATE and DELETE, and doctor reports an edited, a removed and a cut-off row', async () => {
    const tmp = tempDir();
    try {
      const store = openStore(tmp.dir);
      for (let i = 0; i < 5; i++) store.audit.append('operator:siti', 'request.view', `sub-${i}`, { i });
      expect(store.audit.verifyChain()).toEqual({ rows: 5, ok: true, problem: null });
      store.close();
      const path = join(tmp.dir, DATABASE_FILE);
      const db = new Database(path);
      expect(() => db.prepare("UPDATE audit_log SET actor = 'x' WHERE seq = 2").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(/append-only/);
      const healthy = await runCli(['doctor', '--data', tmp.dir]);
      expect(healthy.stdout).toMatch(/audit log\s+ok\s+5 rows, hash chain intact/);

      // Someone with the file drops the trigger and edits a row: the chain shows it.
      db.exec('DROP TRIGGER audit_log_append_only_update');
      db.prepare("UPDATE audit_log SET subject = 'sub-other' WHERE seq = 3").run();
      db.close();
      const edited = await runCli(['doctor', '--data', tmp.dir]);
      expect(edited.code).toBe(1);
      expect(edited.stdout).toMatch(/audit log\s+FAIL\s+audit row 3 was edited/);

      const db2 = new Database(path);
      db2.prepare("UPDATE audit_log SET subject = 'sub-2' WHERE seq = 3").run();
      db2.exec('DROP TRIGGER audit_log_append_only_delete');
      db2.prepare('DELETE FROM audit_log WHERE seq = 2').run();
      db2.close();
      expect((await runCli(['doctor', '--data', tmp.dir])).stdout).toMatch(/audit row 2 is missing/);

      const db3 = new Database(path);
      db3.prepare('DELETE FROM audit_log WHERE seq >= 2').run();
      db3.close();
      expect((await runCli(['doctor', '--data', tmp.dir])).stdout).toMatch(/rows were removed from the end/);
    } finally {
      tmp.cleanup();
    }
  });
});
