import { CHANGING_COLUMNS, TALLY_COLUMNS, TICKET_COLUMNS } from '../queue/columns.js';
import type { HubQueueQueries, HubQueueTicketRow, QueueTallyRow } from '../queue/rows.js';
import type { Queryable } from './queries.js';

const $ = (n: number): string => Array.from({ length: n }, (_, i) => `$${i + 1}`).join(', ');

/** The queue tickets' SQL for PostgreSQL (hub migration 300). bigint columns arrive as numbers (the pool's type parser). */
export function postgresQueueQueries(db: Queryable): HubQueueQueries {
  return {
    async lockQueueTicket(id) {
      const res = await db.query(`SELECT ${TICKET_COLUMNS.join(', ')} FROM hub_queue_tickets WHERE id = $1 FOR UPDATE`, [id]);
      return (res.rows[0] as HubQueueTicketRow | undefined) ?? null;
    },
    async insertQueueTicket(r, at) {
      const res = await db.query(
        `INSERT INTO hub_queue_tickets (${TICKET_COLUMNS.join(', ')}, received_at) VALUES (${$(TICKET_COLUMNS.length + 1)}) ON CONFLICT (id) DO NOTHING`,
        [...TICKET_COLUMNS.map((c) => r[c]), at],
      );
      return res.rowCount === 1;
    },
    async updateQueueTicket(r, at) {
      const n = CHANGING_COLUMNS.length;
      await db.query(
        `UPDATE hub_queue_tickets SET ${CHANGING_COLUMNS.map((c, i) => `${c} = $${i + 1}`).join(', ')}, received_at = $${n + 1} WHERE id = $${n + 2}`,
        [...CHANGING_COLUMNS.map((c) => r[c]), at, r.id],
      );
    },
    async addQueueTally(deviceId, day, d) {
      await db.query(
        `INSERT INTO hub_queue_tally (device_id, day, ${TALLY_COLUMNS.join(', ')}) VALUES (${$(TALLY_COLUMNS.length + 2)}) ` +
          `ON CONFLICT (day, device_id) DO UPDATE SET ${TALLY_COLUMNS.map((c) => `${c} = hub_queue_tally.${c} + excluded.${c}`).join(', ')}`,
        [deviceId, day, ...TALLY_COLUMNS.map((c) => d[c])],
      );
    },
    async queueTally(from, to) {
      const res = await db.query(`SELECT device_id, day, ${TALLY_COLUMNS.join(', ')} FROM hub_queue_tally WHERE day BETWEEN $1 AND $2`, [from, to]);
      return res.rows as QueueTallyRow[];
    },
  };
}
