import type { SqlDialect } from './backend.js';

// Queue tickets from the devices (issue 11 §1): each ticket once, at the highest version a
// device sent (a re-send or a late older version changes nothing), and hub_queue_tally,
// per device and office day, kept in the same transaction as the ticket (main/hub/queue/),
// so the dashboards read days, not tickets. The office is the device's, looked up when read.
export function queueTickets(d: SqlDialect): string {
  return `
      CREATE TABLE hub_queue_tickets (
        id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        day TEXT NOT NULL,
        grp TEXT NOT NULL,
        number INTEGER NOT NULL,
        queue_grp TEXT NOT NULL,
        lane TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('issued', 'called', 'serving', 'done', 'no_show', 'cancelled', 'transferred')),
        source TEXT NOT NULL,
        submission_id TEXT,
        counter INTEGER,
        calls INTEGER NOT NULL,
        transfers INTEGER NOT NULL,
        issued_at TEXT NOT NULL,
        called_at TEXT,
        serving_at TEXT,
        ended_at TEXT,
        wait_s ${d.bigint} NOT NULL,
        waits INTEGER NOT NULL,
        serve_s ${d.bigint} NOT NULL,
        serves INTEGER NOT NULL,
        version INTEGER NOT NULL,
        received_at TEXT NOT NULL
      )${d.tableOptions};
      CREATE INDEX hub_queue_tickets_by_day ON hub_queue_tickets (day, device_id);
      CREATE TABLE hub_queue_tally (
        device_id TEXT NOT NULL,
        day TEXT NOT NULL,
        issued ${d.bigint} NOT NULL,
        called ${d.bigint} NOT NULL,
        done ${d.bigint} NOT NULL,
        no_show ${d.bigint} NOT NULL,
        cancelled ${d.bigint} NOT NULL,
        wait_s ${d.bigint} NOT NULL,
        waits ${d.bigint} NOT NULL,
        serve_s ${d.bigint} NOT NULL,
        serves ${d.bigint} NOT NULL,
        PRIMARY KEY (day, device_id)
      )${d.tableOptions};
    `;
}
