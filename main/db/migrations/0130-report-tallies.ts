import type { Migration } from '../migration.js';

/**
 * Report tallies, kept by triggers so a report over a million submissions reads a few thousand
 * rows instead of scanning them all (and json_extract-ing each payload):
 * - report_tally: per office day (WIB, UTC+7) how many submissions per service, desa, channel
 *   and state, one dimension per row (dim, key). Any write to submissions keeps it, the import
 *   and the hub's status updates included.
 * - report_finish: per office day made, office day finished and service, how many requests
 *   first reached a finishing state (ready, done, collected, rejected). The working days between
 *   the two days are counted in code (shared/reports/reports.ts), once per distinct pair.
 * Existing rows are tallied here once. Records without a channel (imported lines) count as
 * kiosk, as the import stores them "as if captured there"; a missing desa is ''.
 */
// A timestamp SQLite cannot read tallies under day '' (kept, never lost, outside every period).
export const DAY = (col: string): string => `coalesce(date(${col}, '+7 hours'), '')`;
const CHANNEL = (p: string): string => `coalesce(json_extract(${p}, '$.channel'), 'kiosk')`;
const DESA = (p: string): string => `coalesce(json_extract(${p}, '$.applicant.kelDesa'), '')`;
const FINISH = `('ready', 'done', 'collected', 'rejected')`;
const DIMS = (r: 'NEW' | 'OLD'): [string, string][] => [
  ['service', `${r}.service_id`],
  ['desa', DESA(`${r}.payload`)],
  ['channel', CHANNEL(`${r}.payload`)],
  ['status', `${r}.status`],
];
export const ADD = `INSERT INTO report_tally (dim, day, key, n) VALUES ${DIMS('NEW')
  .map(([d, k]) => `('${d}', ${DAY('NEW.created_at')}, ${k}, 1)`)
  .join(', ')} ON CONFLICT (dim, day, key) DO UPDATE SET n = n + 1;`;
export const REMOVE = DIMS('OLD')
  .map(([d, k]) => `UPDATE report_tally SET n = n - 1 WHERE dim = '${d}' AND day = ${DAY('OLD.created_at')} AND key = ${k};`)
  .join('\n        ');

export const migration0130: Migration = {
  version: 130,
  name: 'report-tallies',
  up(db) {
    db.exec(`
      CREATE TABLE report_tally (
        dim TEXT NOT NULL CHECK (dim IN ('service', 'desa', 'channel', 'status')),
        day TEXT NOT NULL,
        key TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (dim, day, key)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE report_finish (
        day TEXT NOT NULL,
        finish_day TEXT NOT NULL,
        service_id TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (day, service_id, finish_day)
      ) STRICT, WITHOUT ROWID;

      INSERT INTO report_tally (dim, day, key, n)
        ${DIMS('NEW')
          .map(([d, k]) => `SELECT '${d}', ${DAY('created_at')}, ${k.replace(/NEW\./g, '')}, count(*) FROM submissions GROUP BY 2, 3`)
          .join(' UNION ALL ')};

      INSERT INTO report_finish (day, finish_day, service_id, n)
        SELECT ${DAY('s.created_at')}, ${DAY('f.at')}, s.service_id, count(*)
        FROM submissions AS s
        JOIN (SELECT submission_id, min(at) AS at FROM submission_status WHERE status IN ${FINISH} GROUP BY submission_id) AS f
          ON f.submission_id = s.id
        GROUP BY 1, 2, 3;

      CREATE TRIGGER report_tally_insert AFTER INSERT ON submissions BEGIN
        ${ADD}
      END;

      CREATE TRIGGER report_tally_update AFTER UPDATE OF status, service_id, created_at, payload ON submissions
        WHEN OLD.status IS NOT NEW.status OR OLD.service_id IS NOT NEW.service_id
          OR OLD.created_at IS NOT NEW.created_at OR OLD.payload IS NOT NEW.payload
      BEGIN
        ${REMOVE}
        ${ADD}
      END;

      CREATE TRIGGER report_tally_delete AFTER DELETE ON submissions BEGIN
        ${REMOVE}
      END;

      -- Only the first finishing entry of a request counts (collected after ready is not a second finish).
      CREATE TRIGGER report_finish_insert AFTER INSERT ON submission_status
        WHEN NEW.status IN ${FINISH} AND NOT EXISTS (
          SELECT 1 FROM submission_status WHERE submission_id = NEW.submission_id AND seq <> NEW.seq AND status IN ${FINISH})
      BEGIN
        INSERT INTO report_finish (day, finish_day, service_id, n)
          SELECT ${DAY('created_at')}, ${DAY('NEW.at')}, service_id, 1 FROM submissions WHERE id = NEW.submission_id
          ON CONFLICT (day, service_id, finish_day) DO UPDATE SET n = n + 1;
      END;

      CREATE INDEX skm_response_by_service ON skm_response (service_id, created_at);
    `);
  },
};
