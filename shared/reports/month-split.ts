import type { Period } from './reports.js';

/**
 * A period of office days cut into the whole calendar months inside it (read from the monthly
 * tallies, kiosk migration 0210) and the days left at either end (read from the daily ones).
 */
export interface MonthSplit {
  /** 0 to 2 runs of days, each within one month. */
  days: Period[];
  /** The whole months, 'YYYY-MM', both ends included; null when the period holds none. */
  months: { from: string; to: string } | null;
}

const month = (day: string): string => day.slice(0, 7);
/** The last day of a 'YYYY-MM' month. */
function lastDay(m: string): string {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, mo, 0)).toISOString().slice(0, 10);
}
function shiftMonth(m: string, by: number): string {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, mo - 1 + by, 1)).toISOString().slice(0, 7);
}

export function splitByMonth(p: Period): MonthSplit {
  const first = p.from.endsWith('-01') ? month(p.from) : shiftMonth(month(p.from), 1);
  const last = p.to === lastDay(month(p.to)) ? month(p.to) : shiftMonth(month(p.to), -1);
  if (first > last) return { days: [p], months: null };
  const days: Period[] = [];
  if (month(p.from) !== first) days.push({ from: p.from, to: lastDay(month(p.from)) });
  if (month(p.to) !== last) days.push({ from: `${month(p.to)}-01`, to: p.to });
  return { days, months: { from: first, to: last } };
}
