import { ikmFrom, SKM_UNSUR, type IkmReport, type SkmUnsur } from '../catalogue/skm.js';
import { workingDaysBetween } from '../domain/working-days.js';

/**
 * The office's reports (issue 11 §2) as plain data: what the store tallies goes in, what the
 * desk's charts, the CSV, the PDF and the CLI show comes out. No personal data in any of them.
 */

/** Office days (WIB), both ends included, yyyy-mm-dd. */
export interface Period {
  from: string;
  to: string;
}
export type PeriodKind = 'day' | 'week' | 'month' | 'range';
/** The desk's and the CLI's reports; 'queue' is read from the queue's own tallies (shared/queue/report.ts). */
export const REPORT_KINDS = ['services', 'sla', 'queue', 'ikm'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day (2026-02-30 is not one). */
export function isDay(s: string): boolean {
  if (!DAY_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function shift(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The day, the week (Monday to Sunday) or the month around `day`. */
export function periodAround(kind: Exclude<PeriodKind, 'range'>, day: string): Period {
  if (kind === 'day') return { from: day, to: day };
  if (kind === 'week') {
    const wd = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
    return { from: shift(day, -wd), to: shift(day, 6 - wd) };
  }
  const first = `${day.slice(0, 7)}-01`;
  const next = new Date(`${first}T00:00:00Z`);
  next.setUTCMonth(next.getUTCMonth() + 1);
  return { from: first, to: shift(next.toISOString().slice(0, 10), -1) };
}

/** At most this long a period (a bound: ~5 years). */
export const MAX_PERIOD_DAYS = 1830;

/** Why a period cannot be reported, in English (the CLI says it; the screen never sends one). */
export function periodProblem(p: Period): string | null {
  if (!isDay(p.from)) return `--from must be a date YYYY-MM-DD, got "${p.from}"`;
  if (!isDay(p.to)) return `--to must be a date YYYY-MM-DD, got "${p.to}"`;
  if (p.to < p.from) return `--to (${p.to}) is before --from (${p.from})`;
  const days = (Date.parse(`${p.to}T00:00:00Z`) - Date.parse(`${p.from}T00:00:00Z`)) / 86_400_000;
  if (days > MAX_PERIOD_DAYS) return `the period is longer than ${MAX_PERIOD_DAYS} days`;
  return null;
}

export interface CountRow {
  key: string;
  label: string;
  count: number;
}

/** Complaints: requests of the catalogue's services of kind 'complaint' (pengaduan, kritik dan saran). */
export interface ComplaintsReport {
  total: number;
  byService: CountRow[];
  /** Their current states, all complaint services together. */
  byStatus: CountRow[];
}

export interface ServicesReport {
  period: Period;
  total: number;
  byService: CountRow[];
  byDesa: CountRow[];
  /**
   * Per dusun of the office's desa (the admin's RW -> dusun mapping, shared/domain/dusun.ts):
   * key the dusun's name, '' for this desa's requests whose RW no dusun holds, '(luar desa)'
   * for requests from another desa. Sums to `total`.
   */
  byDusun: CountRow[];
  /** The desa those dusun are of (the office's), null when its code is not in the wilayah list. */
  dusunDesa: string | null;
  byChannel: CountRow[];
  byStatus: CountRow[];
  complaints: ComplaintsReport;
}

export interface SlaRow {
  serviceId: string;
  label: string;
  /** The service's SLA in working days (null when the catalogue gives none). */
  slaDays: number | null;
  /** Requests made in the period that have finished (ready, done, collected or rejected). */
  finished: number;
  /** Of those, finished within the SLA. */
  met: number;
  /** met / finished in percent, 1 decimal; null without finished requests or SLA. */
  metPct: number | null;
  /** Working days to finish. */
  medianDays: number | null;
  p90Days: number | null;
}
export interface SlaReport {
  period: Period;
  rows: SlaRow[];
}

export interface IkmRow extends IkmReport {
  /** NRR x 1/9 per unsur (the weighted NRR of the standard), 4 decimals. */
  weighted: Record<SkmUnsur, number | null>;
}
export interface IkmServiceRow extends IkmRow {
  serviceId: string;
  label: string;
}
export interface IkmFullReport {
  period: Period;
  overall: IkmRow;
  byService: IkmServiceRow[];
}

export type UnsurSums = Record<SkmUnsur, { sum: number; count: number }>;

/** IKM per PermenPAN-RB 14/2017 from sums and counts per unsur, with the weighted NRRs. */
export function ikmRow(responses: number, sums: UnsurSums): IkmRow {
  const base = ikmFrom(responses, sums);
  const weighted = {} as Record<SkmUnsur, number | null>;
  for (const u of SKM_UNSUR) {
    const v = base.nrr[u];
    weighted[u] = v === null ? null : Math.round((v / 9) * 10000) / 10000;
  }
  return { ...base, weighted };
}

/** The nearest-rank percentile of a weighted set of values (value -> how many). */
export function percentile(hist: ReadonlyMap<number, number>, p: number): number | null {
  const total = [...hist.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const v of [...hist.keys()].sort((a, b) => a - b)) {
    seen += hist.get(v)!;
    if (seen >= rank) return v;
  }
  return null;
}

export interface FinishTally {
  day: string;
  finishDay: string;
  serviceId: string;
  n: number;
}

/** Requests of a whole month that finished after `wd` working days (the monthly tally, kiosk migration 0210). */
export interface WdTally {
  serviceId: string;
  wd: number;
  n: number;
}

/** The SLA report from the finish tallies; working days are counted once per distinct pair of days (a monthly tally has them counted). */
export function slaReport(
  period: Period,
  tallies: readonly (FinishTally | WdTally)[],
  services: ReadonlyMap<string, { label: string; slaDays: number | null }>,
): SlaReport {
  const memo = new Map<string, number>();
  const per = new Map<string, Map<number, number>>();
  for (const t of tallies) {
    let wd: number | undefined;
    if ('wd' in t) wd = t.wd;
    else {
      const k = `${t.day}|${t.finishDay}`;
      wd = memo.get(k);
      if (wd === undefined) memo.set(k, (wd = workingDaysBetween(t.day, t.finishDay)));
    }
    const h = per.get(t.serviceId) ?? new Map<number, number>();
    h.set(wd, (h.get(wd) ?? 0) + t.n);
    per.set(t.serviceId, h);
  }
  const rows: SlaRow[] = [...per.entries()].map(([serviceId, h]) => {
    const svc = services.get(serviceId);
    const slaDays = svc?.slaDays ?? null;
    let finished = 0;
    let met = 0;
    for (const [wd, n] of h) {
      finished += n;
      if (slaDays !== null && wd <= slaDays) met += n;
    }
    return {
      serviceId,
      label: svc?.label ?? serviceId,
      slaDays,
      finished,
      met,
      metPct: slaDays === null || finished === 0 ? null : Math.round((met / finished) * 1000) / 10,
      medianDays: percentile(h, 0.5),
      p90Days: percentile(h, 0.9),
    };
  });
  rows.sort((a, b) => b.finished - a.finished || a.serviceId.localeCompare(b.serviceId));
  return { period, rows };
}
