import type { Database } from 'better-sqlite3';
import type { SubmissionStatus } from '../../../shared/domain/submission.js';

export interface OutgoingStatus {
  seq: number;
  submissionId: string;
  status: SubmissionStatus;
  note: string | null;
  at: string;
}

/**
 * Statuses the desa set that the hub has not acknowledged yet (migration 0070). Written in the
 * same transaction as the move; sent only for submissions the hub already holds (their outbox
 * row is delivered), oldest first, so the hub always sees them in order.
 */
export function statusOutboxQueries(db: Database) {
  const insert = db.prepare("INSERT INTO status_outbox (submission_id, status, note, at, state) VALUES (?, ?, ?, ?, 'pending')");
  const due = db.prepare<[number], { seq: number; submission_id: string; status: SubmissionStatus; note: string | null; at: string }>(
    "SELECT s.seq, s.submission_id, s.status, s.note, s.at FROM status_outbox s JOIN outbox o ON o.submission_id = s.submission_id " +
      "WHERE s.state = 'pending' AND o.state = 'delivered' ORDER BY s.seq LIMIT ?",
  );
  const delivered = db.prepare("UPDATE status_outbox SET state = 'delivered', delivered_at = ? WHERE seq = ? AND state = 'pending'");
  const pending = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM status_outbox WHERE state = 'pending'");
  return {
    /** Call inside the move's transaction. */
    add: (submissionId: string, status: SubmissionStatus, note: string | null, at: string) => void insert.run(submissionId, status, note, at),
    due: (limit: number): OutgoingStatus[] => due.all(limit).map((r) => ({ seq: r.seq, submissionId: r.submission_id, status: r.status, note: r.note, at: r.at })),
    markDelivered: (seqs: readonly number[], at: string) => {
      db.transaction(() => {
        for (const seq of seqs) delivered.run(at, seq);
      })();
    },
    pendingCount: () => pending.get()!.n,
  };
}
export type StatusOutboxQueries = ReturnType<typeof statusOutboxQueries>;
