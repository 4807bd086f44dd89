import { SKM_UNSUR } from '../../../shared/catalogue/skm.js';
import type { SkmAnswerRow, SkmQueries, SkmTotalsRow } from '../skm/rows.js';
import type { Queryable } from './queries.js';

// count() and sum() of integers are bigint: cast to integer so they arrive as numbers (a sheet count fits).
const SUMS = SKM_UNSUR.map((u) => `coalesce(sum(${u}), 0)::integer AS ${u}_sum, count(${u})::integer AS ${u}_n`).join(', ');

/** The SKM sheets' SQL for PostgreSQL (hub migration 250). */
export function postgresSkmQueries(db: Queryable): SkmQueries {
  return {
    async insertSkmAnswer(r: SkmAnswerRow, at: string) {
      const cols = ['id', 'device_id', 'submission_id', 'service_id', ...SKM_UNSUR, 'answered_at', 'received_at'];
      const res = await db.query(
        `INSERT INTO skm_answers (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT (id) DO NOTHING`,
        [r.id, r.device_id, r.submission_id, r.service_id, ...SKM_UNSUR.map((u) => r[u]), r.answered_at, at],
      );
      return res.rowCount === 1;
    },
    async skmTotals(from, to) {
      const res = await db.query(
        `SELECT device_id, service_id, count(*)::integer AS responses, ${SUMS} FROM skm_answers WHERE answered_at >= $1 AND answered_at < $2 GROUP BY device_id, service_id`,
        [from, to],
      );
      return res.rows as SkmTotalsRow[];
    },
    async deviceOffices() {
      const res = await db.query('SELECT device_id, min(office_code) AS office_code FROM letter_keys GROUP BY device_id');
      return res.rows as { device_id: string; office_code: string }[];
    },
  };
}
