import type { SqlDialect } from './backend.js';

/**
 * Hub migration 440 (issue 12 §4, lan): the SQLite ingest writes each submission once. The
 * trigger `submissions_derive` (migrations 310, 420) computed the office, kecamatan and due_at
 * after the INSERT with an UPDATE of the same row: the whole row written a second time and its
 * indexes touched again. Now the ingest's INSERT
 * carries the three columns itself (main/hub/sqlite/ingest-insert.ts: the device's office once per
 * batch, the deadline by the same expression as the trigger's), and the trigger only derives
 * them for a row inserted without them, as PostgreSQL's trigger already returns early for the
 * ingest's rows (migration 310). Every other write path (console moves, device statuses, the CLI,
 * a row written by hand) derives them as before; a row of the ingest that has neither an office
 * nor a deadline (a device without letter keys on a day the calendar does not cover) goes
 * through the trigger too, which computes the same nulls. Nothing is re-derived: no row changes.
 * tests/node/hub/hub-migration-440.test.ts proves the ingest's columns equal the trigger's.
 */

/** SQLite: the instant a request of `service` in `status` since `since` (SQL expressions) breaches its state's SLA; null in a final state (migration 420's rule). */
export function sqliteDueAtFor(status: string, since: string, service: string): string {
  return `(SELECT c.day || 'T17:00:00.000Z' FROM hub_calendar c
        WHERE c.wd = (SELECT f.wd FROM hub_calendar f WHERE f.day = date(${since}, '+7 hours'))
                   + coalesce((SELECT o.days FROM hub_service_state_sla o WHERE o.service_id = ${service} AND o.status = ${status}),
                              (SELECT v.days FROM hub_state_sla v WHERE v.status = ${status}))
        ORDER BY c.wd, c.day LIMIT 1)`;
}

/** The generated column `submissions.service_id` (hub migration 280), for a record given as an SQL expression. */
export function sqliteServiceIdOf(record: string): string {
  return `CAST(json_extract(${record}, '$.serviceId') AS TEXT)`;
}

export function ingestWritesDerived(d: SqlDialect): string {
  // PostgreSQL's ingest and trigger have done this since migration 310: nothing to change.
  if (d.kind !== 'sqlite') return 'SELECT 1;';
  const office = `(SELECT min(k.office_code) FROM letter_keys k WHERE k.device_id = NEW.device_id)`;
  return `
    DROP TRIGGER submissions_derive;
    CREATE TRIGGER submissions_derive AFTER INSERT ON submissions WHEN NEW.office_code IS NULL AND NEW.due_at IS NULL BEGIN
      UPDATE submissions SET office_code = ${office}, kecamatan = substr(${office}, 1, 8),
          due_at = ${sqliteDueAtFor('NEW.status', 'coalesce(NEW.state_since, NEW.received_at)', 'NEW.service_id')}
        WHERE rowid = NEW.rowid;
    END;
  `;
}
