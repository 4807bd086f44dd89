import type { NewSubmissionRow } from '../backend.js';
import { sqliteDueAtFor, sqliteServiceIdOf } from '../migration-440.js';
import { sqliteOverallDueOnInsert } from '../migration-450.js';
import { INGEST_TALLYING_TABLE } from '../migration-460.js';
import { HUB_OPEN_STATES } from '../../../shared/domain/hub-workflow.js';
import type { SqliteStatements } from './statements.js';

/** Rows per INSERT at most; a batch's rows go in statements of 128, 64, … 1 (a handful of shapes, each prepared once). */
const MOST_ROWS = 128;
const ROW_PARAMS = 6;
/** The ingest writes its rows in 'sent' (below); whether those count as open (hub_open_tally) is the workflow's. */
const SENT_IS_OPEN = (HUB_OPEN_STATES as readonly string[]).includes('sent');

// One grouped upsert per tally table for a batch's inserted rows (hub migration 460): the row triggers' sums, in the
// rows' key order. Bound: the receipt instant and a JSON array of [key, count] (hub_tally: [dim, key, count]).
const TALLY_RECEIVED =
  "INSERT INTO hub_tally (dim, day, key, received) SELECT j.value ->> 0, date(?, '+7 hours'), j.value ->> 1, j.value ->> 2 FROM json_each(?) j " +
  'WHERE true ORDER BY 1, 3 ON CONFLICT (dim, day, key) DO UPDATE SET received = received + excluded.received';
const TALLY_OPEN =
  'INSERT INTO hub_open_tally (service_id, day, n) SELECT j.value ->> 0, substr(?, 1, 10), j.value ->> 1 FROM json_each(?) j ' +
  'WHERE true ORDER BY 1 ON CONFLICT (service_id, day) DO UPDATE SET n = n + excluded.n';

/**
 * The ingest's INSERT for SQLite (hub migration 440): the office, kecamatan and SLA deadline are
 * written with the row, so the trigger `submissions_derive` does not write it a second time.
 * The office is looked up once per device (a batch has one), the deadline by the trigger's own
 * expression (status 'sent' since the receipt, the record's service). Many rows per statement:
 * each statement is a savepoint whose pages SQLite copies to its statement journal (there are
 * triggers), so one statement per row copied ~20 pages per row; now each page once per statement.
 * The tallies (hub_tally's received by service and office, hub_open_tally) are added once for the
 * batch, grouped, with the row triggers skipped for these INSERTs only (hub migration 460).
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
      `FROM (VALUES ${values.join(', ')}) AS v WHERE true ON CONFLICT (id) DO NOTHING RETURNING id, service_id`;
    texts.set(n, sql);
    return sql;
  };
  const officeOf = (device: string): string | null => one<{ o: string | null }>('SELECT min(office_code) AS o FROM letter_keys WHERE device_id = ?', device)?.o ?? null;

  return (rows, at) => {
    const inserted = new Set<string>();
    // Per service (hub_tally 'service', hub_open_tally) and per office (hub_tally 'office'): the rows inserted.
    const byService = new Map<string, number>();
    const byOffice = new Map<string, number>();
    const add = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);
    // A file not yet at hub migration 460 (a test stopping before it) tallies by trigger, as it did.
    const grouped = one<{ x: number }>("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = ?", INGEST_TALLYING_TABLE) !== null;
    if (grouped) statement(`INSERT INTO ${INGEST_TALLYING_TABLE} (one) VALUES (1)`).run();
    try {
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
        for (const r of statement(sqlFor(n)).all(...params) as { id: string; service_id: string | null }[]) {
          inserted.add(r.id);
          add(byService, r.service_id ?? '?');
          add(byOffice, office ?? '?');
        }
        i += n;
      }
    } finally {
      if (grouped) statement(`DELETE FROM ${INGEST_TALLYING_TABLE}`).run();
    }
    if (grouped && inserted.size) {
      const tally = [...[...byService].map(([k, c]) => ['service', k, c]), ...[...byOffice].map(([k, c]) => ['office', k, c])];
      statement(TALLY_RECEIVED).run(at, JSON.stringify(tally));
      if (SENT_IS_OPEN) statement(TALLY_OPEN).run(at, JSON.stringify([...byService]));
    }
    const seen = new Set<string>();
    return rows.filter((r) => inserted.has(r.id) && !seen.has(r.id) && seen.add(r.id)).map((r) => r.id);
  };
}
