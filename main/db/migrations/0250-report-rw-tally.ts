import type { Migration } from '../migration.js';

/**
 * The services report per dusun (issue 11 §2 "per dusun/desa"). A request stores the applicant's
 * desa and RW, never a dusun; the admin's mapping RW -> dusun (setting `dusunMap`,
 * shared/domain/dusun.ts) is applied when the report is read, so changing it re-tallies nothing.
 * What is tallied here is how many submissions per office day (WIB), desa and RW, kept by
 * triggers on submissions as 0130's report_tally is (every writer keeps it: the desk, the kiosk,
 * the import, the hub's status updates, the privacy purge), and per month as 0240 keeps its
 * months (triggers on the daily tally itself). Existing rows are tallied here once.
 * - report_rw_tally: day, desa ('' when none), RW ('' when none, as stored), n.
 * - report_rw_tally_month: the same per 'YYYY-MM'.
 * A year is 12 months x the desa/RW pairs seen (a few hundred), never the submissions.
 */
const DAY = (col: string): string => `coalesce(date(${col}, '+7 hours'), '')`;
const FIELD = (p: string, f: string): string => `coalesce(CAST(json_extract(${p}, '$.applicant.${f}') AS TEXT), '')`;
const MONTH = (day: string): string => `substr(${day}, 1, 7)`;

const ADD = (r: 'NEW' | 'OLD', sign: '' | '-'): string =>
  `INSERT INTO report_rw_tally (day, desa, rw, n) VALUES (${DAY(`${r}.created_at`)}, ${FIELD(`${r}.payload`, 'kelDesa')}, ${FIELD(`${r}.payload`, 'rw')}, ${sign}1)
     ON CONFLICT (day, desa, rw) DO UPDATE SET n = n + excluded.n;`;
const MONTH_ADD = (r: 'NEW' | 'OLD', sign: '' | '-'): string =>
  `INSERT INTO report_rw_tally_month (month, desa, rw, n) VALUES (${MONTH(`${r}.day`)}, ${r}.desa, ${r}.rw, ${sign}${r}.n)
     ON CONFLICT (month, desa, rw) DO UPDATE SET n = n + excluded.n;`;

export const migration0250: Migration = {
  version: 250,
  name: 'report-rw-tally',
  up(db) {
    db.exec(`
      CREATE TABLE report_rw_tally (
        day TEXT NOT NULL,
        desa TEXT NOT NULL,
        rw TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (day, desa, rw)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE report_rw_tally_month (
        month TEXT NOT NULL,
        desa TEXT NOT NULL,
        rw TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (month, desa, rw)
      ) STRICT, WITHOUT ROWID;

      INSERT INTO report_rw_tally (day, desa, rw, n)
        SELECT ${DAY('created_at')}, ${FIELD('payload', 'kelDesa')}, ${FIELD('payload', 'rw')}, count(*) FROM submissions GROUP BY 1, 2, 3;
      INSERT INTO report_rw_tally_month (month, desa, rw, n)
        SELECT ${MONTH('day')}, desa, rw, sum(n) FROM report_rw_tally GROUP BY 1, 2, 3;

      CREATE TRIGGER report_rw_tally_month_insert AFTER INSERT ON report_rw_tally BEGIN
        ${MONTH_ADD('NEW', '')}
      END;
      CREATE TRIGGER report_rw_tally_month_update AFTER UPDATE ON report_rw_tally BEGIN
        ${MONTH_ADD('OLD', '-')}
        ${MONTH_ADD('NEW', '')}
      END;
      CREATE TRIGGER report_rw_tally_month_delete AFTER DELETE ON report_rw_tally BEGIN
        ${MONTH_ADD('OLD', '-')}
      END;

      CREATE TRIGGER report_rw_tally_insert AFTER INSERT ON submissions BEGIN
        ${ADD('NEW', '')}
      END;
      -- Only a change of the day, the desa or the RW moves a request (a status change never does).
      CREATE TRIGGER report_rw_tally_update AFTER UPDATE OF created_at, payload ON submissions
        WHEN ${DAY('OLD.created_at')} IS NOT ${DAY('NEW.created_at')}
          OR ${FIELD('OLD.payload', 'kelDesa')} IS NOT ${FIELD('NEW.payload', 'kelDesa')}
          OR ${FIELD('OLD.payload', 'rw')} IS NOT ${FIELD('NEW.payload', 'rw')}
      BEGIN
        ${ADD('OLD', '-')}
        ${ADD('NEW', '')}
      END;
      CREATE TRIGGER report_rw_tally_delete AFTER DELETE ON submissions BEGIN
        ${ADD('OLD', '-')}
      END;
    `);
  },
};
