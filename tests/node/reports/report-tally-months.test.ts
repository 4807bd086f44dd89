import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../main/db/migrations/index.js';
import { openDatabase } from '../../../main/db/open.js';
import { DATABASE_FILE, openStore, type Store } from '../../../main/db/store.js';
import type { TallyDim } from '../../../main/db/queries/reports.js';
import { SKM_UNSUR } from '../../../shared/catalogue/skm.js';
import { tempDir } from '../../helpers/tmp.js';

/** Kiosk migration 0240: the services report's and the IKM's tallies per month, read the same as from the days. */
const SERVICES = ['sktm', 'sku', 'pengaduan'];
const DESA = ['Kramatwatu', 'Pejaten', ''];
const STATES = ['received', 'checking', 'ready', 'rejected'] as const;
const DIMS: TallyDim[] = ['service', 'desa', 'channel', 'status'];
const PERIODS = [
  { from: '2026-01-01', to: '2026-12-31' },
  { from: '2026-03-15', to: '2026-09-10' },
  { from: '2026-05-01', to: '2026-05-31' },
  { from: '2026-05-02', to: '2026-05-30' },
  { from: '2026-12-24', to: '2027-01-05' },
  { from: '2025-12-01', to: '2027-02-28' },
];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
const r = rng(7);
const YEAR_MS = Date.parse('2026-01-01T00:00:00Z');
/** An instant in 2026 or a few days either side, as stored (UTC ISO; the office day is WIB). */
const someday = (): string => new Date(YEAR_MS - 3 * 86_400_000 + Math.floor(r() * 372 * 86_400_000)).toISOString();
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const payload = (): Record<string, unknown> => ({ channel: r() < 0.6 ? 'kiosk' : 'desk', applicant: { kelDesa: pick(DESA) } });
const scores = () => Object.fromEntries(SKM_UNSUR.map((u) => [u, 1 + Math.floor(r() * 4)]));

/** What the daily tables alone say (the reads before 0240). */
function dailyTruth(db: Database, p: { from: string; to: string }) {
  const counts = Object.fromEntries(
    DIMS.map((dim) => [
      dim,
      (db.prepare('SELECT key, sum(n) AS count FROM report_tally WHERE dim = ? AND day BETWEEN ? AND ? GROUP BY key HAVING sum(n) > 0 ORDER BY count DESC, key').all(dim, p.from, p.to) as { key: string; count: number }[]),
    ]),
  );
  const status = db
    .prepare('SELECT service_id AS serviceId, status, sum(n) AS count FROM report_service_status WHERE day BETWEEN ? AND ? GROUP BY 1, 2 HAVING sum(n) > 0 ORDER BY 1, 2')
    .all(p.from, p.to);
  const cols = SKM_UNSUR.map((u) => `sum(${u}_sum) AS ${u}_sum, sum(${u}_n) AS ${u}_n`).join(', ');
  const skm = db.prepare(`SELECT service_id AS serviceId, sum(responses) AS responses, ${cols} FROM report_skm_day WHERE day BETWEEN ? AND ? GROUP BY 1 HAVING sum(responses) > 0 ORDER BY responses DESC, 1`).all(p.from, p.to) as Record<string, number | string>[];
  return {
    counts,
    status,
    skm: skm.map((g) => ({ serviceId: g['serviceId'], responses: g['responses'], sums: Object.fromEntries(SKM_UNSUR.map((u) => [u, { sum: g[`${u}_sum`], count: g[`${u}_n`] }])) })),
  };
}
function viaStore(store: Store, p: { from: string; to: string }) {
  const skm = store.reports.skm(p);
  return {
    counts: Object.fromEntries(DIMS.map((dim) => [dim, store.reports.counts(dim, p)])),
    status: store.reports.serviceStatus(p),
    skm: skm.byService,
    overall: skm.overall.responses,
  };
}

describe('migration 0240-report-tally-months', () => {
  it('tallies the months already stored, keeps them on every write and delete, and every period reads the same as from the days', () => {
    const tmp = tempDir();
    try {
      const path = join(tmp.dir, DATABASE_FILE);
      const old = openDatabase(path, { migrations: MIGRATIONS.filter((m) => m.version < 240) });
      const sub = old.prepare('INSERT INTO submissions (id, registration_no, tracking_code, service_id, service_version, payload, status, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)');
      const sheet = old.prepare(`INSERT INTO skm_response (id, submission_id, service_id, ${SKM_UNSUR.join(', ')}, created_at) VALUES (?, NULL, ?, ${SKM_UNSUR.map(() => '?').join(', ')}, ?)`);
      old.transaction(() => {
        for (let i = 0; i < 2500; i++) {
          const at = someday();
          sub.run(randomUUID(), `R${i}`, `T${i}`, pick(SERVICES), JSON.stringify(payload()), pick(STATES), at, at);
          sheet.run(randomUUID(), pick(SERVICES), ...Object.values(scores()), someday());
        }
      })();
      old.close();

      const store = openStore(tmp.dir);
      const db = openDatabase(path, { migrations: MIGRATIONS });
      const check = (): void => {
        for (const p of PERIODS) {
          const truth = dailyTruth(db, p);
          const got = viaStore(store, p);
          const label = `${p.from}..${p.to}`;
          expect(got.counts, label).toEqual(truth.counts);
          expect(got.status, label).toEqual(truth.status);
          expect(got.skm, label).toEqual(truth.skm);
          expect(got.overall, label).toBe(truth.skm.reduce((a, g) => a + Number(g.responses), 0));
        }
      };
      expect((db.prepare('SELECT count(*) AS n FROM report_tally_month').get() as { n: number }).n).toBeGreaterThan(100);
      expect(viaStore(store, PERIODS[0]!).counts['service']!.reduce((a, g) => a + g.count, 0)).toBeGreaterThan(2000);
      check();

      // Writes after the migration, through the store: new requests, moves, survey sheets, a purge-like delete.
      const ids: string[] = [];
      store.transaction(() => {
        for (let i = 0; i < 300; i++) {
          const id = randomUUID();
          ids.push(id);
          store.submissions.insert({ id, registrationNo: `N${i}`, trackingCode: `NT${i}`, serviceId: pick(SERVICES), serviceVersion: 1, payload: payload(), createdAt: someday() });
          if (i % 2 === 0) store.submissions.setStatus(id, pick(STATES.slice(1)), null, someday(), 'local');
          store.kiosk.insertSkm({ id: randomUUID(), submissionId: null, serviceId: pick(SERVICES), scores: scores() as never, createdAt: someday() });
        }
      });
      db.prepare(`DELETE FROM submissions WHERE id IN (${ids.slice(0, 40).map(() => '?').join(', ')})`).run(...ids.slice(0, 40));
      db.prepare("DELETE FROM skm_response WHERE rowid IN (SELECT rowid FROM skm_response WHERE service_id = 'sku' LIMIT 25)").run();
      check();

      // A year is twelve months of the monthly tables, read through their keys.
      const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((x) => x.detail).join(' ');
      expect(plan("SELECT * FROM report_tally_month WHERE dim = 'service' AND month BETWEEN '2026-01' AND '2026-12'")).toMatch(/SEARCH report_tally_month USING PRIMARY KEY \(dim=\? AND month>\? AND month<\?\)/);
      expect(plan("SELECT * FROM report_service_status_month WHERE month BETWEEN '2026-01' AND '2026-12'")).toMatch(/SEARCH report_service_status_month USING PRIMARY KEY \(month>\? AND month<\?\)/);
      expect(plan("SELECT * FROM report_skm_month WHERE month BETWEEN '2026-01' AND '2026-12'")).toMatch(/SEARCH report_skm_month USING PRIMARY KEY \(month>\? AND month<\?\)/);
      store.close();
      db.close();
    } finally {
      tmp.cleanup();
    }
  }, 120_000);
});
