import type pg from 'pg';
import { COUNT_CAP, type BacklogRow, type BackOfficeQueries, type ComplaintListRow, type ComplaintRow, type TallyDayRow, type TallyRow } from '../console/back-office-rows.js';
import type { Queryable } from './queries.js';
import { breachAt, postgresOverallDueFor } from '../migration-450.js';

/** Complaints and dashboard tallies for PostgreSQL (hub migration 280). */
export function postgresBackOfficeQueries(db: Queryable): BackOfficeQueries {
  const query = (sql: string, params: unknown[] = []): Promise<pg.QueryResult> => db.query(sql, params);
  const rowsOf = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => (await query(sql, params)).rows as T[];

  return {
    async complaints(q) {
      const params: unknown[] = [];
      const bind = (v: unknown): string => (params.push(v), `$${params.length}`);
      const where = [`s.service_id = ANY(${bind([...q.services])}::text[])`];
      if (q.agency !== null) where.push(`c.agency_id = ${bind(q.agency)}`);
      if (q.states) where.push(`coalesce(c.state, 'new') = ANY(${bind([...q.states])}::text[])`);
      // The same expression as the callbacks' partial index's predicate (hub migrations 430, 450).
      if (q.callback) where.push('hub_callback_phone(s.record) IS NOT NULL');
      const cols = 's.id, s.registration_no, s.service_id, s.device_id, s.office_code, s.status, s.received_at, s.record, c.state, c.agency_id, c.note, c.state_since';
      const join = 'FROM submissions s LEFT JOIN complaints c ON c.submission_id = s.id';
      if (q.breach) {
        // Overdue: new (no complaint row yet), verified or dispatched too long. One OR over the join made PostgreSQL read
        // and sort every complaint ever received (167 ms at 1M submissions, growing with the table); each branch on its
        // own reads in receipt order (new: the received-order index, anti-joined) or from the complaints' state index.
        const branches = [
          `${join} WHERE ${where.join(' AND ')} AND c.submission_id IS NULL AND s.received_at < ${bind(q.breach.newBefore)}`,
          `${join} WHERE ${where.join(' AND ')} AND c.state = 'verified' AND c.state_since < ${bind(q.breach.verifiedBefore)}`,
          `${join} WHERE ${where.join(' AND ')} AND c.state = 'dispatched' AND c.state_since < ${bind(q.breach.dispatchedBefore)}`,
        ];
        const filter = [...params];
        const upTo = bind(q.limit + q.offset);
        const rows = await rowsOf<ComplaintListRow>(
          `SELECT * FROM (${branches.map((b) => `(SELECT ${cols} ${b} ORDER BY s.received_at, s.id LIMIT ${upTo})`).join(' UNION ALL ')}) u
           ORDER BY received_at, id LIMIT ${bind(q.limit)} OFFSET ${bind(q.offset)}`,
          params,
        );
        const counted = await rowsOf<{ n: number }>(`SELECT count(*)::int AS n FROM (${branches.map((b) => `(SELECT 1 ${b} LIMIT ${COUNT_CAP + 1})`).join(' UNION ALL ')}) x`, filter);
        return { rows, total: Math.min(counted[0]!.n, COUNT_CAP + 1) };
      }
      const from = `${join} WHERE ${where.join(' AND ')}`;
      const filter = [...params];
      // The page's ids first (from the index alone where it holds the filter's columns, as the callbacks' does, hub migration
      // 450), then only the page's own rows from the table: an OFFSET over whole rows read every row it skipped (1,000 on page 20).
      const rows = await rowsOf<ComplaintListRow>(
        `SELECT ${cols} FROM (SELECT s.id, s.received_at ${from} ORDER BY s.received_at, s.id LIMIT ${bind(q.limit)} OFFSET ${bind(q.offset)}) p
         JOIN submissions s ON s.id = p.id LEFT JOIN complaints c ON c.submission_id = s.id ORDER BY p.received_at, p.id`,
        params,
      );
      const total = (await rowsOf<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 ${from} LIMIT ${COUNT_CAP + 1}) x`, filter))[0]!.n;
      return { rows, total };
    },
    async lockComplaint(id) {
      return (await rowsOf<ComplaintRow>('SELECT submission_id, state, agency_id, note, state_since, updated_by FROM complaints WHERE submission_id = $1 FOR UPDATE', [id]))[0] ?? null;
    },
    async upsertComplaint(r) {
      await query(
        `INSERT INTO complaints (submission_id, state, agency_id, note, state_since, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (submission_id) DO UPDATE SET state = excluded.state, agency_id = excluded.agency_id, note = excluded.note, state_since = excluded.state_since, updated_by = excluded.updated_by`,
        [r.submission_id, r.state, r.agency_id, r.note, r.state_since, r.updated_by],
      );
    },

    async tallyByKey(dim, from, to, prefix, keys) {
      const params: unknown[] = [dim, from, to];
      const key = prefix ? `substr(key, 1, ${Number(prefix)})` : 'key';
      const only = keys ? `AND key = ANY($${params.push([...keys])}::text[])` : '';
      return rowsOf<TallyRow>(
        `SELECT ${key} AS key, sum(received)::int AS received, sum(finished)::int AS finished, sum(in_sla)::int AS in_sla
         FROM hub_tally WHERE dim = $1 AND day >= $2 AND day <= $3 ${only} GROUP BY 1 ORDER BY 1`,
        params,
      );
    },
    async tallyByDay(from, to, keys) {
      const params: unknown[] = [from, to];
      const only = keys ? `AND key = ANY($${params.push([...keys])}::text[])` : '';
      return rowsOf<TallyDayRow>(
        `SELECT day, sum(received)::int AS received, sum(finished)::int AS finished, sum(in_sla)::int AS in_sla
         FROM hub_tally WHERE dim = 'service' AND day >= $1 AND day <= $2 ${only} GROUP BY day ORDER BY day`,
        params,
      );
    },
    async backlog(_open, cutoffs, services) {
      // The open requests per service and receipt day, kept by triggers (hub migration 410); ages by receipt day.
      const params: unknown[] = [];
      const cases = cutoffs.map((c, i) => `WHEN day >= $${params.push(c.slice(0, 10))} THEN ${i}`).join(' ');
      const only = services ? `AND service_id = ANY($${params.push([...services])}::text[])` : '';
      return rowsOf<BacklogRow>(
        `SELECT nullif(service_id, '?') AS service_id, CASE ${cases} ELSE ${cutoffs.length} END AS bucket, sum(n)::int AS n
         FROM hub_open_tally WHERE n > 0 ${only} GROUP BY 1, 2`,
        params,
      );
    },

    async calendarDays() {
      return rowsOf('SELECT day, wd FROM hub_calendar ORDER BY day');
    },
    async putCalendarDays(rows) {
      await query('INSERT INTO hub_calendar (day, wd) SELECT * FROM unnest($1::text[], $2::int[]) ON CONFLICT (day) DO UPDATE SET wd = excluded.wd', [rows.map((r) => r.day), rows.map((r) => r.wd)]);
    },
    async serviceSlas() {
      return rowsOf('SELECT service_id, days FROM hub_service_sla ORDER BY service_id');
    },
    async putServiceSlas(rows) {
      await query('INSERT INTO hub_service_sla (service_id, days) SELECT * FROM unnest($1::text[], $2::int[]) ON CONFLICT (service_id) DO UPDATE SET days = excluded.days', [
        rows.map((r) => r.service_id),
        rows.map((r) => r.days),
      ]);
    },
    async stateSlas() {
      return rowsOf('SELECT status, days FROM hub_state_sla ORDER BY status');
    },
    async putStateSlas(rows) {
      await query('INSERT INTO hub_state_sla (status, days) SELECT * FROM unnest($1::text[], $2::int[]) ON CONFLICT (status) DO UPDATE SET days = excluded.days', [rows.map((r) => r.status), rows.map((r) => r.days)]);
    },
    async serviceStateSlas() {
      return rowsOf('SELECT service_id, status, days FROM hub_service_state_sla ORDER BY service_id, status');
    },
    async replaceServiceStateSlas(rows) {
      await query('DELETE FROM hub_service_state_sla');
      // Another hub process may write the same rows at the same time (several share a database): the last one wins.
      await query('INSERT INTO hub_service_state_sla (service_id, status, days) SELECT * FROM unnest($1::text[], $2::text[], $3::int[]) ON CONFLICT (service_id, status) DO UPDATE SET days = excluded.days', [
        rows.map((r) => r.service_id),
        rows.map((r) => r.status),
        rows.map((r) => r.days),
      ]);
    },
    async rederiveDueDates() {
      // Setting state_since to itself fires the trigger that computes due_at (hub migration 310).
      const res = await query('UPDATE submissions SET state_since = state_since WHERE due_at IS NOT NULL OR status IN (SELECT status FROM hub_state_sla)');
      return res.rowCount ?? 0;
    },
    async rederiveOverallDueDates(services) {
      // Only overall_due_at is set: the state's deadlines stay (the trigger fires on a change of state, not of this column).
      const sql = `UPDATE submissions s SET overall_due_at = ${postgresOverallDueFor('s.received_at', 's.service_id')} WHERE ${breachAt('postgres', 's.')} IS NOT NULL AND s.service_id = ANY($1::text[])`;
      return (await query(sql, [[...services]])).rowCount ?? 0;
    },
  };
}
