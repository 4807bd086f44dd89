import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../main/cli/main.js';
import { reportService } from '../../../main/core/reports/report-service.js';
import { MIGRATIONS } from '../../../main/db/migrations/index.js';
import { openDatabase } from '../../../main/db/open.js';
import { DATABASE_FILE, openStore, type Store } from '../../../main/db/store.js';
import { tempDir } from '../../helpers/tmp.js';

const SERVICES = [
  { id: 'sktm', title: 'Surat Keterangan Tidak Mampu', sla: { days: 1, text: '1 hari kerja' } },
  { id: 'sku', title: 'Surat Keterangan Usaha', sla: { days: 2, text: '2 hari kerja' } },
  { id: 'pengaduan', title: 'Pengaduan', sla: { days: 5, text: '5 hari kerja' }, kind: 'complaint' as const },
  { id: 'kritik-saran', title: 'Kritik dan saran', sla: { days: 7, text: '7 hari kerja' }, kind: 'complaint' as const },
];
let seq = 0;
function sub(serviceId: string, createdAt: string, channel: string | null, desa: string | null) {
  seq++;
  const payload: Record<string, unknown> = channel === null ? { imported: true } : { channel, applicant: { kelDesa: desa } };
  return { id: randomUUID(), registrationNo: `R-${seq}`, trackingCode: `T${seq}`, serviceId, serviceVersion: 1, payload, createdAt };
}
const W = (day: string, hour = 9): string => new Date(Date.parse(`${day}T00:00:00Z`) + (hour - 7) * 3600_000).toISOString();

/** Two weeks of an office: 5 requests, 3 finished, 2 SKM answer sheets. */
function seed(store: Store): void {
  const a = sub('sktm', W('2026-11-02'), 'kiosk', 'Kramatwatu');
  const b = sub('sktm', W('2026-11-02', 23), 'desk', 'Kramatwatu'); // 23:00 WIB = 16:00Z: still the 2nd
  const c = sub('sku', W('2026-11-03'), 'kiosk', 'Pejaten');
  const d = sub('sku', W('2026-11-09'), null, null); // imported line: no channel, no desa
  const e = sub('sktm', W('2026-12-01'), 'kiosk', 'Pejaten'); // outside November
  for (const s of [a, b, c, d, e]) store.submissions.insert(s);
  store.submissions.setStatus(a.id, 'checking', null, W('2026-11-02', 10), 'local');
  store.submissions.setStatus(a.id, 'ready', null, W('2026-11-03', 10), 'local'); // 1 working day: met
  store.submissions.setStatus(a.id, 'collected', null, W('2026-11-10', 10), 'local'); // not a second finish
  store.submissions.setStatus(b.id, 'rejected', 'data tidak sesuai', W('2026-11-05', 10), 'local'); // 3 days: missed
  store.submissions.setStatus(c.id, 'ready', null, W('2026-11-05', 10), 'local'); // 2 days: met
  const answers = (id: string, serviceId: string, s: number[], day: string) =>
    store.kiosk.insertSkm({ id, submissionId: null, serviceId, createdAt: W(day), scores: Object.fromEntries(s.map((v, i) => [`u${i + 1}`, v])) as never });
  answers('s1', 'sktm', [4, 4, 3, 4, 3, 3, 4, 3, 3], '2026-11-02');
  answers('s2', 'sktm', [3, 3, 3, 4, 3, 3, 3, 3, 2], '2026-11-03');
  answers('s3', 'sku', [1, 1, 1, 1, 1, 1, 1, 1, 1], '2026-12-01'); // outside November
}

describe('reports over a real store', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: Store;
  beforeEach(() => {
    tmp = tempDir();
    store = openStore(tmp.dir);
  });
  afterEach(() => {
    store.close();
    tmp.cleanup();
  });
  const NOV = { from: '2026-11-01', to: '2026-11-30' };

  it('counts requests per service, desa, channel and state, in office days', () => {
    seed(store);
    const r = reportService({ reports: store.reports, services: SERVICES }).services(NOV);
    expect(r.total).toBe(4);
    expect(r.byService).toEqual([
      { key: 'sktm', label: 'Surat Keterangan Tidak Mampu', count: 2 },
      { key: 'sku', label: 'Surat Keterangan Usaha', count: 2 },
    ]);
    expect(r.byChannel.map((g) => [g.key, g.count])).toEqual([['kiosk', 3], ['desk', 1]]);
    expect(r.byDesa.map((g) => [g.key, g.count])).toEqual([['', 1], ['Kramatwatu', 2], ['Pejaten', 1]].sort((x, y) => (y[1] as number) - (x[1] as number) || String(x[0]).localeCompare(String(y[0]))));
    expect(r.byStatus.map((g) => [g.key, g.count])).toEqual([['collected', 1], ['ready', 1], ['received', 1], ['rejected', 1]]);
    const day2 = reportService({ reports: store.reports, services: SERVICES }).services({ from: '2026-11-02', to: '2026-11-02' });
    expect(day2.total).toBe(2);
  });

  it('measures SLA in working days from the first finishing state', () => {
    seed(store);
    const r = reportService({ reports: store.reports, services: SERVICES }).sla(NOV);
    expect(r.rows).toEqual([
      { serviceId: 'sktm', label: 'Surat Keterangan Tidak Mampu', slaDays: 1, finished: 2, met: 1, metPct: 50, medianDays: 1, p90Days: 3 },
      { serviceId: 'sku', label: 'Surat Keterangan Usaha', slaDays: 2, finished: 1, met: 1, metPct: 100, medianDays: 2, p90Days: 2 },
    ]);
  });

  it('computes the IKM overall and per service for the period only', () => {
    seed(store);
    const r = reportService({ reports: store.reports, services: SERVICES }).ikm(NOV);
    expect(r.overall.responses).toBe(2);
    expect(r.overall.nrr.u1).toBe(3.5);
    // (sum of both sheets = 31 + 27 = 58) / 2 / 9 = 3.2222 -> x25 = 80.56 -> B
    expect(r.overall.ikm).toBe(3.2222);
    expect(r.overall.converted).toBe(80.56);
    expect(r.overall.mutu).toBe('B');
    expect(r.byService.map((s) => [s.serviceId, s.responses])).toEqual([['sktm', 2]]);
  });

  it('keeps the tallies as requests are added and move', () => {
    seed(store);
    const before = store.reports.counts('service', NOV);
    const extra = sub('sktm', W('2026-11-04'), 'kiosk', 'X');
    store.submissions.insert(extra);
    expect(store.reports.counts('service', NOV).find((g) => g.key === 'sktm')!.count).toBe(3);
    expect(store.reports.counts('desa', NOV).some((g) => g.key === 'X')).toBe(true);
    store.transaction(() => store.submissions.setStatus(extra.id, 'checking', null, W('2026-11-04', 11), 'local'));
    expect(store.reports.counts('status', NOV).find((g) => g.key === 'checking')!.count).toBe(1);
    expect(store.reports.counts('status', NOV).find((g) => g.key === 'received')!.count).toBe(1);
    expect(before.find((g) => g.key === 'sktm')!.count).toBe(2);
  });
});

describe('complaints and the SKM tally (migration 0150)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: Store;
  beforeEach(() => {
    tmp = tempDir();
    store = openStore(tmp.dir);
  });
  afterEach(() => {
    store.close();
    tmp.cleanup();
  });

  it('counts complaints (the catalogue\'s complaint services) and their states', () => {
    seed(store);
    const p1 = sub('pengaduan', W('2026-11-04'), 'kiosk', 'Pejaten');
    const p2 = sub('pengaduan', W('2026-11-05'), 'desk', 'Pejaten');
    const k1 = sub('kritik-saran', W('2026-11-06'), 'kiosk', 'Kramatwatu');
    const late = sub('pengaduan', W('2026-12-02'), 'kiosk', 'Pejaten');
    for (const x of [p1, p2, k1, late]) store.submissions.insert(x);
    store.transaction(() => store.submissions.setStatus(p1.id, 'processing', null, W('2026-11-05'), 'local'));
    store.transaction(() => store.submissions.setStatus(p2.id, 'done', null, W('2026-11-06'), 'local'));
    const r = reportService({ reports: store.reports, services: SERVICES }).services({ from: '2026-11-01', to: '2026-11-30' });
    expect(r.total).toBe(7);
    expect(r.complaints.total).toBe(3);
    expect(r.complaints.byService).toEqual([
      { key: 'pengaduan', label: 'Pengaduan', count: 2 },
      { key: 'kritik-saran', label: 'Kritik dan saran', count: 1 },
    ]);
    expect(r.complaints.byStatus).toEqual([
      { key: 'done', label: 'Selesai', count: 1 },
      { key: 'processing', label: 'Diproses', count: 1 },
      { key: 'received', label: 'Diterima', count: 1 },
    ]);
    // A move takes the complaint out of its old state (the trigger moves the count).
    store.transaction(() => store.submissions.setStatus(k1.id, 'rejected', null, W('2026-11-07'), 'local'));
    const again = reportService({ reports: store.reports, services: SERVICES }).services({ from: '2026-11-01', to: '2026-11-30' });
    expect(again.complaints.byStatus.find((g) => g.key === 'received')).toBeUndefined();
    expect(again.complaints.byStatus.find((g) => g.key === 'rejected')!.count).toBe(1);
  });

  it('keeps the daily SKM tally equal to the answer sheets, per office day (WIB)', () => {
    const sheet = (id: string, serviceId: string, at: string, s: (number | null)[]) =>
      store.kiosk.insertSkm({ id, submissionId: null, serviceId, createdAt: at, scores: Object.fromEntries(s.map((v, i) => [`u${i + 1}`, v]).filter(([, v]) => v !== null)) as never });
    sheet('a', 'sktm', W('2026-11-02', 8), [4, 4, 4, 4, 4, 4, 4, 4, 4]);
    sheet('b', 'sktm', W('2026-11-02', 23), [2, 3, 2, 3, 2, 3, 2, 3, null]); // 23:00 WIB: still the 2nd; u9 skipped
    sheet('c', 'sku', W('2026-11-03', 6), [1, 1, 1, 1, 1, 1, 1, 1, 1]); // 06:00 WIB on the 3rd = 23:00Z on the 2nd
    sheet('a', 'sktm', W('2026-11-02', 8), [1, 1, 1, 1, 1, 1, 1, 1, 1]); // a re-sent id: ignored
    const q = store.reports.skm({ from: '2026-11-02', to: '2026-11-02' });
    expect(q.overall.responses).toBe(2);
    expect(q.overall.sums.u1).toEqual({ sum: 6, count: 2 });
    expect(q.overall.sums.u9).toEqual({ sum: 4, count: 1 });
    expect(q.byService.map((g) => g.serviceId)).toEqual(['sktm']);
    const both = store.reports.skm({ from: '2026-11-02', to: '2026-11-03' });
    expect(both.overall.responses).toBe(3);
    expect(both.byService.map((g) => [g.serviceId, g.responses])).toEqual([['sktm', 2], ['sku', 1]]);
  });

  it('tallies the answer sheets already stored when it runs, and reads a period through the key', () => {
    const path = join(tmp.dir, 'old', DATABASE_FILE);
    const old = openDatabase(path, { migrations: MIGRATIONS.filter((m) => m.version < 150) });
    const ins = old.prepare('INSERT INTO skm_response (id, submission_id, service_id, u1, u2, u3, u4, u5, u6, u7, u8, u9, created_at) VALUES (?, NULL, ?, 3, 3, 3, 3, 3, 3, 3, 3, ?, ?)');
    ins.run('x1', 'sktm', 4, W('2026-11-02'));
    ins.run('x2', 'sktm', null, W('2026-11-02'));
    ins.run('x3', 'sku', 2, W('2026-11-09'));
    old.prepare("INSERT INTO submissions (id, registration_no, tracking_code, service_id, service_version, payload, status, created_at, updated_at) VALUES ('p', 'R-p', 'Tp', 'pengaduan', 1, '{}', 'processing', ?, ?)").run(W('2026-11-02'), W('2026-11-02'));
    old.close();
    const db = openDatabase(path, { migrations: MIGRATIONS });
    const rows = db.prepare('SELECT day, service_id, responses, u1_sum, u1_n, u9_sum, u9_n FROM report_skm_day ORDER BY day, service_id').all();
    expect(rows).toEqual([
      { day: '2026-11-02', service_id: 'sktm', responses: 2, u1_sum: 6, u1_n: 2, u9_sum: 4, u9_n: 1 },
      { day: '2026-11-09', service_id: 'sku', responses: 1, u1_sum: 3, u1_n: 1, u9_sum: 2, u9_n: 1 },
    ]);
    expect(db.prepare('SELECT day, service_id, status, n FROM report_service_status').all()).toEqual([{ day: '2026-11-02', service_id: 'pengaduan', status: 'processing', n: 1 }]);
    db.prepare('DELETE FROM skm_response WHERE id = ?').run('x1');
    expect(db.prepare("SELECT responses, u9_n FROM report_skm_day WHERE service_id = 'sktm'").get()).toEqual({ responses: 1, u9_n: 0 });
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT service_id, sum(responses) FROM report_skm_day WHERE day BETWEEN '2026-11-01' AND '2026-11-30' GROUP BY service_id").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/SEARCH report_skm_day USING PRIMARY KEY \(day>\? AND day<\?\)/);
    db.close();
  });
});

describe('migration 0130-report-tallies', () => {
  it('tallies the submissions already stored, and the period is read through the key', () => {
    const tmp = tempDir();
    try {
      const path = join(tmp.dir, DATABASE_FILE);
      const old = openDatabase(path, { migrations: MIGRATIONS.filter((m) => m.version < 130) });
      const add = old.prepare(
        "INSERT INTO submissions (id, registration_no, tracking_code, service_id, service_version, payload, status, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)",
      );
      const st = old.prepare("INSERT INTO submission_status (submission_id, status, note, at, source) VALUES (?, ?, NULL, ?, 'local')");
      add.run('a', 'R-a', 'Ta', 'sktm', JSON.stringify({ channel: 'desk', applicant: { kelDesa: 'Pejaten' } }), 'ready', W('2026-11-02'), W('2026-11-03'));
      st.run('a', 'received', W('2026-11-02'));
      st.run('a', 'ready', W('2026-11-03'));
      add.run('b', 'R-b', 'Tb', 'sku', '{}', 'received', W('2026-11-30', 23), W('2026-11-30', 23));
      old.close();
      const store = openStore(tmp.dir);
      const r = reportService({ reports: store.reports, services: SERVICES });
      const nov = r.services({ from: '2026-11-01', to: '2026-11-30' });
      expect(nov.total).toBe(2);
      expect(nov.byChannel.map((g) => [g.key, g.count])).toEqual([['desk', 1], ['kiosk', 1]]);
      expect(r.sla({ from: '2026-11-01', to: '2026-11-30' }).rows.map((x) => [x.serviceId, x.finished, x.met])).toEqual([['sktm', 1, 1]]);
      store.close();
      const db = openDatabase(path, { migrations: MIGRATIONS });
      const plan = db.prepare("EXPLAIN QUERY PLAN SELECT key, sum(n) FROM report_tally WHERE dim = 'service' AND day BETWEEN '2026-11-01' AND '2026-11-30' GROUP BY key").all() as { detail: string }[];
      expect(plan.map((p) => p.detail).join(' ')).toMatch(/SEARCH report_tally USING PRIMARY KEY \(dim=\? AND day>\? AND day<\?\)/);
      db.close();
    } finally {
      tmp.cleanup();
    }
  });
});

describe('anjungan report (CLI)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let out: string[];
  let err: string[];
  beforeEach(() => {
    tmp = tempDir();
    const store = openStore(tmp.dir);
    seed(store);
    store.close();
    out = [];
    err = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    tmp.cleanup();
  });
  const run = (...args: string[]) => main(['report', ...args]);

  it('writes the services CSV: a header row, one row per group with its count', async () => {
    const file = join(tmp.dir, 'out', 'services.csv');
    expect(await run('services', '--data', tmp.dir, '--from', '2026-11-01', '--to', '2026-11-30', '--format', 'csv', '--out', file)).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('group,key,label,count');
    expect(lines.filter((l) => /^service,sktm,.+,2$/.test(l))).toHaveLength(1);
    expect(lines).toContain('channel,kiosk,Anjungan (kiosk),3');
    expect(lines).toContain('status,rejected,Ditolak,1');
    expect(lines.filter((l) => l.startsWith('complaint'))).toEqual([]); // the seed has no complaints
    expect(out.join('')).toMatch(/^wrote .*services\.csv \(\d+ rows\)\n$/);
  });

  it('writes the IKM CSV and a PDF that starts like one', async () => {
    const csv = join(tmp.dir, 'ikm.csv');
    expect(await run('ikm', '--data', tmp.dir, '--from', '2026-11-01', '--to', '2026-11-30', '--format', 'csv', '--out', csv)).toBe(0);
    const lines = readFileSync(csv, 'utf8').trim().split('\r\n');
    expect(lines[0]!.startsWith('service_id,service,count,nrr_u1')).toBe(true);
    expect(lines[1]).toBe('all,Semua layanan,2,3.5,3.5,3,4,3,3,3.5,3,2.5,3.2222,80.56,B,Baik');
    const pdf = join(tmp.dir, 'sla.pdf');
    expect(await run('sla', '--data', tmp.dir, '--from', '2026-11-01', '--to', '2026-11-30', '--format', 'pdf', '--out', pdf)).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('counts submissions brought in with anjungan import like any other', async () => {
    const lines = [
      { id: randomUUID(), nama: 'dari kertas 1' },
      { id: randomUUID(), nama: 'dari kertas 2', channel: 'desk', applicant: { kelDesa: 'Pejaten' } },
      { id: randomUUID(), nama: 'dari kertas 3', applicant: { kelDesa: 'Pejaten' } },
    ];
    const jsonl = join(tmp.dir, 'lines.jsonl');
    writeFileSync(jsonl, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    expect(await main(['import', '--db', join(tmp.dir, DATABASE_FILE), '--from', jsonl])).toBe(0);
    expect(out.join('')).toContain('imported 3, already present 0');
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const file = join(tmp.dir, 'imported.csv');
    expect(await run('services', '--data', tmp.dir, '--from', today, '--to', today, '--format', 'csv', '--out', file)).toBe(0);
    expect(readFileSync(file, 'utf8').trim().split('\r\n')).toEqual([
      'group,key,label,count',
      'service,import,Data impor (anjungan import),3',
      'desa,Pejaten,Pejaten,2',
      'desa,,(tidak tercatat),1',
      'dusun,,Tanpa dusun,1', // no dusun set; the office is Desa Kramatwatu, Pejaten is another desa
      'dusun,(luar desa),Luar Desa Kramatwatu,2',
      'channel,kiosk,Anjungan (kiosk),2',
      'channel,desk,Loket (desk),1',
      'status,received,Diterima,3',
    ]);
    // Run again: nothing counted twice.
    expect(await main(['import', '--db', join(tmp.dir, DATABASE_FILE), '--from', jsonl])).toBe(0);
    expect(await run('services', '--data', tmp.dir, '--from', today, '--to', today, '--format', 'csv', '--out', file)).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('service,import,Data impor (anjungan import),3');
  });

  it('refuses bad input in English with non-zero exits and writes nothing', async () => {
    const file = join(tmp.dir, 'x.csv');
    expect(await run('services', '--data', tmp.dir, '--from', '2026-13-01', '--format', 'csv', '--out', file)).toBe(2);
    expect(err.join('')).toMatch(/--from must be a date YYYY-MM-DD/);
    expect(await run('services', '--data', tmp.dir, '--from', '2026-11-30', '--to', '2026-11-01', '--format', 'csv', '--out', file)).toBe(2);
    expect(await run('services', '--data', tmp.dir, '--from', '2026-11-01', '--format', 'csv', '--out', file)).toBe(2);
    expect(await run('ikm', '--data', tmp.dir, '--to', '2026-11-30', '--format', 'csv', '--out', file)).toBe(2);
    expect(err.join('')).toMatch(/--from and --to go together \(--to is missing\)/);
    expect(err.join('')).toMatch(/--from and --to go together \(--from is missing\)/);
    expect(await run('services', '--data', tmp.dir, '--format', 'xls', '--out', file)).toBe(2);
    expect(await run('nope', '--data', tmp.dir, '--format', 'csv', '--out', file)).toBe(2);
    expect(await run('services', '--data', join(tmp.dir, 'missing'), '--format', 'csv', '--out', file)).toBe(1);
    expect(await run('queue', '--data', join(tmp.dir, 'missing'), '--format', 'csv', '--out', file)).toBe(1);
    expect(err.join('')).toMatch(/no anjungan\.sqlite in/);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(join(tmp.dir, 'missing'))).toBe(false);
  });
});
