import { HOLIDAYS } from './holidays.js';

/**
 * Working days for SLAs ("3 hari kerja"): Monday to Friday, not a holiday or collective leave.
 * Dates are the office's calendar days as yyyy-mm-dd (Asia/Jakarta; callers pass local days).
 */
const CLOSED = new Set(HOLIDAYS.map((h) => h.date));

function parse(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}
function format(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function isWorkingDay(day: string): boolean {
  const wd = parse(day).getUTCDay();
  return wd !== 0 && wd !== 6 && !CLOSED.has(day);
}

/** The day `n` working days after `day` (the due date of an SLA of n days that starts on `day`). */
export function addWorkingDays(day: string, n: number): string {
  const d = parse(day);
  let left = n;
  // A request made on a closed day starts counting on the next working day.
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isWorkingDay(format(d))) left--;
  }
  return format(d);
}

/** Working days from `from` (exclusive) to `to` (inclusive); 0 when `to` is not after `from`. Bounded to ~5 years (2000 days). */
export function workingDaysBetween(from: string, to: string): number {
  if (to <= from) return 0;
  // Arithmetic, not a walk day by day: the console decorates pages of requests years old.
  const a = parse(from).getTime() / 86_400_000;
  const b = Math.min(parse(to).getTime() / 86_400_000, a + 2000);
  const weeks = Math.floor((b - a) / 7);
  let n = weeks * 5;
  for (let day = a + weeks * 7 + 1; day <= b; day++) if (isWeekdayNumber(day)) n++;
  const last = format(new Date(b * 86_400_000));
  for (const h of CLOSED) if (h > from && h <= last && isWeekdayNumber(parse(h).getTime() / 86_400_000)) n--;
  return n;
}

/** Days since 1970-01-01 (a Thursday): Monday to Friday. */
function isWeekdayNumber(day: number): boolean {
  const wd = (((day + 4) % 7) + 7) % 7;
  return wd !== 0 && wd !== 6;
}

/** The office's local day of an instant (Kabupaten Serang is UTC+7, WIB, no daylight saving). */
export function wibDay(iso: string): string {
  return new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 10);
}

export interface SlaState {
  /** The day it is due (the SLA's working days after the request). */
  dueDay: string;
  /** Working days used so far. */
  used: number;
  days: number;
  breached: boolean;
}

/** Where a request stands against its SLA today (or at the moment it finished). */
export function slaState(createdAt: string, days: number, untilIso: string): SlaState {
  const start = wibDay(createdAt);
  const until = wibDay(untilIso);
  const used = workingDaysBetween(start, until);
  return { dueDay: addWorkingDays(start, days), used, days, breached: used > days };
}
