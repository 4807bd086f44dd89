import { CHANGING_COLUMNS, TALLY_COLUMNS, TICKET_COLUMNS } from '../queue/columns.js';
import type { HubQueueQueries, HubQueueTicketRow, QueueTallyRow } from '../queue/rows.js';
import type { SqliteStatements } from './statements.js';

/** The queue tickets' SQL for SQLite (hub migration 300). The caller's BEGIN IMMEDIATE already serialises writers. */
export function sqliteQueueQueries({ statement, one, all }: SqliteStatements): HubQueueQueries {
  return {
    async lockQueueTicket(id) {
      return one<HubQueueTicketRow>(`SELECT ${TICKET_COLUMNS.join(', ')} FROM hub_queue_tickets WHERE id = ?`, id);
    },
    async insertQueueTicket(r, at) {
      return (
        statement(
          `INSERT INTO hub_queue_tickets (${TICKET_COLUMNS.join(', ')}, received_at) VALUES (${TICKET_COLUMNS.map(() => '?').join(', ')}, ?) ON CONFLICT (id) DO NOTHING`,
        ).run(...TICKET_COLUMNS.map((c) => r[c]), at).changes === 1
      );
    },
    async updateQueueTicket(r, at) {
      statement(`UPDATE hub_queue_tickets SET ${CHANGING_COLUMNS.map((c) => `${c} = ?`).join(', ')}, received_at = ? WHERE id = ?`).run(
        ...CHANGING_COLUMNS.map((c) => r[c]),
        at,
        r.id,
      );
    },
    async addQueueTally(deviceId, day, d) {
      statement(
        `INSERT INTO hub_queue_tally (device_id, day, ${TALLY_COLUMNS.join(', ')}) VALUES (?, ?, ${TALLY_COLUMNS.map(() => '?').join(', ')}) ` +
          `ON CONFLICT (day, device_id) DO UPDATE SET ${TALLY_COLUMNS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
      ).run(deviceId, day, ...TALLY_COLUMNS.map((c) => d[c]));
    },
    async queueTally(from, to) {
      return all<QueueTallyRow>(`SELECT device_id, day, ${TALLY_COLUMNS.join(', ')} FROM hub_queue_tally WHERE day BETWEEN ? AND ?`, from, to);
    },
  };
}
