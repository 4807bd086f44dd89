import type { Migration } from '../migration.js';
import { DAY } from './0130-report-tallies.js';

/** Nothing but the status changed (0260's condition). */
const STATUS_ONLY = 'OLD.service_id IS NEW.service_id AND OLD.created_at IS NEW.created_at AND OLD.payload IS NEW.payload';

/** The table whose one row, while it is there, leaves a status change's tallies to the sync ack (below). */
export const ACK_TALLYING_TABLE = 'sync_ack_tallying';
const BY_TRIGGER = `NOT EXISTS (SELECT 1 FROM ${ACK_TALLYING_TABLE})`;

/**
 * The sync ack moves a batch's tallies once (issue 12 §4, lan). Turning a batch from received to
 * sent fired two row triggers per submission, `report_service_status_update` (0150) and
 * `report_tally_status` (0260), each an UPDATE and an upsert, and each of those the month
 * triggers of its table (0240) twice more: ≈70 ms per 1000 submissions. Now both skip a row while
 * `sync_ack_tallying` holds its one row, which the ack writes and deletes around its own UPDATE
 * inside its own transaction (main/db/queries/sync.ts applyAck: nobody else sees it), and the ack
 * then moves the counts per day and service in one grouped UPDATE and upsert per table (the month
 * triggers fire per tally row, not per submission). Every other status change (the desk, the
 * hub's status pulls, the CLI) tallies by trigger as before; the bodies are 0150's and 0260's.
 * tests/node/reports/ack-tallies.test.ts proves the ack's tallies equal the triggers'.
 */
export const migration0270: Migration = {
  version: 270,
  name: 'ack-tallies',
  up(db) {
    db.exec(`
      CREATE TABLE ${ACK_TALLYING_TABLE} (one INTEGER PRIMARY KEY CHECK (one = 1)) STRICT;
      DROP TRIGGER report_service_status_update;
      CREATE TRIGGER report_service_status_update AFTER UPDATE OF status, service_id, created_at ON submissions
        WHEN (OLD.status IS NOT NEW.status OR OLD.service_id IS NOT NEW.service_id OR OLD.created_at IS NOT NEW.created_at) AND ${BY_TRIGGER}
      BEGIN
        UPDATE report_service_status SET n = n - 1 WHERE day = ${DAY('OLD.created_at')} AND service_id = OLD.service_id AND status = OLD.status;
        INSERT INTO report_service_status (day, service_id, status, n) VALUES (${DAY('NEW.created_at')}, NEW.service_id, NEW.status, 1)
          ON CONFLICT (day, service_id, status) DO UPDATE SET n = n + 1;
      END;
      DROP TRIGGER report_tally_status;
      CREATE TRIGGER report_tally_status AFTER UPDATE OF status ON submissions
        WHEN OLD.status IS NOT NEW.status AND ${STATUS_ONLY} AND ${BY_TRIGGER}
      BEGIN
        UPDATE report_tally SET n = n - 1 WHERE dim = 'status' AND day = ${DAY('OLD.created_at')} AND key = OLD.status;
        INSERT INTO report_tally (dim, day, key, n) VALUES ('status', ${DAY('NEW.created_at')}, NEW.status, 1)
          ON CONFLICT (dim, day, key) DO UPDATE SET n = n + 1;
      END;
    `);
  },
};
