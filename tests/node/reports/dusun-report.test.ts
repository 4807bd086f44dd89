import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../main/cli/main.js';
import { reportService } from '../../../main/core/reports/report-service.js';
import { MIGRATIONS } from '../../../main/db/migrations/index.js';
import { openDatabase } from '../../../main/db/open.js';
import { DATABASE_FILE, openStore, type Store } from '../../../main/db/store.js';
import type { DusunMap } from '../../../shared/domain/dusun.js';
import { TEST_APPLICANT, testRequest } from '../../helpers/requests.js';
import { tempDir } from '../../helpers/tmp.js';
import { caller, queueCore, START_MS } from '../queue/queue-helpers.js';

/**
 * The services report per dusun (issue 11 §2 "per dusun/desa"): migration 0250's tally per desa
 * and RW, kept by triggers and backfilled, mapped to dusun by the admin's setting when read.
 * The default office is Desa Kramatwatu (36.04.05.2001).
 */
const SERVICES = [{ id: 'sktm', title: 'SKTM', sla: { days: 1, text: '1 hari kerja' } }];
const W = (day: string, hour = 9): string => new Date(Date.parse(`${day}T00:00:00Z`) + (hour - 7) * 3600_000).toISOString();
const MAP: DusunMap = [{ name: 'Kramat', rws: ['001', '002'] }, { name: 'Cibeber', rws: ['003'] }];
const OFFICE = '36.04.05.2001';
let seq = 0;
const sub = (createdAt: string, desa: string | null, rw: string | null) => {
  seq++;
  const applicant: Record<string, string> = {};
  if (desa !== null) applicant.kelDesa = desa;
  if (rw !== null) applicant.rw = rw;
  return { id: randomUUID(), registrationNo: `R-${seq}`, trackingCode: `T${seq}`, serviceId: 'sktm', serviceVersion: 1, payload: { channel: 'kiosk', applicant }, createdAt };
};
const pairs = (rows: { key: string; count: number }[]) => rows.map((r) => [r.key, r.count]);
const perDusun = (store: Store, p: { from: string; to: string }, map: DusunMap = MAP) =>
  reportService({ reports: store.reports, services: SERVICES, dusun: { officeCode: OFFICE, dusunMap: map } }).services(p);

describe('migration 0250: requests per desa and RW, per dusun when read', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('tallies the submissions stored before it ran (daily and monthly), then keeps the tally as requests come, move and go', () => {
    const path = join(tmp.dir, DATABASE_FILE);
    const old = openDatabase(path, { migrations: MIGRATIONS.filter((m) => m.version < 250) });
    const add = old.prepare("INSERT INTO submissions (id, registration_no, tracking_code, service_id, service_version, payload, status, created_at, updated_at) VALUES (?, ?, ?, 'sktm', 1, ?, 'received', ?, ?)");
    const before = [
      sub(W('2026-10-31', 23), 'KRAMATWATU', '001'), // 23:00 WIB: still 31 October
      sub(W('2026-11-02'), 'KRAMATWATU', '001'),
      sub(W('2026-11-03'), 'KRAMATWATU', '003'),
      sub(W('2026-11-03'), 'KRAMATWATU', '007'), // no dusun holds RW 007
      sub(W('2026-11-04'), 'PEJATEN', '001'), // another desa's RW 001
      sub(W('2026-11-05'), null, null), // nothing recorded
      sub(W('2026-11-30', 23), 'Kramatwatu', '002'),
    ];
    for (const s of before) add.run(s.id, s.registrationNo, s.trackingCode, JSON.stringify(s.payload), s.createdAt, s.createdAt);
    add.run('imp', 'R-imp', 'Timp', '{"imported":true,"applicant":{"rw":3}}', W('2026-11-06'), W('2026-11-06')); // a number, not text: RW 003
    old.close();

    const store = openStore(tmp.dir);
    try {
      const NOV = { from: '2026-11-01', to: '2026-11-30' }; // a whole month: read from report_rw_tally_month
      const r = perDusun(store, NOV);
      expect(r.dusunDesa).toBe('Kramatwatu');
      expect(r.byDusun).toEqual([
        { key: 'Cibeber', label: 'Cibeber', count: 2 },
        { key: 'Kramat', label: 'Kramat', count: 2 },
        { key: '', label: 'Tanpa dusun', count: 2 },
        { key: '(luar desa)', label: 'Luar Desa Kramatwatu', count: 1 },
      ]);
      expect(r.byDusun.reduce((a, g) => a + g.count, 0)).toBe(r.total);
      // The same days read from the daily tally (a range inside the month) agree.
      expect(pairs(perDusun(store, { from: '2026-11-02', to: '2026-11-30' }).byDusun)).toEqual(pairs(r.byDusun));
      expect(pairs(perDusun(store, { from: '2026-10-31', to: '2026-10-31' }).byDusun)).toEqual([['Kramat', 1]]);

      // Triggers: a new request, one whose RW is corrected, one deleted.
      const late = sub(W('2026-11-20'), 'KRAMATWATU', '003');
      store.submissions.insert(late);
      const db = openDatabase(path, { migrations: MIGRATIONS });
      try {
        db.prepare("UPDATE submissions SET payload = json_set(payload, '$.applicant.rw', '001') WHERE id = ?").run(before[3]!.id);
        db.prepare('DELETE FROM submissions WHERE id = ?').run(before[2]!.id);
      } finally {
        db.close();
      }
      expect(pairs(perDusun(store, NOV).byDusun)).toEqual([['Kramat', 3], ['Cibeber', 2], ['', 1], ['(luar desa)', 1]]);
      expect(pairs(perDusun(store, { from: '2026-11-02', to: '2026-11-29' }).byDusun)).toEqual([['Cibeber', 2], ['Kramat', 2], ['', 1], ['(luar desa)', 1]]);
    } finally {
      store.close();
    }
  });

  it('shows a changed mapping at once, with the tally untouched; the read goes through the keys', () => {
    const store = openStore(tmp.dir);
    try {
      for (const s of [sub(W('2026-11-02'), 'KRAMATWATU', '001'), sub(W('2026-11-02'), 'KRAMATWATU', '002'), sub(W('2026-11-03'), 'KRAMATWATU', '003')]) store.submissions.insert(s);
      const NOV = { from: '2026-11-01', to: '2026-11-30' };
      const db = openDatabase(join(tmp.dir, DATABASE_FILE), { migrations: MIGRATIONS });
      const tally = () => db.prepare('SELECT * FROM report_rw_tally ORDER BY day, desa, rw').all();
      const month = () => db.prepare('SELECT * FROM report_rw_tally_month ORDER BY month, desa, rw').all();
      const held = [tally(), month()];
      expect(pairs(perDusun(store, NOV).byDusun)).toEqual([['Kramat', 2], ['Cibeber', 1]]);
      // RW 002 moves to Cibeber, a new dusun Sukamaju takes nothing yet.
      const moved: DusunMap = [{ name: 'Kramat', rws: ['001'] }, { name: 'Cibeber', rws: ['002', '003'] }, { name: 'Sukamaju', rws: ['004'] }];
      expect(pairs(perDusun(store, NOV, moved).byDusun)).toEqual([['Cibeber', 2], ['Kramat', 1]]);
      expect(pairs(perDusun(store, NOV, []).byDusun)).toEqual([['', 3]]);
      expect([tally(), month()]).toEqual(held);
      const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((p) => p.detail).join(' ');
      expect(plan("SELECT desa, rw, n FROM report_rw_tally WHERE day BETWEEN '2026-11-02' AND '2026-11-30'")).toMatch(/SEARCH report_rw_tally USING PRIMARY KEY \(day>\? AND day<\?\)/);
      expect(plan("SELECT desa, rw, n FROM report_rw_tally_month WHERE month BETWEEN '2026-01' AND '2026-12'")).toMatch(/SEARCH report_rw_tally_month USING PRIMARY KEY \(month>\? AND month<\?\)/);
      db.close();
    } finally {
      store.close();
    }
  });
});

describe('the dusun mapping through the core: admin only, validated, audited, in the next report', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('stores a good mapping (audited), refuses a bad one whole, and the services report follows it', async () => {
    const core = await queueCore(tmp.dir, { ms: START_MS });
    try {
      const kiosk = caller(core, 'kiosk');
      const admin = caller(core, 'admin', 'ani');
      const operator = caller(core, 'operator', 'siti');
      for (const [desa, rw] of [['KRAMATWATU', '001'], ['KRAMATWATU', '002'], ['KRAMATWATU', '005'], ['PEJATEN', '001']]) {
        await kiosk.ok('kiosk:submit', testRequest('sktm', { applicant: { ...TEST_APPLICANT, kelDesa: desa, rw } }));
      }
      const today = { from: '2026-11-23', to: '2026-11-23' };
      expect(pairs((await admin.ok('reports:services', { period: today })).byDusun)).toEqual([['', 3], ['(luar desa)', 1]]);

      expect((await operator.call('settings:update', { dusunMap: MAP })).ok).toBe(false);
      const twice = await admin.call('settings:update', { dusunMap: [{ name: 'A', rws: ['001'] }, { name: 'B', rws: ['001'] }] });
      expect(twice.ok).toBe(false);
      expect(!twice.ok && twice.error.code).toBe('invalid_request');
      expect(core.services.settings.get().dusunMap).toEqual([]);

      expect((await admin.ok('settings:update', { dusunMap: MAP })).dusunMap).toEqual(MAP);
      const audit = core.services.store.audit.recent(5).find((e) => e.action === 'settings.update');
      expect(audit).toMatchObject({ actor: expect.stringMatching(/ani$/), detail: { keys: ['dusunMap'] } });
      expect(pairs((await admin.ok('reports:services', { period: today })).byDusun)).toEqual([['Kramat', 2], ['', 1], ['(luar desa)', 1]]);
    } finally {
      await core.close();
    }
  });
});

describe('anjungan report services: the per-dusun rows of the CSV', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    tmp.cleanup();
  });

  it('has one row per dusun with its count, under the stored mapping of the moment', async () => {
    const store = openStore(tmp.dir);
    for (const s of [sub(W('2026-11-02'), 'KRAMATWATU', '001'), sub(W('2026-11-02'), 'KRAMATWATU', '003'), sub(W('2026-11-03'), 'KRAMATWATU', '003'), sub(W('2026-11-04'), 'PEJATEN', '003'), sub(W('2026-11-04'), null, null)]) store.submissions.insert(s);
    store.settings.writeMany({ dusunMap: MAP });
    store.close();
    const file = join(tmp.dir, 'services.csv');
    const csv = async (): Promise<string[]> => {
      expect(await main(['report', 'services', '--data', tmp.dir, '--from', '2026-11-01', '--to', '2026-11-30', '--format', 'csv', '--out', file])).toBe(0);
      const lines = readFileSync(file, 'utf8').replace(/^\ufeff/, '').trim().split('\r\n');
      expect(lines[0]).toBe('group,key,label,count');
      return lines.filter((l) => l.startsWith('dusun,'));
    };
    expect(await csv()).toEqual(['dusun,Cibeber,Cibeber,2', 'dusun,Kramat,Kramat,1', 'dusun,,Tanpa dusun,1', 'dusun,(luar desa),Luar Desa Kramatwatu,1']);
    const again = openStore(tmp.dir);
    again.settings.writeMany({ dusunMap: [{ name: 'Dusun I', rws: ['001', '003'] }] });
    again.close();
    expect(await csv()).toEqual(['dusun,Dusun I,Dusun I,3', 'dusun,,Tanpa dusun,1', 'dusun,(luar desa),Luar Desa Kramatwatu,1']);
  });
});
