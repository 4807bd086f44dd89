import type { Database } from 'better-sqlite3';
import { isWorkingDay } from '../../../shared/domain/working-days.js';
import { HOLIDAYS } from '../../../shared/domain/holidays.js';
import type { Migration } from '../migration.js';

/**
 * Monthly tallies (issue 11 §2, "every report over 1,000,000 submissions and tickets p95 ≤ 500 ms"):
 * a year read from the daily tallies is hundreds of thousands of rows (queue_tally: per day,
 * counter/hour and time bucket; report_finish: per day made, day finished and service). These
 * keep the same counts per calendar month, kept by triggers on the daily tallies themselves (so
 * every writer of those keeps them too), and a report reads whole months here, the days at
 * either end of its period from the daily tables.
 * - queue_tally_month: queue_tally summed per month ('YYYY-MM').
 * - report_finish_month: report_finish per month made, service and working days taken (`wd`),
 *   counted in SQL through work_calendar. wd -1: not countable there (a day outside the
 *   calendar, or more than ~5 years apart): a report reads that month from the daily rows.
 * - work_calendar: each day 2000..2100 with the number of working days up to it (wd(to) -
 *   wd(from) = working days in (from, to]), from shared/domain/holidays.ts. `holidays` in
 *   work_calendar_source says which list made it; the store rebuilds both when the app's list
 *   changes (refreshWorkCalendar, main/db/queries/report-months.ts).
 * The migration numbered 0210, not 0170: 0200 is on main, and a database already at 200 would
 * never run a 0170 (the runner runs versions above PRAGMA user_version).
 */
export const CALENDAR_FROM = '2000-01-01';
export const CALENDAR_TO = '2100-12-31';
/** Longest span (days) shared/domain/working-days.ts counts; beyond, wd is -1. */
const MAX_SPAN = 2000;

/** Working days in (from, to]; `from` and `to` must be qualified columns (the subqueries read work_calendar's own `day`). */
const WD = (from: string, to: string): string =>
  `CASE WHEN ${to} <= ${from} THEN 0 WHEN julianday(${to}) - julianday(${from}) > ${MAX_SPAN} THEN -1 ` +
  `ELSE coalesce((SELECT wd FROM work_calendar WHERE day = ${to}) - (SELECT wd FROM work_calendar WHERE day = ${from}), -1) END`;
const MONTH = (day: string): string => `substr(${day}, 1, 7)`;
const FINISH_ADD = (r: 'NEW' | 'OLD', sign: '' | '-') =>
  `INSERT INTO report_finish_month (month, service_id, wd, n) VALUES (${MONTH(`${r}.day`)}, ${r}.service_id, ${WD(`${r}.day`, `${r}.finish_day`)}, ${sign}${r}.n)
     ON CONFLICT (month, service_id, wd) DO UPDATE SET n = n + excluded.n;`;
const QUEUE_ADD = (r: 'NEW' | 'OLD', sign: '' | '-') =>
  `INSERT INTO queue_tally_month (month, dim, key, kind, bucket, n) VALUES (${MONTH(`${r}.day`)}, ${r}.dim, ${r}.key, ${r}.kind, ${r}.bucket, ${sign}${r}.n)
     ON CONFLICT (month, dim, key, kind, bucket) DO UPDATE SET n = n + excluded.n;`;

/** The fingerprint of the holiday list a calendar was made from. */
export const holidaysFingerprint = (): string => HOLIDAYS.map((h) => h.date).sort().join(',');

/** Fills work_calendar from today's holiday list and recounts report_finish_month from report_finish. */
export function buildWorkCalendar(db: Database): void {
  db.exec('DELETE FROM work_calendar');
  const put = db.prepare('INSERT INTO work_calendar (day, wd) VALUES (?, ?)');
  const d = new Date(`${CALENDAR_FROM}T00:00:00Z`);
  let wd = 0;
  for (;;) {
    const day = d.toISOString().slice(0, 10);
    if (day > CALENDAR_TO) break;
    if (isWorkingDay(day)) wd++;
    put.run(day, wd);
    d.setUTCDate(d.getUTCDate() + 1);
  }
  db.prepare('INSERT INTO work_calendar_source (singleton, holidays) VALUES (1, ?) ON CONFLICT (singleton) DO UPDATE SET holidays = excluded.holidays').run(holidaysFingerprint());
  db.exec(`
    DELETE FROM report_finish_month;
    INSERT INTO report_finish_month (month, service_id, wd, n)
      SELECT ${MONTH('f.day')}, f.service_id, ${WD('f.day', 'f.finish_day')} AS w, sum(f.n) FROM report_finish AS f GROUP BY 1, 2, 3;
  `);
}

export const migration0210: Migration = {
  version: 210,
  name: 'report-months',
  up(db) {
    db.exec(`
      CREATE TABLE queue_tally_month (
        month TEXT NOT NULL,
        dim TEXT NOT NULL,
        key TEXT NOT NULL,
        kind TEXT NOT NULL,
        bucket INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (month, dim, key, kind, bucket)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO queue_tally_month (month, dim, key, kind, bucket, n)
        SELECT ${MONTH('day')}, dim, key, kind, bucket, sum(n) FROM queue_tally GROUP BY 1, 2, 3, 4, 5;
      CREATE TRIGGER queue_tally_month_insert AFTER INSERT ON queue_tally BEGIN
        ${QUEUE_ADD('NEW', '')}
      END;
      CREATE TRIGGER queue_tally_month_update AFTER UPDATE ON queue_tally BEGIN
        ${QUEUE_ADD('OLD', '-')}
        ${QUEUE_ADD('NEW', '')}
      END;
      CREATE TRIGGER queue_tally_month_delete AFTER DELETE ON queue_tally BEGIN
        ${QUEUE_ADD('OLD', '-')}
      END;

      CREATE TABLE work_calendar (
        day TEXT PRIMARY KEY,
        wd INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE work_calendar_source (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        holidays TEXT NOT NULL
      ) STRICT;
      CREATE TABLE report_finish_month (
        month TEXT NOT NULL,
        service_id TEXT NOT NULL,
        wd INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (month, service_id, wd)
      ) STRICT, WITHOUT ROWID;
      CREATE TRIGGER report_finish_month_insert AFTER INSERT ON report_finish BEGIN
        ${FINISH_ADD('NEW', '')}
      END;
      CREATE TRIGGER report_finish_month_update AFTER UPDATE ON report_finish BEGIN
        ${FINISH_ADD('OLD', '-')}
        ${FINISH_ADD('NEW', '')}
      END;
      CREATE TRIGGER report_finish_month_delete AFTER DELETE ON report_finish BEGIN
        ${FINISH_ADD('OLD', '-')}
      END;
    `);
    buildWorkCalendar(db);
  },
};
