import type { Database } from 'better-sqlite3';
import { sqliteConsoleQueries } from './console-queries.js';
import { sqliteSkmQueries } from './skm-queries.js';
import { sqliteSettingsQueries } from './settings-queries.js';
import { sqliteQueueQueries } from './queue-queries.js';
import { sqliteBackOfficeQueries } from './back-office-queries.js';
import { sqliteStatements } from './statements.js';
import { sqliteInsertSubmissions } from './ingest-insert.js';
import type { BatchRow, DeviceRow, ForwardRow, HubKeysRow, ReleaseFileRow, ReleaseRow, HubQueries, LetterKeyRow, StagingRow, StatusEventRow, SubmissionOwnerRow, SubmissionRow } from '../backend.js';

const SUBMISSION_WITH_ATTACHMENT =
  'SELECT s.id, s.record, s.device_id, s.batch_id, s.registration_no, s.status, s.received_at, s.updated_at, a.name, a.content_type, a.data ' +
  'FROM submissions s LEFT JOIN attachments a ON a.submission_id = s.id';

/**
 * The hub's SQL for SQLite. Statements are prepared on first use (after the migrations have
 * made the tables) and kept. better-sqlite3 answers at once; the async signatures are the
 * interface's. Transactions are the caller's (main/hub/sqlite/store.ts).
 */
export function sqliteQueries(db: Database): HubQueries {
  const statements = sqliteStatements(db);
  const { statement, one, all } = statements;
  /** Whether the statement changed exactly one row. */
  const changedOne = (sql: string, ...params: unknown[]): boolean => statement(sql).run(...params).changes === 1;
  const write = (sql: string, ...params: unknown[]): void => void statement(sql).run(...params);
  const insertSubmissions = sqliteInsertSubmissions(statements);

  return {
    ...sqliteConsoleQueries(db, statements),
    ...sqliteSkmQueries(statements),
    ...sqliteSettingsQueries(statements),
    ...sqliteQueueQueries(statements),
    ...sqliteBackOfficeQueries(db, statements),
    async prepareSchema() {
      // BEGIN IMMEDIATE (the caller's) already keeps other migrators out.
      db.exec('CREATE TABLE IF NOT EXISTS hub_schema (version INTEGER NOT NULL) STRICT');
    },
    async recordedSchemaVersion() {
      return one<{ v: number | null }>('SELECT max(version) AS v FROM hub_schema')?.v ?? 0;
    },
    async legacySchemaVersion() {
      return db.pragma('user_version', { simple: true }) as number;
    },
    async recordSchemaVersion(version) {
      write('INSERT INTO hub_schema (version) VALUES (?)', version);
      // Kept equal to hub_schema so that a hub built before hub_schema refuses a newer file.
      db.pragma(`user_version = ${Math.trunc(version)}`);
    },
    async execute(sql) {
      db.exec(sql);
    },

    async insertRelease(r) {
      return Number(statement('INSERT INTO releases (version, platform, targets, published_at) VALUES (@version, @platform, @targets, @published_at)').run(r).lastInsertRowid);
    },
    async insertReleaseFile(r) {
      write('INSERT INTO release_files (release_id, name, size, sha512, sig) VALUES (@release_id, @name, @size, @sha512, @sig)', r);
    },
    async insertReleaseChunk(releaseId, name, chunk, data) {
      write('INSERT INTO release_chunks (release_id, name, chunk, data) VALUES (?, ?, ?, ?)', releaseId, name, chunk, data);
    },
    async releases(platform, limit) {
      return all<ReleaseRow>('SELECT release_id, version, platform, targets, published_at FROM releases WHERE platform = ? ORDER BY release_id DESC LIMIT ?', platform, limit);
    },
    async releaseFiles(releaseId) {
      return all<ReleaseFileRow>('SELECT release_id, name, size, sha512, sig FROM release_files WHERE release_id = ? ORDER BY name', releaseId);
    },
    async releaseChunks(releaseId, name, from, to) {
      return all<{ data: Buffer }>('SELECT data FROM release_chunks WHERE release_id = ? AND name = ? AND chunk BETWEEN ? AND ? ORDER BY chunk', releaseId, name, from, to).map((r) => r.data);
    },
    async insertUpdateReport(deviceId, version, outcome, reason, at) {
      write('INSERT INTO update_reports (device_id, version, outcome, reason, at) VALUES (?, ?, ?, ?, ?)', deviceId, version, outcome, reason, at);
    },
    async selectHubKeys() {
      return one<HubKeysRow>('SELECT signing_public, signing_private, box_public, box_private, created_at FROM hub_keys WHERE singleton = 1');
    },
    async insertHubKeys(row) {
      write(
        'INSERT INTO hub_keys (singleton, signing_public, signing_private, box_public, box_private, created_at) VALUES (1, @signing_public, @signing_private, @box_public, @box_private, @created_at) ON CONFLICT DO NOTHING',
        row,
      );
    },
    async selectDevice(deviceId) {
      return one<DeviceRow>('SELECT device_id, public_key, label, revoked_at FROM devices WHERE device_id = ?', deviceId);
    },
    async lockDevice(deviceId) {
      // The write transaction locks the whole file; no row lock needed.
      return one<DeviceRow>('SELECT device_id, public_key, label, revoked_at FROM devices WHERE device_id = ?', deviceId);
    },
    async insertDevice(deviceId, publicKey, label, at) {
      return changedOne(
        'INSERT INTO devices (device_id, public_key, label, enrolled_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
        deviceId,
        publicKey,
        label,
        at,
      );
    },
    async revokeDevice(deviceId, at) {
      return changedOne('UPDATE devices SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL', at, deviceId);
    },
    async insertEnrolmentCode(codeHash, label, at, expiresAt) {
      write('INSERT INTO enrolment_codes (code_hash, label, created_at, expires_at) VALUES (?, ?, ?, ?)', codeHash, label, at, expiresAt);
    },
    async consumeEnrolmentCode(codeHash, deviceId, at) {
      return changedOne(
        'UPDATE enrolment_codes SET used_by = @deviceId, used_at = @at WHERE code_hash = @codeHash AND used_by IS NULL AND expires_at > @at',
        { codeHash, deviceId, at },
      );
    },

    async selectStaging(batchId) {
      return one<StagingRow>('SELECT batch_id, device_id, total, digest, received FROM staging WHERE batch_id = ?', batchId);
    },
    async lockStaging(batchId) {
      return one<{ received: number }>('SELECT received FROM staging WHERE batch_id = ?', batchId)?.received ?? null;
    },
    async insertStaging(row, at) {
      write(
        'INSERT INTO staging (batch_id, device_id, total, digest, received, started_at) VALUES (@batch_id, @device_id, @total, @digest, 0, @at)',
        { ...row, at },
      );
    },
    async insertChunk(batchId, offset, data) {
      write('INSERT INTO staging_chunks (batch_id, chunk_offset, data) VALUES (?, ?, ?)', batchId, offset, data);
    },
    async updateReceived(batchId, received) {
      write('UPDATE staging SET received = ? WHERE batch_id = ?', received, batchId);
    },
    async stagingChunks(batchId) {
      return all<{ data: Buffer }>('SELECT data FROM staging_chunks WHERE batch_id = ? ORDER BY chunk_offset', batchId).map((r) => r.data);
    },
    async deleteStaging(batchId) {
      write('DELETE FROM staging_chunks WHERE batch_id = ?', batchId);
      write('DELETE FROM staging WHERE batch_id = ?', batchId);
    },
    async stagingStartedBefore(before) {
      return all<{ batch_id: string }>('SELECT batch_id FROM staging WHERE started_at < ? LIMIT 1000', before).map((r) => r.batch_id);
    },

    async lockBatchId() {
      // The write transaction already excludes every other writer of the file.
    },
    async selectBatch(batchId) {
      return one<BatchRow>('SELECT device_id, digest, ack FROM batches WHERE batch_id = ?', batchId);
    },
    async insertBatch(batchId, row, at, channel) {
      write('INSERT INTO batches (batch_id, device_id, digest, ack, committed_at, channel) VALUES (@batchId, @device_id, @digest, @ack, @at, @channel)', {
        ...row,
        batchId,
        at,
        channel,
      });
    },
    async insertCarriage(batchId, relayId, at) {
      write('INSERT INTO relay_carriage (batch_id, relay_id, received_at) VALUES (@batchId, @relayId, @at) ON CONFLICT (batch_id) DO NOTHING', { batchId, relayId, at });
    },
    async selectCarriage(batchId) {
      return one<{ relay_id: string; received_at: string }>('SELECT relay_id, received_at FROM relay_carriage WHERE batch_id = ?', batchId);
    },
    async insertSubmissions(rows, at) {
      return insertSubmissions(rows, at);
    },
    // One statement per batch each (json_each over the keys), not one per record; each key's first holder, as LIMIT 1 per key.
    async submissionHashes(ids) {
      const rows = all<{ id: string; hash: string }>('SELECT s.id, s.hash FROM json_each(?) j JOIN submissions s ON s.id = j.value', JSON.stringify(ids));
      return new Map(rows.map((r) => [r.id, r.hash]));
    },
    async idsByLowerCase(lowered) {
      const sql = 'SELECT j.value AS k, (SELECT s.id FROM submissions s WHERE lower(s.id) = j.value LIMIT 1) AS id FROM json_each(?) j';
      return new Map(all<{ k: string; id: string | null }>(sql, JSON.stringify(lowered)).flatMap((r) => (r.id === null ? [] : [[r.k, r.id] as const])));
    },
    async holdersOfRegistrationNos(numbers) {
      const sql = 'SELECT j.value AS k, (SELECT s.id FROM submissions s WHERE s.registration_no = j.value LIMIT 1) AS id FROM json_each(?) j';
      return new Map(all<{ k: string; id: string | null }>(sql, JSON.stringify(numbers)).flatMap((r) => (r.id === null ? [] : [[r.k, r.id] as const])));
    },
    async insertAttachment(submissionId, a) {
      write('INSERT INTO attachments (submission_id, name, content_type, data) VALUES (?, ?, ?, ?)', submissionId, a.name, a.contentType, a.data);
    },
    async insertForwards(submissionIds, adapter, at) {
      const sql = "INSERT INTO forward_outbox (submission_id, adapter, state, next_attempt_at) VALUES (?, ?, 'pending', ?) ON CONFLICT DO NOTHING";
      for (const id of submissionIds) write(sql, id, adapter, at);
    },

    async findSubmissionById(id) {
      return one<SubmissionOwnerRow>('SELECT id, device_id FROM submissions WHERE id = ?', id);
    },
    async findSubmissionByRegistrationNo(registrationNo) {
      return one<SubmissionOwnerRow>('SELECT id, device_id FROM submissions WHERE registration_no = ? LIMIT 1', registrationNo);
    },
    async updateStatus(submissionId, status, at) {
      write('UPDATE submissions SET status = ?, updated_at = ? WHERE id = ?', status, at, submissionId);
    },
    async insertStatusEvent(owner, status, note, at, origin) {
      write(
        'INSERT INTO status_events (submission_id, device_id, status, note, at, origin_device, origin_seq) VALUES (@id, @device_id, @status, @note, @at, @od, @os)',
        { id: owner.id, device_id: owner.device_id, status, note, at, od: origin?.device ?? null, os: origin?.seq ?? null },
      );
    },
    async hasOriginEvent(deviceId, seq) {
      return (await one<{ n: number }>('SELECT 1 AS n FROM status_events WHERE origin_device = ? AND origin_seq = ?', deviceId, seq)) !== null;
    },
    async statusEvents(deviceId, since, limit) {
      return all<StatusEventRow>(
        'SELECT seq, submission_id, status, note, at FROM status_events WHERE device_id = ? AND seq > ? AND (origin_device IS NULL OR origin_device <> device_id) ORDER BY seq LIMIT ?',
        deviceId,
        since,
        limit,
      );
    },

    async countSubmissions() {
      return one<{ n: number }>('SELECT count(*) AS n FROM submissions')!.n;
    },
    async selectSubmission(id) {
      return one<SubmissionRow>(`${SUBMISSION_WITH_ATTACHMENT} WHERE s.id = ?`, id);
    },
    async submissionsAfter(afterId, limit) {
      // SQLite's default collation (BINARY) is byte order.
      return all<SubmissionRow>(`${SUBMISSION_WITH_ATTACHMENT} WHERE s.id > ? ORDER BY s.id LIMIT ?`, afterId, limit);
    },

    async dueForwards(now, limit) {
      return all<ForwardRow>(
        "SELECT seq, submission_id, adapter, attempts FROM forward_outbox WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY seq LIMIT ?",
        now,
        limit,
      );
    },
    async markForwardDelivered(seq, at) {
      write("UPDATE forward_outbox SET state = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = NULL WHERE seq = ?", at, seq);
    },
    async markForwardRetry(seq, error, nextAt) {
      write('UPDATE forward_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE seq = ?', error, nextAt, seq);
    },
    async markForwardFailed(seq, error) {
      write("UPDATE forward_outbox SET state = 'failed', attempts = attempts + 1, last_error = ? WHERE seq = ?", error, seq);
    },

    async selectLetterKey(officeCode, keyId) {
      return one<LetterKeyRow>('SELECT office_code, key_id, device_id, public_key FROM letter_keys WHERE office_code = ? AND key_id = ?', officeCode, keyId);
    },
    async insertLetterKey(row, at) {
      return changedOne(
        'INSERT INTO letter_keys (office_code, key_id, device_id, public_key, published_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
        row.office_code,
        row.key_id,
        row.device_id,
        row.public_key,
        at,
      );
    },
    async letterKeysOfOffice(officeCode, limit) {
      return all<LetterKeyRow>('SELECT office_code, key_id, device_id, public_key FROM letter_keys WHERE office_code = ? ORDER BY key_id LIMIT ?', officeCode, limit);
    },
  };
}
