import { SKM_UNSUR } from '../../../shared/catalogue/skm.js';
import type { SkmAnswerRow, SkmQueries, SkmTotalsRow } from '../skm/rows.js';
import type { SqliteStatements } from './statements.js';

const SUMS = SKM_UNSUR.map((u) => `coalesce(sum(${u}), 0) AS ${u}_sum, count(${u}) AS ${u}_n`).join(', ');

/** The SKM sheets' SQL for SQLite (hub migration 250). */
export function sqliteSkmQueries({ statement, all }: SqliteStatements): SkmQueries {
  return {
    async insertSkmAnswer(r: SkmAnswerRow, at: string) {
      return (
        statement(
          `INSERT INTO skm_answers (id, device_id, submission_id, service_id, ${SKM_UNSUR.join(', ')}, answered_at, received_at) ` +
            `VALUES (?, ?, ?, ?, ${SKM_UNSUR.map(() => '?').join(', ')}, ?, ?) ON CONFLICT (id) DO NOTHING`,
        ).run(r.id, r.device_id, r.submission_id, r.service_id, ...SKM_UNSUR.map((u) => r[u]), r.answered_at, at).changes === 1
      );
    },
    async skmTotals(from, to) {
      return all<SkmTotalsRow>(
        `SELECT device_id, service_id, count(*) AS responses, ${SUMS} FROM skm_answers WHERE answered_at >= ? AND answered_at < ? GROUP BY device_id, service_id`,
        from,
        to,
      );
    },
    async deviceOffices() {
      return all<{ device_id: string; office_code: string }>('SELECT device_id, min(office_code) AS office_code FROM letter_keys GROUP BY device_id');
    },
  };
}
