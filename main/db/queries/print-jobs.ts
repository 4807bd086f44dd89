import type { Database } from 'better-sqlite3';
import type { ReceiptData } from '../../../shared/devices/receipt.js';
import type { PrintJob, PrintJobState } from '../../../shared/api/calls/devices.js';

interface Row {
  id: string;
  submission_id: string | null;
  ticket_id: string | null;
  state: PrintJobState;
  reason: string | null;
  attempts: number;
  receipt: string;
  created_at: string;
  updated_at: string;
  printed_at: string | null;
}

const toJob = (r: Row): PrintJob & { receipt: ReceiptData } => ({
  id: r.id,
  submissionId: r.submission_id,
  ticketId: r.ticket_id,
  state: r.state,
  reason: r.reason,
  attempts: r.attempts,
  receipt: JSON.parse(r.receipt) as ReceiptData,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  printedAt: r.printed_at,
});

/** What a job prints for: a request (its receipt) or a queue ticket taken without a request. */
export type PrintSubject = { submissionId: string } | { ticketId: string };

/** The receipt print queue: queued → printing → printed | failed (with reason). */
export function printJobQueries(db: Database) {
  const cols = 'id, submission_id, ticket_id, state, reason, attempts, receipt, created_at, updated_at, printed_at';
  const byId = db.prepare<[string], Row>(`SELECT ${cols} FROM print_jobs WHERE id = ?`);
  const next = db.prepare<[], Row>(`SELECT ${cols} FROM print_jobs WHERE state = 'queued' ORDER BY created_at, id LIMIT 1`);
  const recent = db.prepare<[number], Row>(`SELECT ${cols} FROM print_jobs ORDER BY created_at DESC, id DESC LIMIT ?`);
  const bySubmission = db.prepare<[string], Row>(`SELECT ${cols} FROM print_jobs WHERE submission_id = ? ORDER BY created_at DESC, id DESC`);
  const countQueued = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM print_jobs WHERE state = 'queued'");
  const insert = db.prepare(
    "INSERT INTO print_jobs (id, submission_id, ticket_id, state, attempts, receipt, created_at, updated_at) VALUES (?, ?, ?, 'queued', 0, ?, ?, ?)",
  );
  // Guarded transitions: a job is marked printed only from 'printing', so never twice.
  const toPrinting = db.prepare("UPDATE print_jobs SET state = 'printing', attempts = attempts + 1, updated_at = ? WHERE id = ? AND state = 'queued'");
  const toPrinted = db.prepare("UPDATE print_jobs SET state = 'printed', reason = NULL, printed_at = ?, updated_at = ? WHERE id = ? AND state = 'printing'");
  const backToQueue = db.prepare("UPDATE print_jobs SET state = 'queued', reason = ?, updated_at = ? WHERE id = ? AND state = 'printing'");
  const toFailed = db.prepare("UPDATE print_jobs SET state = 'failed', reason = ?, updated_at = ? WHERE id = ? AND state IN ('printing', 'queued')");
  const noteWaiting = db.prepare("UPDATE print_jobs SET reason = ?, updated_at = ? WHERE id = ? AND state = 'queued'");
  const requeue = db.prepare("UPDATE print_jobs SET state = 'queued', reason = ?, updated_at = ? WHERE id = ? AND state = 'failed'");
  const recoverPrinting = db.prepare("UPDATE print_jobs SET state = 'queued', reason = ?, updated_at = ? WHERE state = 'printing'");

  return {
    get: (id: string) => {
      const r = byId.get(id);
      return r && toJob(r);
    },
    next: () => {
      const r = next.get();
      return r && toJob(r);
    },
    recent: (limit: number) => recent.all(limit).map(toJob),
    forSubmission: (submissionId: string) => bySubmission.all(submissionId).map(toJob),
    queuedCount: () => countQueued.get()!.n,
    /** A request's receipt, or (migration 0140) a queue ticket printed alone. */
    insert: (id: string, subject: PrintSubject, receipt: ReceiptData, at: string) =>
      void insert.run(id, 'submissionId' in subject ? subject.submissionId : null, 'ticketId' in subject ? subject.ticketId : null, JSON.stringify(receipt), at, at),
    markPrinting: (id: string, at: string) => toPrinting.run(at, id).changes === 1,
    markPrinted: (id: string, at: string) => toPrinted.run(at, at, id).changes === 1,
    backToQueue: (id: string, reason: string, at: string) => backToQueue.run(reason, at, id).changes === 1,
    /** Why a queued job is waiting, before any attempt (the printer already reported a blocker). */
    noteWaiting: (id: string, reason: string, at: string) => noteWaiting.run(reason, at, id).changes === 1,
    markFailed: (id: string, reason: string, at: string) => toFailed.run(reason, at, id).changes === 1,
    requeueFailed: (id: string, reason: string, at: string) => requeue.run(reason, at, id).changes === 1,
    /** After a crash: a job left 'printing' may or may not have printed; queue it again (a duplicate receipt beats a lost one). */
    recoverInterrupted: (at: string) => recoverPrinting.run('interrupted: Anjungan stopped while printing', at).changes,
  };
}
export type PrintJobQueries = ReturnType<typeof printJobQueries>;
