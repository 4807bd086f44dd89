import type { Database } from 'better-sqlite3';
import type { BatchAck } from '../../../shared/sync/protocol.js';
import type { SearchIndexer } from './search.js';
import { DAY } from '../migrations/0130-report-tallies.js';
import { ACK_TALLYING_TABLE } from '../migrations/0270-ack-tallies.js';

/** A submission ready to travel: its wire text (exact) and its attachment bytes, if any. */
export interface OutgoingRow {
  id: string;
  /** Set for imported records: the exact JSON text to carry. */
  wire_record: string | null;
  service_id: string;
  service_version: number;
  payload: string;
  registration_no: string;
  tracking_code: string;
  created_at: string;
  att_name: string | null;
  att_type: string | null;
  att_data: Buffer | null;
}

export interface OpenBatch {
  batch_id: string;
  body: Buffer;
  digest: string;
  records: number;
  raw_bytes: number;
}

export interface ImportedRecord {
  id: string;
  /** The JSON object text, attachment bytes cut out. */
  text: string;
  registrationNo: string;
  trackingCode: string;
  payload: string;
  createdAt: string;
  attachment?: { name: string | null; contentType: string | null; data: Buffer };
}

/** Outbox scheduling, open batches, device keys, attachments and sync state; imported records are indexed for search. */
export function syncQueries(db: Database, index: SearchIndexer) {
  const q = {
    keys: db.prepare<[], { public_key: Buffer; private_key: Buffer }>('SELECT public_key, private_key FROM sync_keys WHERE singleton = 1'),
    insertKeys: db.prepare('INSERT OR IGNORE INTO sync_keys (singleton, public_key, private_key, created_at) VALUES (1, ?, ?, ?)'),
    due: db.prepare<[string], OutgoingRow>(
      'SELECT s.id, s.wire_record, s.service_id, s.service_version, s.payload, s.registration_no, s.tracking_code, s.created_at, ' +
        'a.name AS att_name, a.content_type AS att_type, a.data AS att_data ' +
        'FROM outbox o JOIN submissions s ON s.id = o.submission_id LEFT JOIN submission_attachments a ON a.submission_id = s.id ' +
        "WHERE o.state = 'pending' AND o.batch_id IS NULL AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?) " +
        // Ties (an import's rows share one instant) in the order written, which outbox_pending holds: ordered by the id
        // instead, every batch sorted all that was pending before its first row (2,000 joined rows for a batch of 1,000).
        'ORDER BY o.created_at, o.rowid',
    ),
    toSend: db.prepare<[string], { n: number }>(
      "SELECT count(*) AS n FROM outbox WHERE state = 'pending' AND (batch_id IS NOT NULL OR next_attempt_at IS NULL OR next_attempt_at <= ?)",
    ),
    nextDue: db.prepare<[], { at: string | null }>(
      "SELECT min(next_attempt_at) AS at FROM outbox WHERE state = 'pending' AND batch_id IS NULL AND next_attempt_at IS NOT NULL",
    ),
    insertBatch: db.prepare('INSERT INTO sync_batches (batch_id, body, digest, records, raw_bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
    // The batch's members in one statement (json_each over the ids), not one per submission; by key (+state: not a scan of the pending).
    assignMany: db.prepare("UPDATE outbox SET batch_id = ? WHERE submission_id IN (SELECT value FROM json_each(?)) AND +state = 'pending'"),
    openBatches: db.prepare<[], OpenBatch>('SELECT batch_id, body, digest, records, raw_bytes FROM sync_batches ORDER BY created_at, batch_id'),
    members: db.prepare<[string], { submission_id: string }>('SELECT submission_id FROM outbox WHERE batch_id = ?'),
    // Set-based (json_each over the ack's ids): one statement per table for a whole batch, not three per submission.
    deliveredMany: db.prepare<[string, string], { submission_id: string }>(
      "UPDATE outbox SET state = 'delivered', delivered_at = ?, batch_id = NULL, last_error = NULL, attempts = attempts + 1 " +
        'WHERE submission_id IN (SELECT value FROM json_each(?)) RETURNING submission_id',
    ),
    markSentMany: db.prepare<[string, string], { id: string; day: string; service_id: string }>(
      // By key, not by a scan of every 'received' one (+status): the backlog may be thousands, the batch its part of it.
      "UPDATE submissions SET status = 'sent', updated_at = ? WHERE id IN (SELECT value FROM json_each(?)) AND +status = 'received' " +
        `RETURNING id, ${DAY('created_at')} AS day, service_id`,
    ),
    // The ack's own status move in the tallies (kiosk migration 0270): the row triggers skip its UPDATE while the flag
    // row is there; then one grouped UPDATE (received, leaving) and upsert (sent) per table. Bound: JSON [[day, service, n]].
    ackTallying: db.prepare(`INSERT INTO ${ACK_TALLYING_TABLE} (one) VALUES (1)`),
    ackTallied: db.prepare(`DELETE FROM ${ACK_TALLYING_TABLE}`),
    ackLeaveServiceStatus: db.prepare(
      'UPDATE report_service_status SET n = n - (j.value ->> 2) FROM json_each(?) j ' +
        "WHERE report_service_status.day = j.value ->> 0 AND report_service_status.service_id = j.value ->> 1 AND report_service_status.status = 'received'",
    ),
    ackEnterServiceStatus: db.prepare(
      "INSERT INTO report_service_status (day, service_id, status, n) SELECT j.value ->> 0, j.value ->> 1, 'sent', j.value ->> 2 FROM json_each(?) j WHERE true " +
        'ON CONFLICT (day, service_id, status) DO UPDATE SET n = n + excluded.n',
    ),
    ackLeaveStatus: db.prepare(
      "UPDATE report_tally SET n = n - (j.value ->> 1) FROM json_each(?) j WHERE report_tally.dim = 'status' AND report_tally.day = j.value ->> 0 AND report_tally.key = 'received'",
    ),
    ackEnterStatus: db.prepare(
      "INSERT INTO report_tally (dim, day, key, n) SELECT 'status', j.value ->> 0, 'sent', j.value ->> 1 FROM json_each(?) j WHERE true " +
        'ON CONFLICT (dim, day, key) DO UPDATE SET n = n + excluded.n',
    ),
    sentHistoryMany: db.prepare("INSERT INTO submission_status (submission_id, status, note, at, source) SELECT value, 'sent', NULL, ?, 'local' FROM json_each(?)"),
    park: db.prepare("UPDATE outbox SET state = 'parked', last_error = ?, batch_id = NULL, attempts = attempts + 1 WHERE submission_id = ?"),
    release: db.prepare('UPDATE outbox SET batch_id = NULL, relay_id = NULL, relay_at = NULL WHERE batch_id = ?'),
    atRelay: db.prepare("UPDATE outbox SET relay_id = ?, relay_at = coalesce(relay_at, ?) WHERE batch_id = ? AND state = 'pending'"),
    notAtRelay: db.prepare('UPDATE outbox SET relay_id = NULL, relay_at = NULL WHERE batch_id = ?'),
    batchAtRelay: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM outbox WHERE batch_id = ? AND relay_at IS NOT NULL'),
    counts: db.prepare<[], { pending: number; atRelay: number; delivered: number; parked: number }>(
      "SELECT coalesce(sum(state = 'pending' AND relay_at IS NULL), 0) AS pending, coalesce(sum(state = 'pending' AND relay_at IS NOT NULL), 0) AS atRelay, " +
        "coalesce(sum(state = 'delivered'), 0) AS delivered, coalesce(sum(state = 'parked'), 0) AS parked FROM outbox",
    ),
    deliveryOf: db.prepare<[string], { state: string; relay_at: string | null; delivered_at: string | null }>('SELECT state, relay_at, delivered_at FROM outbox WHERE submission_id = ?'),
    deleteBatch: db.prepare('DELETE FROM sync_batches WHERE batch_id = ?'),
    statusOf: db.prepare<[string], { status: string }>('SELECT status FROM submissions WHERE id = ?'),
    backlog: db.prepare<[], { n: number }>("SELECT count(*) AS n FROM outbox WHERE state = 'pending'"),
    backlogBytes: db.prepare<[], { text: number; attachments: number; batched: number }>(
      'SELECT coalesce(sum(coalesce(length(s.wire_record), length(s.payload))), 0) AS text, coalesce(sum(length(a.data)), 0) AS attachments, ' +
        '(SELECT coalesce(sum(length(body)), 0) FROM sync_batches) AS batched ' +
        'FROM outbox o JOIN submissions s ON s.id = o.submission_id LEFT JOIN submission_attachments a ON a.submission_id = s.id ' +
        "WHERE o.state = 'pending' AND o.batch_id IS NULL",
    ),
    parkedCount: db.prepare<[], { n: number }>("SELECT count(*) AS n FROM outbox WHERE state = 'parked'"),
    parked: db.prepare<[number], { submission_id: string; last_error: string | null }>(
      "SELECT submission_id, last_error FROM outbox WHERE state = 'parked' ORDER BY created_at LIMIT ?",
    ),
    unpark: db.prepare("UPDATE outbox SET state = 'pending', last_error = NULL, next_attempt_at = NULL WHERE submission_id = ? AND state = 'parked'"),
    getState: db.prepare<[string], { value: string }>('SELECT value FROM sync_state WHERE key = ?'),
    statePrefix: db.prepare<[string, string], { key: string; value: string }>('SELECT key, value FROM sync_state WHERE key >= ? AND key < ? ORDER BY key LIMIT 200'),
    batchDigest: db.prepare<[string], { digest: string }>('SELECT digest FROM sync_batches WHERE batch_id = ?'),
    setState: db.prepare(
      'INSERT INTO sync_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    ),
    exists: db.prepare<[string], { wire_record: string | null; service_id: string }>('SELECT wire_record, service_id FROM submissions WHERE id = ?'),
    caseTwin: db.prepare<[string, string], { id: string }>('SELECT id FROM submissions WHERE lower(id) = lower(?) AND id <> ? LIMIT 1'),
    importSub: db.prepare(
      'INSERT INTO submissions (id, registration_no, tracking_code, service_id, service_version, payload, status, created_at, updated_at, wire_record) ' +
        "VALUES (?, ?, ?, 'import', 1, ?, 'received', ?, ?, ?)",
    ),
    importStatus: db.prepare("INSERT INTO submission_status (submission_id, status, note, at, source) VALUES (?, 'received', NULL, ?, 'local')"),
    importOutbox: db.prepare("INSERT INTO outbox (submission_id, state, created_at) VALUES (?, 'pending', ?)"),
    insertAttachment: db.prepare('INSERT INTO submission_attachments (submission_id, name, content_type, data) VALUES (?, ?, ?, ?)'),
  };

  return {
    keys(): { publicKey: Buffer; privateKey: Buffer } | undefined {
      const r = q.keys.get();
      return r && { publicKey: r.public_key, privateKey: r.private_key };
    },
    /** Stores the pair unless one exists; returns the stored pair (first start wins). */
    ensureKeys(make: () => { publicKey: Buffer; privateKey: Buffer }): { publicKey: Buffer; privateKey: Buffer } {
      const r = q.keys.get();
      if (r) return { publicKey: r.public_key, privateKey: r.private_key };
      const k = make();
      q.insertKeys.run(k.publicKey, k.privateKey, new Date().toISOString());
      const s = q.keys.get()!;
      return { publicKey: s.public_key, privateKey: s.private_key };
    },
    /** Pending, unbatched, due submissions in capture order (lazily, so a caller can stop at a byte limit). */
    due(now: string): IterableIterator<OutgoingRow> {
      return q.due.iterate(now);
    },
    /** Pending ones a pass starting now will send: in an open batch, or due (the pass reports what it leaves). */
    toSendCount(now: string): number {
      return q.toSend.get(now)!.n;
    },
    nextDueAt(): string | null {
      return q.nextDue.get()?.at ?? null;
    },
    /** The batch's bytes and its members, in one transaction: from here on it is resumed, never rebuilt. */
    saveBatch(b: OpenBatch, ids: string[], at: string): void {
      db.transaction(() => {
        q.insertBatch.run(b.batch_id, b.body, b.digest, b.records, b.raw_bytes, at);
        q.assignMany.run(b.batch_id, JSON.stringify(ids));
      })();
    },
    openBatches(): OpenBatch[] {
      return q.openBatches.all();
    },
    members(batchId: string): string[] {
      return q.members.all(batchId).map((r) => r.submission_id);
    },
    /** The hub's ack, applied in one transaction: delivered, parked with the hub's reason, or back to pending. */
    applyAck(batchId: string, ack: BatchAck, at: string): { delivered: number; parked: number } {
      return db.transaction(() => {
        let parked = 0;
        const held = [...new Set([...ack.accepted, ...ack.duplicate])];
        const delivered = new Set(q.deliveredMany.all(at, JSON.stringify(held)).map((r) => r.submission_id));
        // The tallies move once for the batch, per day and service, not by two row triggers per submission (migration 0270).
        q.ackTallying.run();
        const moved = q.markSentMany.all(at, JSON.stringify([...delivered]));
        q.ackTallied.run();
        const sent = new Set(moved.map((r) => r.id));
        if (moved.length) {
          const byService = new Map<string, [string, string, number]>();
          const byDay = new Map<string, [string, number]>();
          for (const r of moved) {
            const k = `${r.day}\u0000${r.service_id}`;
            const s = byService.get(k);
            if (s) s[2]++;
            else byService.set(k, [r.day, r.service_id, 1]);
            const d = byDay.get(r.day);
            if (d) d[1]++;
            else byDay.set(r.day, [r.day, 1]);
          }
          const services = JSON.stringify([...byService.values()]);
          const days = JSON.stringify([...byDay.values()]);
          q.ackLeaveServiceStatus.run(services);
          q.ackEnterServiceStatus.run(services);
          q.ackLeaveStatus.run(days);
          q.ackEnterStatus.run(days);
        }
        // Each newly sent one gets its history line, in the ack's order.
        q.sentHistoryMany.run(at, JSON.stringify(held.filter((id) => sent.has(id))));
        for (const r of ack.rejected) parked += q.park.run(`hub rejected: ${r.reason}`, r.id).changes;
        q.release.run(batchId);
        q.deleteBatch.run(batchId);
        return { delivered: delivered.size, parked };
      })();
    },
    /** Forget a batch (the hub refused it as a whole): its members go back to pending. */
    dropBatch(batchId: string): string[] {
      return db.transaction(() => {
        const ids = q.members.all(batchId).map((r) => r.submission_id);
        q.release.run(batchId);
        q.deleteBatch.run(batchId);
        return ids;
      })();
    },
    /** Step one of two: a relay holds the batch durably ("di kecamatan"); the rows stay pending. */
    markAtRelay(batchId: string, relayId: string, at: string): void {
      q.atRelay.run(relayId, at, batchId);
    },
    /** The relay no longer holds the batch (it lost or refused it): the kiosk sends it again. */
    clearRelay(batchId: string): void {
      q.notAtRelay.run(batchId);
    },
    isAtRelay(batchId: string): boolean {
      return q.batchAtRelay.get(batchId)!.n > 0;
    },
    /** The outbox by state (anjungan outbox): pending here, held at a relay, delivered to the hub, parked. */
    counts(): { pending: number; atRelay: number; delivered: number; parked: number } {
      return q.counts.get()!;
    },
    /** Where one submission's delivery stands, for "Cek status" and the desk. */
    delivery(id: string): { step: 'pending' | 'at_relay' | 'delivered' | 'parked'; relayAt: string | null; deliveredAt: string | null } | null {
      const r = q.deliveryOf.get(id);
      if (!r) return null;
      const step = r.state === 'delivered' ? 'delivered' : r.state === 'parked' ? 'parked' : r.relay_at ? 'at_relay' : 'pending';
      return { step, relayAt: r.relay_at, deliveredAt: r.delivered_at };
    },
    park(id: string, reason: string): void {
      q.park.run(reason, id);
    },
    unpark(id: string): boolean {
      return q.unpark.run(id).changes === 1;
    },
    backlog(): number {
      return q.backlog.get()!.n;
    },
    /** What the backlog weighs: raw record text and attachments not yet in a batch, and built batches' wire bytes. */
    backlogBytes(): { text: number; attachments: number; batched: number } {
      return q.backlogBytes.get()!;
    },
    parkedCount(): number {
      return q.parkedCount.get()!.n;
    },
    parked(limit: number): { id: string; reason: string | null }[] {
      return q.parked.all(limit).map((r) => ({ id: r.submission_id, reason: r.last_error }));
    },
    getState<T>(key: string): T | undefined {
      const r = q.getState.get(key);
      return r ? (JSON.parse(r.value) as T) : undefined;
    },
    /** Every state entry whose key starts with `prefix` (at most 200), e.g. the hub keys learned per upstream. */
    statesWithPrefix<T>(prefix: string): { key: string; value: T }[] {
      return q.statePrefix.all(prefix, `${prefix}\uffff`).map((r) => ({ key: r.key, value: JSON.parse(r.value) as T }));
    },
    /** The digest of a batch built and not yet acknowledged; null when no such batch is open. */
    openBatchDigest(batchId: string): string | null {
      return q.batchDigest.get(batchId)?.digest ?? null;
    },
    setState(key: string, value: unknown): void {
      q.setState.run(key, JSON.stringify(value), new Date().toISOString());
    },
    /**
     * An imported record, as if captured here: submission (service 'import'), first status,
     * outbox row, attachment and search index entry in one transaction. Returns false when the id exists with the
     * same text (a re-run import), throws when it exists with other content.
     */
    importRecord(r: ImportedRecord): boolean {
      return db.transaction(() => {
        const ex = q.exists.get(r.id);
        if (ex) {
          if (ex.wire_record === r.text) return false;
          throw new Error(`submission ${r.id} already exists in this store with different content`);
        }
        // One UUID in another letter case is the same submission, never a second one.
        const twin = /^[0-9a-f-]{36}$/i.test(r.id) ? q.caseTwin.get(r.id, r.id) : undefined;
        if (twin) throw new Error(`submission ${r.id} already exists in this store as ${twin.id}`);
        q.importSub.run(r.id, r.registrationNo, r.trackingCode, r.payload, r.createdAt, r.createdAt, r.text);
        q.importStatus.run(r.id, r.createdAt);
        q.importOutbox.run(r.id, r.createdAt);
        if (r.attachment) q.insertAttachment.run(r.id, r.attachment.name, r.attachment.contentType, r.attachment.data);
        index.add(r.id, JSON.parse(r.payload));
        return true;
      })();
    },
    /** An attachment for a submission captured here (photo, scan); call in the capture's transaction. */
    addAttachment(id: string, a: { name: string | null; contentType: string | null; data: Buffer }): void {
      q.insertAttachment.run(id, a.name, a.contentType, a.data);
    },
  };
}
export type SyncQueries = ReturnType<typeof syncQueries>;
