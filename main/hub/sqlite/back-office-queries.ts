import type { Database } from 'better-sqlite3';
import { COUNT_CAP, type BacklogRow, type BackOfficeQueries, type ComplaintListRow, type ComplaintRow, type TallyDayRow, type TallyRow } from '../console/back-office-rows.js';
import type { SqliteStatements } from './statements.js';
import { sqliteOverallDueFor } from '../migration-450.js';

const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/** Complaints and dashboard tallies for SQLite (hub migration 280). Dynamic SQL is built from fixed fragments; values are bound. */
export function sqliteBackOfficeQueries(db: Database, statements: SqliteStatements): BackOfficeQueries {
  const { statement, one, all } = statements;

  return {
    async complaints(q) {
      const params: unknown[] = [...q.services];
      const where = [q.services.length ? `s.service_id IN (${marks(q.services.length)})` : '0'];
      if (q.agency !== null) {
        where.push('c.agency_id = ?');
        params.push(q.agency);
      }
      if (q.states) {
        where.push(q.states.length ? `coalesce(c.state, 'new') IN (${marks(q.states.length)})` : '0');
        params.push(...q.states);
      }
      if (q.breach) {
        where.push("((c.state IS NULL AND s.received_at < ?) OR (c.state = 'verified' AND c.state_since < ?) OR (c.state = 'dispatched' AND c.state_since < ?))");
        params.push(q.breach.newBefore, q.breach.verifiedBefore, q.breach.dispatchedBefore);
      }
      // The callbacks' partial index holds exactly these rows (hub migrations 430, 450).
      if (q.callback) where.push('s.callback_phone IS NOT NULL');
      const from = `FROM submissions s LEFT JOIN complaints c ON c.submission_id = s.id WHERE ${where.join(' AND ')}`;
      const rows = db
        .prepare(
          `SELECT s.id, s.registration_no, s.service_id, s.device_id, s.office_code, s.status, s.received_at, s.record, c.state, c.agency_id, c.note, c.state_since
           ${from} ORDER BY s.received_at, s.id LIMIT ? OFFSET ?`,
        )
        .all(...params, q.limit, q.offset) as ComplaintListRow[];
      const total = (db.prepare(`SELECT count(*) AS n FROM (SELECT 1 ${from} LIMIT ${COUNT_CAP + 1})`).get(...params) as { n: number }).n;
      return { rows, total };
    },
    async lockComplaint(id) {
      // The caller's BEGIN IMMEDIATE holds the file's write lock.
      return one<ComplaintRow>('SELECT submission_id, state, agency_id, note, state_since, updated_by FROM complaints WHERE submission_id = ?', id);
    },
    async upsertComplaint(r) {
      statement(
        `INSERT INTO complaints (submission_id, state, agency_id, note, state_since, updated_by) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (submission_id) DO UPDATE SET state = excluded.state, agency_id = excluded.agency_id, note = excluded.note, state_since = excluded.state_since, updated_by = excluded.updated_by`,
      ).run(r.submission_id, r.state, r.agency_id, r.note, r.state_since, r.updated_by);
    },

    async tallyByKey(dim, from, to, prefix, keys) {
      const key = prefix ? `substr(key, 1, ${Number(prefix)})` : 'key';
      const only = keys ? (keys.length ? `AND key IN (${marks(keys.length)})` : 'AND 0') : '';
      return db
        .prepare(`SELECT ${key} AS key, sum(received) AS received, sum(finished) AS finished, sum(in_sla) AS in_sla FROM hub_tally WHERE dim = ? AND day >= ? AND day <= ? ${only} GROUP BY 1 ORDER BY 1`)
        .all(dim, from, to, ...(keys ?? [])) as TallyRow[];
    },
    async tallyByDay(from, to, keys) {
      const only = keys ? (keys.length ? `AND key IN (${marks(keys.length)})` : 'AND 0') : '';
      return db
        .prepare(`SELECT day, sum(received) AS received, sum(finished) AS finished, sum(in_sla) AS in_sla FROM hub_tally WHERE dim = 'service' AND day >= ? AND day <= ? ${only} GROUP BY day ORDER BY day`)
        .all(from, to, ...(keys ?? [])) as TallyDayRow[];
    },
    async backlog(_open, cutoffs, services) {
      // The open requests per service and receipt day, kept by triggers (hub migration 410); ages by receipt day.
      const cases = cutoffs.map((_, i) => `WHEN day >= ? THEN ${i}`).join(' ');
      const only = services ? (services.length ? `AND service_id IN (${marks(services.length)})` : 'AND 0') : '';
      return db
        .prepare(`SELECT nullif(service_id, '?') AS service_id, CASE ${cases} ELSE ${cutoffs.length} END AS bucket, sum(n) AS n FROM hub_open_tally WHERE n > 0 ${only} GROUP BY 1, 2`)
        .all(...cutoffs.map((c) => c.slice(0, 10)), ...(services ?? [])) as BacklogRow[];
    },

    async calendarDays() {
      return all('SELECT day, wd FROM hub_calendar ORDER BY day');
    },
    async putCalendarDays(rows) {
      const put = statement('INSERT INTO hub_calendar (day, wd) VALUES (?, ?) ON CONFLICT (day) DO UPDATE SET wd = excluded.wd');
      for (const r of rows) put.run(r.day, r.wd);
    },
    async serviceSlas() {
      return all('SELECT service_id, days FROM hub_service_sla ORDER BY service_id');
    },
    async putServiceSlas(rows) {
      const put = statement('INSERT INTO hub_service_sla (service_id, days) VALUES (?, ?) ON CONFLICT (service_id) DO UPDATE SET days = excluded.days');
      for (const r of rows) put.run(r.service_id, r.days);
    },
    async stateSlas() {
      return all<{ status: string; days: number }>('SELECT status, days FROM hub_state_sla ORDER BY status');
    },
    async putStateSlas(rows) {
      const put = statement('INSERT INTO hub_state_sla (status, days) VALUES (?, ?) ON CONFLICT (status) DO UPDATE SET days = excluded.days');
      for (const r of rows) put.run(r.status, r.days);
    },
    async serviceStateSlas() {
      return all<{ service_id: string; status: string; days: number }>('SELECT service_id, status, days FROM hub_service_state_sla ORDER BY service_id, status');
    },
    async replaceServiceStateSlas(rows) {
      statement('DELETE FROM hub_service_state_sla').run();
      const put = statement('INSERT INTO hub_service_state_sla (service_id, status, days) VALUES (?, ?, ?)');
      for (const r of rows) put.run(r.service_id, r.status, r.days);
    },
    async rederiveDueDates() {
      // Setting state_since to itself fires the trigger that computes due_at (hub migration 310).
      return statement('UPDATE submissions SET state_since = state_since WHERE due_at IS NOT NULL OR status IN (SELECT status FROM hub_state_sla)').run().changes;
    },
    async rederiveOverallDueDates(services) {
      if (!services.length) return 0;
      const sql = `UPDATE submissions SET overall_due_at = ${sqliteOverallDueFor('submissions.received_at', 'submissions.service_id')} WHERE due_at IS NOT NULL AND service_id IN (${marks(services.length)})`;
      return db.prepare(sql).run(...services).changes;
    },
  };
}
