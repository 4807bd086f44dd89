import type { Migration } from '../migration.js';
import { ADD, DAY, REMOVE } from './0130-report-tallies.js';

/** Nothing but the status changed: the request stays in its service, desa, channel and day. */
const STATUS_ONLY = 'OLD.service_id IS NEW.service_id AND OLD.created_at IS NEW.created_at AND OLD.payload IS NEW.payload';

/**
 * A status change moves one report_tally row, not eight. 0130's update trigger took the request
 * out of every dimension (json_extract-ing the old and the new payload for desa and channel) and
 * put it back; a sync ack turns a whole batch from received to sent at once, and that trigger was
 * most of the ack's time (2,000 submissions: ≈150 ms of ≈200; issue 12 §4, lan ≤ 0.5 s). Any
 * other change still goes the whole way.
 */
export const migration0260: Migration = {
  version: 260,
  name: 'status-tally',
  up(db) {
    db.exec(`
      DROP TRIGGER report_tally_update;
      CREATE TRIGGER report_tally_update AFTER UPDATE OF status, service_id, created_at, payload ON submissions
        WHEN NOT (${STATUS_ONLY})
      BEGIN
        ${REMOVE}
        ${ADD}
      END;
      CREATE TRIGGER report_tally_status AFTER UPDATE OF status ON submissions
        WHEN OLD.status IS NOT NEW.status AND ${STATUS_ONLY}
      BEGIN
        UPDATE report_tally SET n = n - 1 WHERE dim = 'status' AND day = ${DAY('OLD.created_at')} AND key = OLD.status;
        INSERT INTO report_tally (dim, day, key, n) VALUES ('status', ${DAY('NEW.created_at')}, NEW.status, 1)
          ON CONFLICT (dim, day, key) DO UPDATE SET n = n + 1;
      END;
    `);
  },
};
