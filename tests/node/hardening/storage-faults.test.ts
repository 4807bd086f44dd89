import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core/core.js';
import { DATABASE_FILE, openStore } from '../../../main/db/store.js';
import { createLogger } from '../../../main/log.js';
import { runCli } from '../../helpers/cli.js';
import { testRequest } from '../../helpers/requests.js';
import { tempDir } from '../../helpers/tmp.js';

const quiet = createLogger('test', () => {});

/** A small real filesystem (tmpfs, as root in CI) to fill up. */
function smallDisk(megabytes: number): { dir: string; cleanup: () => void } {
  const tmp = tempDir('anjungan-disk-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}M,mode=0700`, 'tmpfs', tmp.dir]);
  return {
    dir: tmp.dir,
    cleanup: () => {
      execFileSync('umount', [tmp.dir]);
      tmp.cleanup();
    },
  };
}

describe('private files (issue 14, defect 1)', () => {
  it('the data folder is 0700 and the database files 0600, also when found looser; another user cannot read them', async () => {
    const tmp = tempDir();
    try {
      const data = join(tmp.dir, 'data');
      mkdirSync(data, { mode: 0o755 });
      writeFileSync(join(data, DATABASE_FILE), '');
      chmodSync(join(data, DATABASE_FILE), 0o644);
      expect((await runCli(['doctor', '--data', data])).stdout).toMatch(/file modes\s+FAIL\s+readable by other users/);
      rmSync(join(data, DATABASE_FILE));
      const store = openStore(data);
      store.audit.append('test', 'write');
      const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);
      expect(mode(data)).toBe('700');
      for (const f of [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`]) expect(mode(join(data, f))).toBe('600');
      chmodSync(tmp.dir, 0o755); // the parent stays traversable: the 0700 folder itself must stop "nobody"
      let err = '';
      try {
        execFileSync('runuser', ['-u', 'nobody', '--', 'sqlite3', '-readonly', join(data, DATABASE_FILE), 'select hex(private_key) from sync_keys'], { stdio: 'pipe' });
      } catch (e) {
        err = String((e as { stderr?: Buffer }).stderr ?? e);
      }
      expect(err).toMatch(/unable to open|Permission denied|authorization/i);
      store.close();
      expect((await runCli(['doctor', '--data', data])).stdout).toMatch(/file modes\s+ok/);
    } finally {
      tmp.cleanup();
    }
  });
});

describe('a full disk and an unwritable store say so (issue 14, defect 6)', () => {
  let core: Core | undefined;
  let disk: { dir: string; cleanup: () => void } | undefined;
  afterEach(async () => {
    await core?.close().catch(() => undefined);
    core = undefined;
    disk?.cleanup();
    disk = undefined;
  });

  it('disk full: the submit answers storage_full, health says disk_full, nothing half-stored, and it works again once space is freed', async () => {
    disk = smallDisk(6);
    core = await createCore({ dataDir: join(disk.dir, 'data'), shell: 'host', log: quiet, watchCatalogue: false });
    const said: string[] = [];
    core.events.on('app:storage', (p) => said.push(p.problem));
    const first = await core.dispatcher.invoke('kiosk:submit', testRequest('sku'), { transport: 'internal' });
    expect(first.ok).toBe(true);
    expect(said).toEqual([]);
    const filler = join(disk.dir, 'filler');
    try {
      execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { stdio: 'ignore' });
    } catch {
      /* dd stops when the disk is full: that is the point */
    }
    let failed: unknown;
    for (let i = 0; i < 50 && !failed; i++) {
      const r = await core.dispatcher.invoke('kiosk:submit', testRequest('sku', { answers: { jenisUsaha: `WARUNG ${i} ${'X'.repeat(30)}`, alamatUsaha: 'KP. KRAMAT', lamaUsaha: '3', keperluan: 'kur' } }), { transport: 'internal' });
      if (!r.ok) failed = r;
    }
    expect(failed).toMatchObject({ ok: false, error: { code: 'storage_full' } });
    // The desk's health panel is told at once (it refreshes on app:storage), not at the next submission.
    expect(said).toContain('storage_full');
    const health = await core.dispatcher.invoke('app:health', {}, { transport: 'internal' });
    expect(health).toMatchObject({ ok: true, value: { store: { ok: false, problemCode: 'disk_full' } } });
    const before = core.services.store.submissions.count();
    rmSync(filler);
    const again = await core.dispatcher.invoke('kiosk:submit', testRequest('sku'), { transport: 'internal' });
    expect(again.ok).toBe(true);
    expect(core.services.store.submissions.count()).toBe(before + 1);
    expect(core.services.store.integrityCheck()).toEqual(['ok']);
  });

  it('an immutable store: health says read_only, doctor FAILs it', async () => {
    const tmp = tempDir();
    try {
      const store = openStore(tmp.dir);
      store.close();
      const db = join(tmp.dir, DATABASE_FILE);
      execFileSync('chattr', ['+i', db]);
      try {
        const doctor = await runCli(['doctor', '--data', tmp.dir]);
        expect(doctor.code).toBe(1);
        expect(doctor.stdout).toMatch(/writable\s+FAIL\s+anjungan.sqlite cannot be written/);
        const { storeHealth } = await import('../../../main/core/store-health.js');
        const reader = openStore(tmp.dir);
        try {
          expect(storeHealth(reader)).toMatchObject({ ok: false, problemCode: 'read_only' });
        } finally {
          reader.close();
        }
      } finally {
        execFileSync('chattr', ['-i', db]);
      }
    } finally {
      tmp.cleanup();
    }
  });
});

describe('a full hub disk is "storage_full", not "busy" (issue 14, defect 6)', () => {
  it('the kiosk keeps its backlog and reports storage_full; once space is freed everything arrives once', async () => {
    const disk = smallDisk(8);
    const { startHubServer } = await import('../../../main/hub/server.js');
    const { openHubStore } = await import('../../../main/hub/open.js');
    const { SyncEngine } = await import('../../../main/sync/engine.js');
    const { openKioskFile } = await import('../../../main/sync/kiosk-db.js');
    const { parseImportLine } = await import('../../../main/sync/records.js');
    const tmp = tempDir();
    const store = await openHubStore(join(disk.dir, 'hub.sqlite'));
    const hub = await startHubServer({ store, port: 0, log: quiet, enrolment: 'open' });
    const kiosk = openKioskFile(join(tmp.dir, 'kiosk.sqlite'));
    try {
      const now = new Date().toISOString();
      for (let i = 0; i < 40; i++) kiosk.sync.importRecord(parseImportLine(JSON.stringify({ id: `r-${i}`, text: 'x'.repeat(3000) + i }), now));
      const filler = join(disk.dir, 'filler');
      try {
        execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { stdio: 'ignore' });
      } catch {
        /* full */
      }
      const engine = new SyncEngine({ kiosk, upstream: hub.url, log: quiet });
      await expect(engine.runOnce()).rejects.toMatchObject({ code: 'storage_full' });
      expect(kiosk.sync.backlog()).toBe(40);
      rmSync(filler);
      const done = await engine.runOnce();
      expect(done.delivered).toBe(40);
      expect(await store.count()).toBe(40);
    } finally {
      kiosk.close();
      await hub.close();
      await store.close();
      disk.cleanup();
      tmp.cleanup();
    }
  });
});
