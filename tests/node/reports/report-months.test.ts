import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { reportService } from '../../../main/core/reports/report-service.js';
import { MIGRATIONS } from '../../../main/db/migrations/index.js';
import { openDatabase } from '../../../main/db/open.js';
import { DATABASE_FILE, openStore, type Store } from '../../../main/db/store.js';
import { slaReport, type FinishTally } from '../../../shared/reports/reports.js';
import { tempDir } from '../../helpers/tmp.js';

const SERVICES = [
  { id: 'sktm', title: 'Surat Keterangan Tidak Mampu', sla: { days: 1, text: '1 hari kerja' } },
  { id: 'sku', title: 'Surat Keterangan Usaha', sla: { days: 3, text: '3 hari kerja' } },
];
const SVC = new Map(SERVICES.map((s) => [s.id, { label: s.title, slaDays: s.sla.days }]));
const YEAR = { from: '2026-01-01', to: '2026-12-31' };
const PERIODS = [YEAR, { from: '2026-03-15', to: '2026-09-10' }, { from: '2026-05-01', to: '2026-05-31' }, { from: '2026-12-24', to: '2027-01-05' }, { from: '2025-12-01', to: '2027-02-28' }];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
const r = rng(3);
const W = (ms: number): string => new Date(ms).toISOString();
const YEAR_MS = Date.parse('2026-01-01T00:00:00Z');

/** Requests over a year (some across the new year and Lebaran), each finishing 0 to 12 days later. */
function seedRequests(add: (id: string, service: string, created: string, finished: string | null) => void, count: number): void {
  for (let i = 0; i < count; i++) {
    const created = YEAR_MS + Math.floor(r() * 372 * 86_400_000) - 3 * 86_400_000;
    add(randomUUID(), SERVICES[i % 2]!.id, W(created), r() < 0.8 ? W(created + Math.floor(r() * 12 * 86_400_000)) : null);
  }
}
function seedQueueTally(db: Database, count: number): void {
  const t = db.prepare('INSERT INTO queue_tally (day, dim, key, kind, bucket, n) VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (day, dim, key, kind, bucket) DO UPDATE SET n = n + 1');
  for (let i = 0; i < count; i++) {
    const day = W(YEAR_MS + Math.floor(r() * 365 * 86_400_000)).slice(0, 10);
    t.run(day, i % 2 ? 'counter' : 'hour', i % 2 ? String(1 + (i % 3)) : '09', ['wait', 'serve', 'no_show'][i % 3]!, (i % 5) * 15);
  }
}

/** What the daily tables alone say: the reports as they were before 0210. */
function dailyTruth(db: Database, p: { from: string; to: string }) {
  const finish = db.prepare('SELECT day, finish_day AS finishDay, service_id AS serviceId, n FROM report_finish WHERE day BETWEEN ? AND ? AND n > 0').all(p.from, p.to) as FinishTally[];
  const queue = db.prepare('SELECT dim, key, kind, bucket, sum(n) AS n FROM queue_tally WHERE day BETWEEN ? AND ? GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4').all(p.from, p.to);
  return { sla: slaReport(p, finish, SVC), queue };
}
function viaStore(store: Store, p: { from: string; to: string }) {
  const sum = new Map<string, number>();
  for (const t of store.queue.tallies(p.from, p.to)) sum.set(`${t.dim}|${t.key}|${t.kind}|${t.bucket}`, (sum.get(`${t.dim}|${t.key}|${t.kind}|${t.bucket}`) ?? 0) + t.n);
  const queue = [...sum.entries()]
    .filter(([, n]) => n !== 0)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([k, n]) => {
      const [dim, key, kind, bucket] = k.split('|');
      return { dim, key, kind, bucket: Number(bucket), n };
    });
  return { sla: reportService({ reports: store.reports, services: SERVICES }).sla(p), queue };
}
const sorted = <T extends { dim: string; key: string; kind: string; bucket: number }>(rows: T[]) =>
  [...rows].sort((a, b) => (`${a.dim}|${a.key}|${a.kind}|${a.bucket}` < `${b.dim}|${b.key}|${b.kind}|${b.bucket}` ? -1 : 1));

describe('migration 0210-report-months', () => {
  it('tallies the months already stored, keeps them on every write, and every period reads the same as from the days', () => {
    const tmp = tempDir();
    try {
      const path = join(tmp.dir, DATABASE_FILE);
      const old = openDatabase(path, { migrations: MIGRATIONS.filter((m) => m.version < 210) });
      const sub = old.prepare(
        "INSERT INTO submissions (id, registration_no, tracking_code, service_id, service_version, payload, status, created_at, updated_at) VALUES (?, ?, ?, ?, 1, '{}', ?, ?, ?)",
      );
      const st = old.prepare("INSERT INTO submission_status (submission_id, status, note, at, source) VALUES (?, ?, NULL, ?, 'local')");
      let n = 0;
      old.transaction(() => {
        seedRequests((id, service, created, finished) => {
          n++;
          sub.run(id, `R${n}`, `T${n}`, service, finished ? 'ready' : 'received', created, finished ?? created);
          st.run(id, 'received', created);
          if (finished) st.run(id, 'ready', finished);
        }, 3000);
        seedQueueTally(old, 3000);
      })();
      old.close();

      let store = openStore(tmp.dir);
      const db = openDatabase(path, { migrations: MIGRATIONS });
      const check = () => {
        for (const p of PERIODS) {
          const truth = dailyTruth(db, p);
          const got = viaStore(store, p);
          expect(got.sla, `${p.from}..${p.to}`).toEqual(truth.sla);
          expect(sorted(got.queue as never), `${p.from}..${p.to}`).toEqual(sorted(truth.queue as never));
        }
      };
      expect(dailyTruth(db, YEAR).sla.rows.map((x) => x.finished).reduce((a, b) => a + b, 0)).toBeGreaterThan(2000);
      expect((db.prepare('SELECT count(*) AS n FROM report_finish_month').get() as { n: number }).n).toBeGreaterThan(20);
      check();

      // Writes after the migration, through the store: the triggers keep the months.
      let k = 0;
      store.transaction(() => {
        seedRequests((id, service, created, finished) => {
          k++;
          store.submissions.insert({ id, registrationNo: `N${k}`, trackingCode: `NT${k}`, serviceId: service, serviceVersion: 1, payload: {}, createdAt: created });
          if (finished) store.submissions.setStatus(id, 'ready', null, finished, 'local');
          if (finished && k % 3 === 0) store.submissions.setStatus(id, 'collected', null, finished, 'local'); // not a second finish
        }, 300);
        for (let i = 0; i < 300; i++) store.queue.tally(`2026-0${1 + (i % 9)}-1${i % 10}`, 'counter', '2', 'wait', (i % 4) * 15);
      });
      check();

      // A pair the calendar cannot count (over ~5 years apart): its month is read from the days.
      db.prepare("INSERT INTO report_finish (day, finish_day, service_id, n) VALUES ('2026-07-01', '2033-01-01', 'sku', 2)").run();
      expect((db.prepare("SELECT wd FROM report_finish_month WHERE month = '2026-07' AND wd < 0").get() as { wd: number }).wd).toBe(-1);
      check();

      // Another holiday list (an update): the calendar and the monthly finish tally are made again at open.
      db.prepare("UPDATE work_calendar_source SET holidays = 'old list'").run();
      db.prepare('DELETE FROM report_finish_month').run();
      store.close();
      store = openStore(tmp.dir);
      expect((db.prepare('SELECT holidays FROM work_calendar_source').get() as { holidays: string }).holidays).not.toBe('old list');
      check();

      // A year is read from twelve months of the monthly tables, through their keys.
      const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((x) => x.detail).join(' ');
      expect(plan("SELECT * FROM report_finish_month WHERE month BETWEEN '2026-01' AND '2026-12'")).toMatch(/SEARCH report_finish_month USING PRIMARY KEY \(month>\? AND month<\?\)/);
      expect(plan("SELECT * FROM queue_tally_month WHERE month BETWEEN '2026-01' AND '2026-12'")).toMatch(/SEARCH queue_tally_month USING PRIMARY KEY \(month>\? AND month<\?\)/);
      store.close();
      db.close();
    } finally {
      tmp.cleanup();
    }
  }, 120_000);
});
