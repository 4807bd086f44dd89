import type { Database } from 'better-sqlite3';
import type {
  StatusEntry,
  Submission,
  SubmissionPayload,
  SubmissionStatus,
  SubmissionSummary,
} from '../../../shared/domain/submission.js';
import type { SearchIndexer } from './search.js';

interface SubmissionRow {
  id: string;
  registration_no: string;
  tracking_code: string;
  service_id: string;
  service_version: number;
  payload: string;
  status: SubmissionStatus;
  created_at: string;
  updated_at: string;
}

export interface NewSubmission {
  id: string;
  registrationNo: string;
  trackingCode: string;
  serviceId: string;
  serviceVersion: number;
  payload: SubmissionPayload;
  createdAt: string;
}

function toSubmission(r: SubmissionRow): Submission {
  return {
    id: r.id,
    registrationNo: r.registration_no,
    trackingCode: r.tracking_code,
    serviceId: r.service_id,
    serviceVersion: r.service_version,
    payload: JSON.parse(r.payload) as SubmissionPayload,
    status: r.status,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * Submissions, their status history, their outbox rows and the daily sequences that number them.
 * Each insert is indexed for search in the same transaction; the index holds no status, so a
 * status change (here, from the hub or from sync) cannot leave it stale.
 */
export function submissionQueries(db: Database, index: SearchIndexer) {
  const selectCols = 'id, registration_no, tracking_code, service_id, service_version, payload, status, created_at, updated_at';
  const byId = db.prepare<[string], SubmissionRow>(`SELECT ${selectCols} FROM submissions WHERE id = ?`);
  const byCode = db.prepare<[string, string], SubmissionRow>(
    `SELECT ${selectCols} FROM submissions WHERE registration_no = ? OR tracking_code = ?`,
  );
  const page = db.prepare<[number, number], SubmissionRow>(
    `SELECT ${selectCols} FROM submissions ORDER BY created_at DESC, id LIMIT ? OFFSET ?`,
  );
  const pageByStatus = db.prepare<[string, number, number], SubmissionRow>(
    `SELECT ${selectCols} FROM submissions WHERE status = ? ORDER BY created_at DESC, id LIMIT ? OFFSET ?`,
  );
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM submissions');
  const countByStatus = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM submissions WHERE status = ?');
  const insert = db.prepare(
    'INSERT INTO submissions (id, registration_no, tracking_code, service_id, service_version, payload, status, created_at, updated_at) ' +
      "VALUES (@id, @registrationNo, @trackingCode, @serviceId, @serviceVersion, @payload, 'received', @createdAt, @createdAt)",
  );
  const insertStatus = db.prepare(
    'INSERT INTO submission_status (submission_id, status, note, at, source, actor) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const updateStatus = db.prepare('UPDATE submissions SET status = ?, updated_at = ? WHERE id = ?');
  const insertOutbox = db.prepare("INSERT INTO outbox (submission_id, state, created_at) VALUES (?, 'pending', ?)");
  const history = db.prepare<[string], StatusEntry & { actor: string | null }>(
    'SELECT status, note, at, source, actor FROM submission_status WHERE submission_id = ? ORDER BY seq',
  );
  const insertAll = db.transaction((s: NewSubmission): void => {
    insert.run({ ...s, payload: JSON.stringify(s.payload) });
    insertStatus.run(s.id, 'received', null, s.createdAt, 'local', null);
    insertOutbox.run(s.id, s.createdAt);
    index.add(s.id, s.payload);
  });
  const bumpSequence = db.prepare<[string, string], { last: number }>(
    'INSERT INTO daily_sequence (kind, day, last) VALUES (?, ?, 1) ' +
      'ON CONFLICT (kind, day) DO UPDATE SET last = last + 1 RETURNING last',
  );

  const inService = 'service_id IN (SELECT value FROM json_each(?))';
  const inboxPage = db.prepare<[string, string, number, number], SubmissionRow>(
    `SELECT ${selectCols} FROM submissions WHERE ${inService} AND status IN (SELECT value FROM json_each(?)) ORDER BY created_at, id LIMIT ? OFFSET ?`,
  );
  const inboxCount = db.prepare<[string, string], { n: number }>(
    `SELECT count(*) AS n FROM submissions WHERE ${inService} AND status IN (SELECT value FROM json_each(?))`,
  );
  const inboxByStatus = db.prepare<[string], { status: string; n: number }>(`SELECT status, count(*) AS n FROM submissions WHERE ${inService} GROUP BY status`);

  return {
    get(id: string): Submission | undefined {
      const row = byId.get(id);
      return row && toSubmission(row);
    },
    /** By registration number or tracking code, as typed or scanned at the kiosk. */
    findByCode(code: string): Submission | undefined {
      const row = byCode.get(code, code);
      return row && toSubmission(row);
    },
    list(limit: number, offset: number, status?: SubmissionStatus): { items: SubmissionSummary[]; total: number } {
      const rows = status ? pageByStatus.all(status, limit, offset) : page.all(limit, offset);
      const total = status ? countByStatus.get(status)!.n : count.get()!.n;
      return {
        items: rows.map((r) => ({
          id: r.id,
          registrationNo: r.registration_no,
          trackingCode: r.tracking_code,
          serviceId: r.service_id,
          status: r.status,
          createdAt: r.created_at,
        })),
        total,
      };
    },
    count(): number {
      return count.get()!.n;
    },
    /**
     * The desa's inbox: submissions of these services in these states, oldest first (the longest
     * waiting on top), with the total and a count per state. json_each keeps the lists bound
     * parameters, never SQL text.
     */
    inbox(serviceIds: readonly string[], statuses: readonly string[], limit: number, offset: number): { items: Submission[]; total: number; byStatus: Record<string, number> } {
      const sv = JSON.stringify(serviceIds);
      const st = JSON.stringify(statuses);
      return {
        items: inboxPage.all(sv, st, limit, offset).map(toSubmission),
        total: inboxCount.get(sv, st)!.n,
        byStatus: Object.fromEntries(inboxByStatus.all(sv).map((r) => [r.status, r.n])),
      };
    },
    /** The timeline as a resident may see it (no staff names). */
    history(id: string): StatusEntry[] {
      return history.all(id).map(({ actor: _actor, ...entry }) => entry);
    },
    /** The timeline with who made each move (the desk's view). */
    historyWithActors(id: string): (StatusEntry & { actor: string | null })[] {
      return history.all(id);
    },
    /** Next number of a daily counter (registration numbers, queue numbers). Call inside the write's transaction. */
    nextSequence(kind: string, day: string): number {
      return bumpSequence.get(kind, day)!.last;
    },
    /**
     * The submission, its first status entry, its outbox row and its search index entry, all or
     * nothing. Callers wrap this in the same transaction as anything else that belongs to the
     * capture (the durable submit); nested, it is a savepoint.
     */
    insert(s: NewSubmission): void {
      insertAll(s);
    },
    setStatus(id: string, status: SubmissionStatus, note: string | null, at: string, source: 'local' | 'hub', actor: string | null = null): void {
      insertStatus.run(id, status, note, at, source, actor);
      updateStatus.run(status, at, id);
    },
  };
}
export type SubmissionQueries = ReturnType<typeof submissionQueries>;
