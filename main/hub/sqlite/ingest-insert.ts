import type { NewSubmissionRow } from '../backend.js';
import { sqliteDueAtFor, sqliteServiceIdOf } from '../migration-440.js';
import { sqliteOverallDueOnInsert } from '../migration-450.js';
import type { SqliteStatements } from './statements.js';

/** Rows per INSERT at most; a batch's rows go in statements of 128, 64, … 1 (a handful of shapes, each prepared once). */
const MOST_ROWS = 128;
const ROW_PARAMS = 6;

/**
 * The ingest's INSERT for SQLite (hub migration 440): the office, kecamatan and SLA deadline are
 * written with the row, so the trigger `submissions_derive` does not write it a second time.
 * The office is looked up once per device (a batch has one), the deadline by the trigger's own
 * expression (status 'sent' since the receipt, the record's service). Many rows per statement:
 * each statement is a savepoint whose pages SQLite copies to its statement journal (there are
 * triggers), so one statement per row copied ~20 pages per row; now each page once per statement.
 * Returns the ids inserted (an id already held, or twice in the batch, only the first time).
 */
export function sqliteInsertSubmissions(statements: SqliteStatements): (rows: NewSubmissionRow[], at: string) => string[] {
  const { statement, one } = statements;
  const texts = new Map<number, string>();
  const sqlFor = (n: number): string => {
    const held = texts.get(n);
    if (held) return held;
    // Bound in the text's order: the instant twice, the office twice, the instant (the deadline's), the instant (the
    // overall deadline's, hub migration 450), then each row's six values.
    const values = Array.from({ length: n }, () => `(${Array(ROW_PARAMS).fill('?').join(', ')})`);
    const sql =
      'INSERT INTO submissions (id, device_id, batch_id, registration_no, record, hash, status, received_at, updated_at, office_code, kecamatan, due_at, overall_due_at) ' +
      `SELECT v.column1, v.column2, v.column3, v.column4, v.column5, v.column6, 'sent', ?, ?, ?, substr(?, 1, 8), ${sqliteDueAtFor("'sent'", '?', sqliteServiceIdOf('v.column5'))}, ` +
      `${sqliteOverallDueOnInsert('?', 'v.column5')} ` +
      // WHERE true: without it SQLite would read ON CONFLICT as a join's ON.
      `FROM (VALUES ${values.join(', ')}) AS v WHERE true ON CONFLICT (id) DO NOTHING RETURNING id`;
    texts.set(n, sql);
    return sql;
  };
  const officeOf = (device: string): string | null => one<{ o: string | null }>('SELECT min(office_code) AS o FROM letter_keys WHERE device_id = ?', device)?.o ?? null;

  return (rows, at) => {
    const inserted = new Set<string>();
    // In the batch's order, one device at a time (a batch has one; the interface allows several).
    for (let i = 0; i < rows.length; ) {
      const device = rows[i]!.device_id;
      let end = i;
      while (end < rows.length && end - i < MOST_ROWS && rows[end]!.device_id === device) end++;
      let n = MOST_ROWS;
      while (n > end - i) n >>= 1;
      const office = officeOf(device);
      const params: unknown[] = [at, at, office, office, at, at];
      for (const r of rows.slice(i, i + n)) params.push(r.id, r.device_id, r.batch_id, r.registration_no, r.record, r.hash);
      for (const r of statement(sqlFor(n)).all(...params) as { id: string }[]) inserted.add(r.id);
      i += n;
    }
    const seen = new Set<string>();
    return rows.filter((r) => inserted.has(r.id) && !seen.has(r.id) && seen.add(r.id)).map((r) => r.id);
  };
}
