import type { Database } from 'better-sqlite3';
import { SKM_UNSUR } from '../../../shared/catalogue/skm.js';
import type { FinishTally, Period, UnsurSums } from '../../../shared/reports/reports.js';

export type TallyDim = 'service' | 'desa' | 'channel' | 'status';

export interface SkmGroup {
  /** null: every service together. */
  serviceId: string | null;
  responses: number;
  sums: UnsurSums;
}

/** The instant an office day (WIB, UTC+7) begins, as the ISO text the store writes. */
function wibStart(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 7 * 3600_000).toISOString();
}
function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

const SKM_COLS = SKM_UNSUR.map((u) => `sum(${u}) AS ${u}_sum, count(${u}) AS ${u}_count`).join(', ');

/**
 * The reports' reads (migration 0130's tallies, migration 0040's SKM answers). The tallies are
 * kept by triggers, so nothing here writes. Every read is bounded by the period.
 */
export function reportQueries(db: Database) {
  const tally = db.prepare<[TallyDim, string, string], { key: string; n: number }>(
    'SELECT key, sum(n) AS n FROM report_tally WHERE dim = ? AND day BETWEEN ? AND ? GROUP BY key HAVING sum(n) > 0 ORDER BY n DESC, key',
  );
  const finish = db.prepare<[string, string], { day: string; finishDay: string; serviceId: string; n: number }>(
    'SELECT day, finish_day AS finishDay, service_id AS serviceId, n FROM report_finish WHERE day BETWEEN ? AND ? AND n > 0',
  );
  const skmAll = db.prepare<[string, string], Record<string, number | null>>(
    `SELECT count(*) AS responses, ${SKM_COLS} FROM skm_response WHERE created_at >= ? AND created_at < ?`,
  );
  const skmByService = db.prepare<[string, string], Record<string, number | string | null>>(
    `SELECT service_id AS serviceId, count(*) AS responses, ${SKM_COLS} FROM skm_response ` +
      'WHERE created_at >= ? AND created_at < ? GROUP BY service_id ORDER BY responses DESC, service_id',
  );
  const group = (r: Record<string, number | string | null>, serviceId: string | null): SkmGroup => {
    const sums = {} as UnsurSums;
    for (const u of SKM_UNSUR) sums[u] = { sum: Number(r[`${u}_sum`] ?? 0), count: Number(r[`${u}_count`] ?? 0) };
    return { serviceId, responses: Number(r['responses'] ?? 0), sums };
  };

  return {
    /** Submissions made in the period, per key of one dimension, most first. */
    counts(dim: TallyDim, p: Period): { key: string; count: number }[] {
      return tally.all(dim, p.from, p.to).map((r) => ({ key: r.key, count: r.n }));
    },
    /** Requests made in the period that finished, by day made, day finished and service. */
    finishTallies(p: Period): FinishTally[] {
      return finish.all(p.from, p.to);
    },
    /** SKM answers given in the period: all together, then per service. */
    skm(p: Period): { overall: SkmGroup; byService: SkmGroup[] } {
      const from = wibStart(p.from);
      const to = wibStart(nextDay(p.to));
      return {
        overall: group(skmAll.get(from, to)!, null),
        byService: skmByService.all(from, to).map((r) => group(r, String(r['serviceId']))),
      };
    },
  };
}
export type ReportQueries = ReturnType<typeof reportQueries>;
