import type { Database } from 'better-sqlite3';
import { FINAL_STATUSES, type SubmissionPayload, type SubmissionStatus } from '../../../shared/domain/submission.js';

const FINAL = `(${FINAL_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/**
 * Finished requests not yet minimised, paged by id. INDEXED BY: on a young table the planner
 * would pick the status index and sort; the partial index of migration 0200 is the one to read.
 */
export const CANDIDATES_SQL = `SELECT s.id, s.service_id, s.payload,
        (SELECT min(at) FROM submission_status h WHERE h.submission_id = s.id AND h.status IN ${FINAL}) AS finished_at,
        (SELECT state FROM outbox o WHERE o.submission_id = s.id) AS outbox,
        (SELECT count(*) FROM status_outbox x WHERE x.submission_id = s.id AND x.state = 'pending') AS open_statuses
   FROM submissions s INDEXED BY submissions_purge_due
  WHERE s.status IN ${FINAL} AND s.purged_at IS NULL AND s.id > ?
  ORDER BY s.id LIMIT ?`;

/** A finished request not yet minimised, with what decides whether its retention has run out. */
export interface PurgeCandidate {
  id: string;
  serviceId: string;
  /** When it first reached a final state (done, collected, rejected). */
  finishedAt: string;
  /** The hub holds it (outbox delivered) and every status the desa set has reached the hub. */
  acknowledged: boolean;
  payload: SubmissionPayload;
}

/** What this device holds about one NIK: the data-subject report's rows (main/core/privacy). */
export interface SubjectRecord {
  id: string;
  registrationNo: string;
  serviceId: string;
  status: SubmissionStatus;
  createdAt: string;
  purgedAt: string | null;
  payload: SubmissionPayload;
  hasAttachment: boolean;
  outboxState: string | null;
  letterNumber: string | null;
  /** Audit rows naming this request: who opened, moved, printed it. */
  views: { at: string; actor: string; action: string }[];
}

/**
 * UU 27/2022 duties at the kiosk (migration 0200): finding finished requests whose retention may
 * have run out, minimising one in a single transaction, and gathering what the device holds
 * about a resident. Letters stay: the desa's register of issued letters is its archive.
 */
export function privacyQueries(db: Database) {
  const candidates = db.prepare<[string, number], { id: string; service_id: string; payload: string; finished_at: string | null; outbox: string | null; open_statuses: number }>(CANDIDATES_SQL);
  const setMinimal = db.prepare('UPDATE submissions SET payload = ?, wire_record = NULL, purged_at = ?, updated_at = ? WHERE id = ? AND purged_at IS NULL');
  const dropAttachment = db.prepare('DELETE FROM submission_attachments WHERE submission_id = ?');
  const docNik = db.prepare<[string], string | null>('SELECT nik FROM search_doc WHERE submission_id = ?').pluck();
  // The name postings stay (their positions are the index's own bookkeeping); without the document row nothing finds it.
  const dropDoc = db.prepare('DELETE FROM search_doc WHERE submission_id = ?');
  const nikStillHeld = db.prepare<[string], number>('SELECT count(*) FROM search_doc WHERE nik = ?').pluck();
  const dropCardUids = db.prepare('DELETE FROM card_uids WHERE nik = ?');

  const byNik = db.prepare<[string], { id: string; registration_no: string; service_id: string; status: SubmissionStatus; created_at: string; purged_at: string | null; payload: string; attachment: number; outbox: string | null; letter: string | null }>(
    `SELECT s.id, s.registration_no, s.service_id, s.status, s.created_at, s.purged_at, s.payload,
            EXISTS (SELECT 1 FROM submission_attachments a WHERE a.submission_id = s.id) AS attachment,
            (SELECT state FROM outbox o WHERE o.submission_id = s.id) AS outbox,
            (SELECT number FROM letters l WHERE l.submission_id = s.id) AS letter
       FROM search_doc d JOIN submissions s ON s.id = d.submission_id
      WHERE d.nik = ? ORDER BY s.created_at`,
  );
  const viewsOf = db.prepare<[string], { at: string; actor: string; action: string }>(
    'SELECT at, actor, action FROM audit_log WHERE subject = ? ORDER BY seq LIMIT 200',
  );
  const cardUidCount = db.prepare<[string], number>('SELECT count(*) FROM card_uids WHERE nik = ?').pluck();

  return {
    /** Up to `limit` finished, not yet minimised requests after id `after` (paged by id). */
    candidates(after: string, limit: number): PurgeCandidate[] {
      return candidates.all(after, limit).map((r) => ({
        id: r.id,
        serviceId: r.service_id,
        finishedAt: r.finished_at ?? '',
        acknowledged: r.outbox === 'delivered' && r.open_statuses === 0,
        payload: JSON.parse(r.payload) as SubmissionPayload,
      }));
    },
    /**
     * Replaces each request's personal data by its `minimal` payload (which keeps what the report
     * tallies read), drops its attachment, its search entry and, once no other request holds the
     * NIK, the card UIDs that stood for it. One transaction for the lot; returns the ids changed
     * (one minimised meanwhile is skipped).
     */
    minimise(items: readonly { id: string; minimal: SubmissionPayload }[], at: string): string[] {
      return db.transaction(() => {
        const done: string[] = [];
        for (const { id, minimal } of items) {
          const nik = docNik.get(id) ?? null;
          if (setMinimal.run(JSON.stringify(minimal), at, at, id).changes === 0) continue;
          dropAttachment.run(id);
          dropDoc.run(id);
          if (nik && nikStillHeld.get(nik) === 0) dropCardUids.run(nik);
          done.push(id);
        }
        return done;
      })();
    },
    /** Every request this device still indexes under the NIK, oldest first, with its audit trail. */
    recordsOf(nik: string): SubjectRecord[] {
      return byNik.all(nik).map((r) => ({
        id: r.id,
        registrationNo: r.registration_no,
        serviceId: r.service_id,
        status: r.status,
        createdAt: r.created_at,
        purgedAt: r.purged_at,
        payload: JSON.parse(r.payload) as SubmissionPayload,
        hasAttachment: r.attachment === 1,
        outboxState: r.outbox,
        letterNumber: r.letter,
        views: viewsOf.all(r.id),
      }));
    },
    /** How many card UIDs this device maps to the NIK (UID-only readers). */
    cardUidsOf: (nik: string): number => cardUidCount.get(nik)!,
  };
}
export type PrivacyQueries = ReturnType<typeof privacyQueries>;
