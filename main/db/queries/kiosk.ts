import type { Database } from 'better-sqlite3';
import { SKM_UNSUR, type SkmUnsur } from '../../../shared/catalogue/skm.js';
import type { SkmSheet } from '../../../shared/sync/skm.js';

export interface SkmAnswers {
  id: string;
  submissionId: string | null;
  serviceId: string;
  scores: Partial<Record<SkmUnsur, 1 | 2 | 3 | 4>>;
  createdAt: string;
}

/** SKM answers (migrations 0040, 0150) and what the kiosk's status screen reads beside a submission. */
export function kioskQueries(db: Database) {
  const insertSkm = db.prepare(
    'INSERT OR IGNORE INTO skm_response (id, submission_id, service_id, u1, u2, u3, u4, u5, u6, u7, u8, u9, created_at) ' +
      'VALUES (@id, @submissionId, @serviceId, @u1, @u2, @u3, @u4, @u5, @u6, @u7, @u8, @u9, @createdAt)',
  );
  const aggregate = db.prepare<[string, string], Record<string, number | null>>(
    `SELECT count(*) AS responses, ${SKM_UNSUR.map((u) => `sum(${u}) AS ${u}_sum, count(${u}) AS ${u}_count`).join(', ')} ` +
      'FROM skm_response WHERE created_at >= ? AND created_at < ?',
  );
  const unsynced = db.prepare<[number], { id: string; submission_id: string | null; service_id: string; created_at: string } & Record<SkmUnsur, number | null>>(
    `SELECT id, submission_id, service_id, ${SKM_UNSUR.join(', ')}, created_at FROM skm_response WHERE synced_at IS NULL ORDER BY created_at, id LIMIT ?`,
  );
  const markSynced = db.prepare('UPDATE skm_response SET synced_at = ? WHERE id = ? AND synced_at IS NULL');
  const unsyncedCount = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM skm_response WHERE synced_at IS NULL');
  const lastHub = db.prepare<[], { at: string | null }>("SELECT max(at) AS at FROM submission_status WHERE source = 'hub'");
  const outboxState = db.prepare<[string], { state: string }>('SELECT state FROM outbox WHERE submission_id = ?');

  return {
    /** Idempotent by id (a retried save is harmless). */
    insertSkm(a: SkmAnswers): void {
      const row: Record<string, unknown> = { id: a.id, submissionId: a.submissionId, serviceId: a.serviceId, createdAt: a.createdAt };
      for (const u of SKM_UNSUR) row[u] = a.scores[u] ?? null;
      insertSkm.run(row);
    },
    /** Sums and counts per unsur between two ISO instants (from inclusive, to exclusive). */
    skmTotals(from: string, to: string): { responses: number; sums: Record<SkmUnsur, { sum: number; count: number }> } {
      const r = aggregate.get(from, to)!;
      const sums = {} as Record<SkmUnsur, { sum: number; count: number }>;
      for (const u of SKM_UNSUR) sums[u] = { sum: Number(r[`${u}_sum`] ?? 0), count: Number(r[`${u}_count`] ?? 0) };
      return { responses: Number(r['responses'] ?? 0), sums };
    },
    /** Answer sheets the hub has not acknowledged yet (migration 0150), oldest first. */
    unsyncedSkm(limit: number): SkmSheet[] {
      return unsynced.all(limit).map((r) => {
        const sheet = { id: r.id, submissionId: r.submission_id, serviceId: r.service_id, at: r.created_at } as SkmSheet;
        for (const u of SKM_UNSUR) sheet[u] = r[u];
        return sheet;
      });
    },
    markSkmSynced(ids: readonly string[], at: string): void {
      db.transaction(() => {
        for (const id of ids) markSynced.run(at, id);
      })();
    },
    unsyncedSkmCount(): number {
      return unsyncedCount.get()!.n;
    },
    /** When a status last came from the hub (null: never): "terakhir diperbarui" at the kiosk. */
    lastHubStatusAt(): string | null {
      return lastHub.get()?.at ?? null;
    },
    outboxState(submissionId: string): string | null {
      return outboxState.get(submissionId)?.state ?? null;
    },
  };
}
export type KioskQueries = ReturnType<typeof kioskQueries>;
