import { openDatabase } from '../../db/open.js';
import type { BatchAck, StatusPage } from '../../../shared/sync/protocol.js';
import type { SubmissionStatus } from '../../../shared/domain/submission.js';
import {
  BatchIdReusedError,
  OffsetError,
  type CommitInput,
  type EnrolOutcome,
  type ForwardJob,
  type HubDevice,
  type HubStore,
  type StagingInfo,
  type StoredSubmission,
} from '../store.js';
import { HUB_SQLITE_MIGRATIONS } from './migrations.js';

interface SubRow {
  id: string;
  record: string;
  device_id: string;
  batch_id: string;
  registration_no: string | null;
  status: SubmissionStatus;
  received_at: string;
  updated_at: string;
  name: string | null;
  content_type: string | null;
  data: Buffer | null;
}

function toStored(r: SubRow): StoredSubmission {
  return {
    id: r.id,
    text: r.record,
    deviceId: r.device_id,
    batchId: r.batch_id,
    registrationNo: r.registration_no,
    status: r.status,
    receivedAt: r.received_at,
    updatedAt: r.updated_at,
    attachment: r.data ? { name: r.name, contentType: r.content_type, data: r.data } : null,
  };
}

/** The embedded hub store: one SQLite file (WAL, synchronous=FULL). */
export function openSqliteHubStore(path: string): HubStore {
  const db = openDatabase(path, { migrations: HUB_SQLITE_MIGRATIONS });
  const q = {
    device: db.prepare<[string], { device_id: string; public_key: Buffer; label: string | null; revoked_at: string | null }>(
      'SELECT device_id, public_key, label, revoked_at FROM devices WHERE device_id = ?',
    ),
    insertDevice: db.prepare('INSERT INTO devices (device_id, public_key, label, enrolled_at) VALUES (?, ?, ?, ?)'),
    useCode: db.prepare(
      'UPDATE enrolment_codes SET used_by = ?, used_at = ? WHERE code_hash = ? AND used_by IS NULL AND expires_at > ?',
    ),
    addCode: db.prepare('INSERT INTO enrolment_codes (code_hash, label, created_at, expires_at) VALUES (?, ?, ?, ?)'),
    revoke: db.prepare('UPDATE devices SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL'),
    staging: db.prepare<[string], { batch_id: string; device_id: string; total: number; digest: string; received: number }>(
      'SELECT batch_id, device_id, total, digest, received FROM staging WHERE batch_id = ?',
    ),
    startStaging: db.prepare(
      'INSERT INTO staging (batch_id, device_id, total, digest, received, started_at) VALUES (?, ?, ?, ?, 0, ?)',
    ),
    addChunk: db.prepare('INSERT INTO staging_chunks (batch_id, chunk_offset, data) VALUES (?, ?, ?)'),
    bumpReceived: db.prepare('UPDATE staging SET received = ? WHERE batch_id = ?'),
    chunks: db.prepare<[string], { data: Buffer }>('SELECT data FROM staging_chunks WHERE batch_id = ? ORDER BY chunk_offset'),
    dropStaging: db.prepare('DELETE FROM staging WHERE batch_id = ?'),
    dropChunks: db.prepare('DELETE FROM staging_chunks WHERE batch_id = ?'),
    batch: db.prepare<[string], { device_id: string; digest: string; ack: string }>(
      'SELECT device_id, digest, ack FROM batches WHERE batch_id = ?',
    ),
    insertBatch: db.prepare('INSERT INTO batches (batch_id, device_id, digest, ack, committed_at) VALUES (?, ?, ?, ?, ?)'),
    insertSub: db.prepare(
      "INSERT INTO submissions (id, device_id, batch_id, registration_no, record, hash, status, received_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'sent', ?, ?) ON CONFLICT (id) DO NOTHING",
    ),
    subHash: db.prepare<[string], { hash: string }>('SELECT hash FROM submissions WHERE id = ?'),
    insertAtt: db.prepare('INSERT INTO attachments (submission_id, name, content_type, data) VALUES (?, ?, ?, ?)'),
    insertForward: db.prepare(
      "INSERT INTO forward_outbox (submission_id, adapter, state, next_attempt_at) VALUES (?, ?, 'pending', ?) ON CONFLICT DO NOTHING",
    ),
    findSub: db.prepare<[string, string], { id: string; device_id: string }>(
      'SELECT id, device_id FROM submissions WHERE id = ? UNION ALL SELECT id, device_id FROM submissions WHERE registration_no = ? LIMIT 1',
    ),
    updateSubStatus: db.prepare('UPDATE submissions SET status = ?, updated_at = ? WHERE id = ?'),
    insertEvent: db.prepare('INSERT INTO status_events (submission_id, device_id, status, note, at) VALUES (?, ?, ?, ?, ?)'),
    events: db.prepare<[string, number, number], { seq: number; submission_id: string; status: SubmissionStatus; note: string | null; at: string }>(
      'SELECT seq, submission_id, status, note, at FROM status_events WHERE device_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    ),
    count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM submissions'),
    page: db.prepare<[string, number], SubRow>(
      'SELECT s.id, s.record, s.device_id, s.batch_id, s.registration_no, s.status, s.received_at, s.updated_at, a.name, a.content_type, a.data ' +
        'FROM submissions s LEFT JOIN attachments a ON a.submission_id = s.id WHERE s.id > ? ORDER BY s.id LIMIT ?',
    ),
    one: db.prepare<[string], SubRow>(
      'SELECT s.id, s.record, s.device_id, s.batch_id, s.registration_no, s.status, s.received_at, s.updated_at, a.name, a.content_type, a.data ' +
        'FROM submissions s LEFT JOIN attachments a ON a.submission_id = s.id WHERE s.id = ?',
    ),
    due: db.prepare<[string, number], { seq: number; submission_id: string; adapter: string; attempts: number }>(
      "SELECT seq, submission_id, adapter, attempts FROM forward_outbox WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY seq LIMIT ?",
    ),
    forwardOk: db.prepare("UPDATE forward_outbox SET state = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = NULL WHERE seq = ?"),
    forwardRetry: db.prepare('UPDATE forward_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE seq = ?'),
    forwardFail: db.prepare("UPDATE forward_outbox SET state = 'failed', attempts = attempts + 1, last_error = ? WHERE seq = ?"),
  };

  const commit = db.transaction((input: CommitInput): BatchAck => {
    const prior = q.batch.get(input.batchId);
    if (prior) {
      if (prior.digest !== input.digest || prior.device_id !== input.deviceId) throw new BatchIdReusedError(input.batchId);
      return { ...(JSON.parse(prior.ack) as BatchAck), replayed: true };
    }
    const ack: BatchAck = { batchId: input.batchId, accepted: [], duplicate: [], rejected: [...input.invalid] };
    for (const r of input.records) {
      const res = q.insertSub.run(r.id, input.deviceId, input.batchId, r.registrationNo, r.text, r.hash, input.at, input.at);
      if (res.changes === 1) {
        if (r.attachment) q.insertAtt.run(r.id, r.attachment.name, r.attachment.contentType, r.attachment.data);
        for (const a of input.forwardTo) q.insertForward.run(r.id, a, input.at);
        ack.accepted.push(r.id);
      } else if (q.subHash.get(r.id)?.hash === r.hash) ack.duplicate.push(r.id);
      else ack.rejected.push({ id: r.id, reason: 'conflict: the hub already holds a different submission with this id' });
    }
    q.insertBatch.run(input.batchId, input.deviceId, input.digest, JSON.stringify(ack), input.at);
    q.dropChunks.run(input.batchId);
    q.dropStaging.run(input.batchId);
    return ack;
  });

  const enrol = db.transaction((id: string, key: Buffer, label: string | null, codeHash: string | null, at: string): EnrolOutcome => {
    const existing = q.device.get(id);
    if (existing) {
      if (existing.revoked_at) return 'revoked';
      return existing.public_key.equals(key) ? 'already' : 'key_mismatch';
    }
    if (codeHash !== null && q.useCode.run(id, at, codeHash, at).changes !== 1) return 'code_invalid';
    q.insertDevice.run(id, key, label, at);
    return 'enrolled';
  });

  const append = db.transaction((batchId: string, offset: number, data: Buffer): number => {
    const s = q.staging.get(batchId);
    if (!s) throw new OffsetError(0);
    if (s.received !== offset) throw new OffsetError(s.received);
    q.addChunk.run(batchId, offset, data);
    q.bumpReceived.run(offset + data.length, batchId);
    return offset + data.length;
  });

  const setStatus = db.transaction((key: string, status: SubmissionStatus, note: string | null, at: string) => {
    const sub = q.findSub.get(key, key);
    if (!sub) return null;
    q.updateSubStatus.run(status, at, sub.id);
    q.insertEvent.run(sub.id, sub.device_id, status, note, at);
    return { id: sub.id };
  });

  return {
    kind: 'sqlite',
    async getDevice(id): Promise<HubDevice | null> {
      const r = q.device.get(id);
      return r ? { id: r.device_id, publicKey: r.public_key, label: r.label, revoked: r.revoked_at !== null } : null;
    },
    async enrolDevice(id, key, label, codeHash, at) {
      return enrol(id, key, label, codeHash, at);
    },
    async revokeDevice(id, at) {
      return q.revoke.run(at, id).changes === 1;
    },
    async addEnrolmentCode(codeHash, label, at, expiresAt) {
      q.addCode.run(codeHash, label, at, expiresAt);
    },
    async getStaging(batchId): Promise<StagingInfo | null> {
      const r = q.staging.get(batchId);
      return r ? { batchId: r.batch_id, deviceId: r.device_id, total: r.total, digest: r.digest, received: r.received } : null;
    },
    async startStaging(info, at) {
      q.startStaging.run(info.batchId, info.deviceId, info.total, info.digest, at);
    },
    async appendStaging(batchId, offset, data) {
      return append(batchId, offset, data);
    },
    async readStaging(batchId) {
      return Buffer.concat(q.chunks.all(batchId).map((r) => r.data));
    },
    async dropStaging(batchId) {
      db.transaction(() => {
        q.dropChunks.run(batchId);
        q.dropStaging.run(batchId);
      })();
    },
    async getBatch(batchId) {
      const r = q.batch.get(batchId);
      return r ? { deviceId: r.device_id, digest: r.digest, ack: JSON.parse(r.ack) as BatchAck } : null;
    },
    async commitBatch(input) {
      return commit(input);
    },
    async setStatus(key, status, note, at) {
      return setStatus(key, status, note, at);
    },
    async statusSince(deviceId, since, limit): Promise<StatusPage> {
      const rows = q.events.all(deviceId, since, limit + 1);
      const more = rows.length > limit;
      const items = rows.slice(0, limit).map((r) => ({ seq: r.seq, id: r.submission_id, status: r.status, note: r.note, at: r.at }));
      return { items, cursor: items.length ? items[items.length - 1]!.seq : since, more };
    },
    async count() {
      return q.count.get()!.n;
    },
    async exportAll(onRow) {
      let after = '';
      for (;;) {
        const rows = q.page.all(after, 500);
        for (const r of rows) onRow(toStored(r));
        if (rows.length < 500) return;
        after = rows[rows.length - 1]!.id;
      }
    },
    async getSubmission(id) {
      const r = q.one.get(id);
      return r ? toStored(r) : null;
    },
    async dueForwards(now, limit): Promise<ForwardJob[]> {
      return q.due.all(now, limit).map((r) => ({ seq: r.seq, submissionId: r.submission_id, adapter: r.adapter, attempts: r.attempts }));
    },
    async finishForward(seq, outcome) {
      if (outcome.ok) q.forwardOk.run(outcome.at, seq);
      else if (outcome.nextAt) q.forwardRetry.run(outcome.error, outcome.nextAt, seq);
      else q.forwardFail.run(outcome.error, seq);
    },
    async close() {
      db.close();
    },
  };
}
