/**
 * The queue's office day: WIB (UTC+7, no daylight saving), whatever the machine's time zone.
 * Numbers start again at 1 each office day, and the reports' hours of day are WIB hours.
 */
const WIB_MS = 7 * 3_600_000;

/** yyyy-mm-dd of the office day (WIB) at `at`. */
export function officeDay(at: Date): string {
  return new Date(at.getTime() + WIB_MS).toISOString().slice(0, 10);
}

/** 0..23, the WIB hour at `at`. */
export function officeHour(at: Date): number {
  return new Date(at.getTime() + WIB_MS).getUTCHours();
}

/** The key of a day's number series (yymmdd, the form the store's daily counters use). */
export function sequenceDay(day: string): string {
  return day.slice(2).replace(/-/g, '');
}
