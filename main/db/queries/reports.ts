import type { Database } from 'better-sqlite3';
import { SKM_UNSUR } from '../../../shared/catalogue/skm.js';
import { buildWorkCalendar, holidaysFingerprint } from '../migrations/0210-report-months.js';
import { splitByMonth } from '../../../shared/reports/month-split.js';
import type { FinishTally, Period, UnsurSums, WdTally } from '../../../shared/reports/reports.js';
import type { RwCount } from '../../../shared/domain/dusun.js';

export type TallyDim = 'service' | 'desa' | 'channel' | 'status';

export interface SkmGroup {
  /** null: every service together. */
  serviceId: string | null;
  responses: number;
  sums: UnsurSums;
}

const SKM_COLS = SKM_UNSUR.map((u) => `sum(${u}_sum) AS ${u}_sum, sum(${u}_n) AS ${u}_count`).join(', ');

/**
 * The working-day calendar (migration 0210) follows the app's holiday list: when an update
 * brings another list, the calendar and the monthly finish tally are made again (a few hundred
 * ms once; nothing when the list is the same). True when it rebuilt them.
 */
export function refreshWorkCalendar(db: Database): boolean {
  const held = db.prepare<[], { holidays: string }>('SELECT holidays FROM work_calendar_source WHERE singleton = 1').get();
  if (held?.holidays === holidaysFingerprint()) return false;
  db.transaction(() => buildWorkCalendar(db))();
  return true;
}

/**
 * The reports' reads (the tallies of migrations 0130 and 0150, by month 0210 and 0240; per desa and RW 0250). The tallies are
 * kept by triggers, so nothing here writes. Every read is bounded by the period.
 */
export function reportQueries(db: Database) {
  // Every read below is: the days at the ends of the period (two runs, from the daily tally) and
  // the whole months between (migration 0240's monthly tally), summed; a part not needed is an
  // empty range ('1' > '0'), which the key finds empty at once.
  const tally = db.prepare<[TallyDim, string, string, TallyDim, string, string, TallyDim, string, string], { key: string; n: number }>(
    'SELECT key, sum(n) AS n FROM (' +
      'SELECT key, n FROM report_tally WHERE dim = ? AND day BETWEEN ? AND ? UNION ALL ' +
      'SELECT key, n FROM report_tally WHERE dim = ? AND day BETWEEN ? AND ? UNION ALL ' +
      'SELECT key, n FROM report_tally_month WHERE dim = ? AND month BETWEEN ? AND ?' +
      ') GROUP BY key HAVING sum(n) > 0 ORDER BY n DESC, key',
  );
  const finish = db.prepare<[string, string], { day: string; finishDay: string; serviceId: string; n: number }>(
    'SELECT day, finish_day AS finishDay, service_id AS serviceId, n FROM report_finish WHERE day BETWEEN ? AND ? AND n > 0',
  );
  // Migration 0210's monthly finish tally: a year is 12 x services x a few dozen working-day counts.
  const finishMonths = db.prepare<[string, string], { month: string; serviceId: string; wd: number; n: number }>(
    'SELECT month, service_id AS serviceId, wd, n FROM report_finish_month WHERE month BETWEEN ? AND ? AND n <> 0',
  );
  // Migration 0150's daily SKM tally and 0240's monthly one: a year is ~12 x services rows, never the sheets themselves.
  const skmParts = (cols: string): string =>
    `SELECT ${cols} FROM report_skm_day WHERE day BETWEEN ? AND ? UNION ALL ` +
    `SELECT ${cols} FROM report_skm_day WHERE day BETWEEN ? AND ? UNION ALL ` +
    `SELECT ${cols} FROM report_skm_month WHERE month BETWEEN ? AND ?`;
  const SKM_RAW = ['service_id', 'responses', ...SKM_UNSUR.flatMap((u) => [`${u}_sum`, `${u}_n`])].join(', ');
  type Six = [string, string, string, string, string, string];
  const skmAll = db.prepare<Six, Record<string, number | null>>(`SELECT sum(responses) AS responses, ${SKM_COLS} FROM (${skmParts(SKM_RAW)})`);
  const skmByService = db.prepare<Six, Record<string, number | string | null>>(
    `SELECT service_id AS serviceId, sum(responses) AS responses, ${SKM_COLS} FROM (${skmParts(SKM_RAW)}) ` +
      'GROUP BY service_id HAVING sum(responses) > 0 ORDER BY responses DESC, service_id',
  );
  const serviceStatus = db.prepare<Six, { serviceId: string; status: string; n: number }>(
    'SELECT service_id AS serviceId, status, sum(n) AS n FROM (' +
      'SELECT service_id, status, n FROM report_service_status WHERE day BETWEEN ? AND ? UNION ALL ' +
      'SELECT service_id, status, n FROM report_service_status WHERE day BETWEEN ? AND ? UNION ALL ' +
      'SELECT service_id, status, n FROM report_service_status_month WHERE month BETWEEN ? AND ?' +
      ') GROUP BY service_id, status HAVING sum(n) > 0 ORDER BY service_id, status',
  );
  // Migration 0250's tally per desa and RW (the report maps RW to dusun in code, shared/domain/dusun.ts).
  const rw = db.prepare<Six, { desa: string; rw: string; n: number }>(
    'SELECT desa, rw, sum(n) AS n FROM (' +
      'SELECT desa, rw, n FROM report_rw_tally WHERE day BETWEEN ? AND ? UNION ALL ' +
      'SELECT desa, rw, n FROM report_rw_tally WHERE day BETWEEN ? AND ? UNION ALL ' +
      'SELECT desa, rw, n FROM report_rw_tally_month WHERE month BETWEEN ? AND ?' +
      ') GROUP BY desa, rw HAVING sum(n) > 0',
  );
  /** The period as the six bounds of the reads above: two runs of days, then the months. */
  const parts = (p: Period): Six => {
    const split = splitByMonth(p);
    const [a, b] = split.days;
    return [a?.from ?? '1', a?.to ?? '0', b?.from ?? '1', b?.to ?? '0', split.months?.from ?? '1', split.months?.to ?? '0'];
  };
  const group = (r: Record<string, number | string | null>, serviceId: string | null): SkmGroup => {
    const sums = {} as UnsurSums;
    for (const u of SKM_UNSUR) sums[u] = { sum: Number(r[`${u}_sum`] ?? 0), count: Number(r[`${u}_count`] ?? 0) };
    return { serviceId, responses: Number(r['responses'] ?? 0), sums };
  };

  return {
    /** Submissions made in the period, per key of one dimension, most first. */
    counts(dim: TallyDim, p: Period): { key: string; count: number }[] {
      const [a, b, c, d, e, f] = parts(p);
      return tally.all(dim, a, b, dim, c, d, dim, e, f).map((r) => ({ key: r.key, count: r.n }));
    },
    /** Requests made in the period that finished, by day made, day finished and service. */
    finishTallies(p: Period): (FinishTally | WdTally)[] {
      const split = splitByMonth(p);
      const rows: (FinishTally | WdTally)[] = split.days.flatMap((d) => finish.all(d.from, d.to));
      if (!split.months) return rows;
      const months = finishMonths.all(split.months.from, split.months.to);
      // A month holding a pair the calendar could not count (wd -1) is read from its days instead.
      const daily = new Set(months.filter((m) => m.wd < 0).map((m) => m.month));
      for (const m of months) if (!daily.has(m.month)) rows.push({ serviceId: m.serviceId, wd: m.wd, n: m.n });
      for (const m of daily) rows.push(...finish.all(`${m}-01`, `${m}-31`));
      return rows;
    },
    /** SKM answers given in the period: all together, then per service. */
    skm(p: Period): { overall: SkmGroup; byService: SkmGroup[] } {
      return {
        overall: group(skmAll.get(...parts(p))!, null),
        byService: skmByService.all(...parts(p)).map((r) => group(r, String(r['serviceId']))),
      };
    },
    /** Submissions made in the period per desa and RW as stored ('' where none was). */
    rwCounts(p: Period): RwCount[] {
      return rw.all(...parts(p)).map((r) => ({ desa: r.desa, rw: r.rw, count: r.n }));
    },
    /** Requests made in the period per service and current state (the complaints report). */
    serviceStatus(p: Period): { serviceId: string; status: string; count: number }[] {
      return serviceStatus.all(...parts(p)).map((r) => ({ serviceId: r.serviceId, status: r.status, count: r.n }));
    },
  };
}
export type ReportQueries = ReturnType<typeof reportQueries>;
