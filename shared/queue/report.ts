import type { CountRow, Period } from '../reports/reports.js';

/**
 * The queue report (issue 11 §2, "queue waiting and serving times per counter and hour of
 * day"): for each counter and each hour of the day, how many tickets were called and served,
 * and the median and p90 of the waiting time (from taking the ticket, or from its transfer, to
 * the call) and of the serving time (start to finish or to a transfer onwards). Times are in
 * seconds, read from histograms (timeBucket below), so a median is exact to its bucket:
 * 15 s under 5 minutes, 1 minute under an hour, 5 minutes under 8 hours, 30 minutes beyond.
 */
export interface QueueTimeRow {
  /** Counter number ("2") or hour of day ("08"), WIB. */
  key: string;
  /** "Loket 2" or "08.00–08.59". */
  label: string;
  /** Calls that ended a wait here (a recall is not a second wait). */
  called: number;
  /** Services started here. */
  served: number;
  /** Called here and did not come. */
  noShow: number;
  waitMedianS: number | null;
  waitP90S: number | null;
  serveMedianS: number | null;
  serveP90S: number | null;
}

export interface QueueReport {
  period: Period;
  /** Tickets taken in the period. */
  issued: number;
  /** Tickets taken in the period by their state now (done, no_show, cancelled, waiting…). */
  byState: CountRow[];
  /** Tickets taken in the period per priority lane ('none' included). */
  byLane: CountRow[];
  /** Per counter, by number. */
  byCounter: QueueTimeRow[];
  /** Per hour of day (WIB) the ticket was taken, 00..23, only hours with tickets. */
  byHour: QueueTimeRow[];
  /** Over the whole period (key 'all'). */
  overall: QueueTimeRow;
}

/** Longest time tallied (a ticket left "serving" over a weekend): longer counts as this. */
export const MAX_TALLIED_SECONDS = 7 * 86_400;

/** The histogram bucket (its lower bound, seconds) a duration falls in. */
export function timeBucket(seconds: number): number {
  const s = Math.min(MAX_TALLIED_SECONDS, Math.max(0, Math.floor(seconds)));
  const step = s < 300 ? 15 : s < 3600 ? 60 : s < 8 * 3600 ? 300 : 1800;
  return s - (s % step);
}
