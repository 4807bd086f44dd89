import { SKM_UNSUR } from '../../../shared/catalogue/skm.js';
import type { Migration } from '../migration.js';

/**
 * Report tallies, part two (issue 11 §2), kept by triggers like 0130's:
 * - report_skm_day: per office day (WIB) and service, the SKM answer sheets and per unsur the
 *   sum and count of answers, so an IKM over a million sheets reads a few thousand rows.
 * - report_service_status: per office day made, service and current state, how many requests
 *   (the complaints report: complaints are the catalogue's services of kind 'complaint').
 * - skm_response.synced_at: when the hub acknowledged the sheet (NULL: still to send); the
 *   sheets travel to the hub for its IKM (main/sync/skm-sync.ts).
 * Existing rows are tallied here once.
 */
const DAY = (col: string): string => `coalesce(date(${col}, '+7 hours'), '')`;
const COLS = SKM_UNSUR.map((u) => `${u}_sum, ${u}_n`).join(', ');
/** The values one sheet adds (sign 1) or takes away (sign -1). */
const VALS = (r: 'NEW' | 'OLD', sign: 1 | -1): string =>
  SKM_UNSUR.map((u) => `${sign} * coalesce(${r}.${u}, 0), ${sign} * (${r}.${u} IS NOT NULL)`).join(', ');
const SKM_ADD = (r: 'NEW' | 'OLD', sign: 1 | -1): string =>
  `INSERT INTO report_skm_day (day, service_id, responses, ${COLS}) VALUES (${DAY(`${r}.created_at`)}, ${r}.service_id, ${sign}, ${VALS(r, sign)})
     ON CONFLICT (day, service_id) DO UPDATE SET responses = responses + excluded.responses, ${SKM_UNSUR.map((u) => `${u}_sum = ${u}_sum + excluded.${u}_sum, ${u}_n = ${u}_n + excluded.${u}_n`).join(', ')};`;
const STATUS_ADD = `INSERT INTO report_service_status (day, service_id, status, n) VALUES (${DAY('NEW.created_at')}, NEW.service_id, NEW.status, 1)
     ON CONFLICT (day, service_id, status) DO UPDATE SET n = n + 1;`;
const STATUS_REMOVE = `UPDATE report_service_status SET n = n - 1 WHERE day = ${DAY('OLD.created_at')} AND service_id = OLD.service_id AND status = OLD.status;`;

export const migration0150: Migration = {
  version: 150,
  name: 'survey-tallies',
  up(db) {
    db.exec(`
      CREATE TABLE report_skm_day (
        day TEXT NOT NULL,
        service_id TEXT NOT NULL,
        responses INTEGER NOT NULL,
        ${SKM_UNSUR.map((u) => `${u}_sum INTEGER NOT NULL, ${u}_n INTEGER NOT NULL`).join(',\n        ')},
        PRIMARY KEY (day, service_id)
      ) STRICT, WITHOUT ROWID;

      INSERT INTO report_skm_day (day, service_id, responses, ${COLS})
        SELECT ${DAY('created_at')}, service_id, count(*), ${SKM_UNSUR.map((u) => `coalesce(sum(${u}), 0), count(${u})`).join(', ')}
        FROM skm_response GROUP BY 1, 2;

      CREATE TRIGGER report_skm_insert AFTER INSERT ON skm_response BEGIN
        ${SKM_ADD('NEW', 1)}
      END;
      CREATE TRIGGER report_skm_update AFTER UPDATE OF service_id, created_at, ${SKM_UNSUR.join(', ')} ON skm_response BEGIN
        ${SKM_ADD('OLD', -1)}
        ${SKM_ADD('NEW', 1)}
      END;
      CREATE TRIGGER report_skm_delete AFTER DELETE ON skm_response BEGIN
        ${SKM_ADD('OLD', -1)}
      END;

      CREATE TABLE report_service_status (
        day TEXT NOT NULL,
        service_id TEXT NOT NULL,
        status TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (day, service_id, status)
      ) STRICT, WITHOUT ROWID;

      INSERT INTO report_service_status (day, service_id, status, n)
        SELECT ${DAY('created_at')}, service_id, status, count(*) FROM submissions GROUP BY 1, 2, 3;

      CREATE TRIGGER report_service_status_insert AFTER INSERT ON submissions BEGIN
        ${STATUS_ADD}
      END;
      CREATE TRIGGER report_service_status_update AFTER UPDATE OF status, service_id, created_at ON submissions
        WHEN OLD.status IS NOT NEW.status OR OLD.service_id IS NOT NEW.service_id OR OLD.created_at IS NOT NEW.created_at
      BEGIN
        ${STATUS_REMOVE}
        ${STATUS_ADD}
      END;
      CREATE TRIGGER report_service_status_delete AFTER DELETE ON submissions BEGIN
        ${STATUS_REMOVE}
      END;

      ALTER TABLE skm_response ADD COLUMN synced_at TEXT;
      CREATE INDEX skm_response_unsynced ON skm_response (created_at, id) WHERE synced_at IS NULL;
    `);
  },
};
