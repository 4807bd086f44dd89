import type pg from 'pg';
import { postgresConsoleQueries } from './console-queries.js';
import { postgresSkmQueries } from './skm-queries.js';
import { postgresSettingsQueries } from './settings-queries.js';
import { postgresQueueQueries } from './queue-queries.js';
import { postgresBackOfficeQueries } from './back-office-queries.js';
import { postgresDueAtFor } from '../migration-420.js';
import { postgresOverallDueFor } from '../migration-450.js';
import type { BatchRow, DeviceRow, ForwardRow, HubKeysRow, ReleaseFileRow, ReleaseRow, HubQueries, LetterKeyRow, StagingRow, StatusEventRow, SubmissionOwnerRow, SubmissionRow } from '../backend.js';

/** A pool (each query on whichever connection is free) or one connection inside a transaction. */
export type Queryable = pg.Pool | pg.PoolClient;

const SUBMISSION_WITH_ATTACHMENT = `
  SELECT s.id, s.record, s.device_id, s.batch_id, s.registration_no, s.status, s.received_at, s.updated_at, a.name, a.content_type, a.data
  FROM submissions s LEFT JOIN attachments a ON a.submission_id = s.id`;

/**
 * The hub's SQL for PostgreSQL, on `db`. bigint columns arrive as numbers (the pool's type
 * parser, main/hub/postgres/store.ts). Batches go in one statement each through unnest().
 */
export function postgresQueries(db: Queryable, schema: string): HubQueries {
  const query = (sql: string, params: unknown[] = []): Promise<pg.QueryResult> => db.query(sql, params);
  const rowsOf = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => (await query(sql, params)).rows as T[];
  const firstOf = async <T>(sql: string, params: unknown[]): Promise<T | null> => ((await query(sql, params)).rows[0] as T | undefined) ?? null;
  /** Whether the statement changed exactly one row. */
  const changedOne = async (sql: string, params: unknown[]): Promise<boolean> => (await query(sql, params)).rowCount === 1;

  return {
    ...postgresConsoleQueries(db),
    ...postgresSkmQueries(db),
    ...postgresSettingsQueries(db),
    ...postgresQueueQueries(db),
    ...postgresBackOfficeQueries(db),
    async prepareSchema() {
      // Two hub processes starting on one database: the second waits for the first's migration.
      await query('SELECT pg_advisory_xact_lock(hashtext($1))', [`anjungan-hub-migrate:${schema}`]);
      await query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await query(`SET LOCAL search_path = ${schema}`);
      await query('CREATE TABLE IF NOT EXISTS hub_schema (version integer NOT NULL)');
    },
    async recordedSchemaVersion() {
      const row = await firstOf<{ v: number | null }>('SELECT max(version) AS v FROM hub_schema', []);
      return row?.v ?? 0;
    },
    async legacySchemaVersion() {
      return 0; // PostgreSQL hubs have always recorded their version in hub_schema.
    },
    async recordSchemaVersion(version) {
      await query('INSERT INTO hub_schema (version) VALUES ($1)', [version]);
    },
    async execute(sql) {
      await query(sql);
    },

    async insertRelease(r) {
      const row = await firstOf<{ id: number }>('INSERT INTO releases (version, platform, targets, published_at) VALUES ($1, $2, $3, $4) RETURNING release_id AS id', [
        r.version,
        r.platform,
        r.targets,
        r.published_at,
      ]);
      return row!.id;
    },
    async insertReleaseFile(r) {
      await query('INSERT INTO release_files (release_id, name, size, sha512, sig) VALUES ($1, $2, $3, $4, $5)', [r.release_id, r.name, r.size, r.sha512, r.sig]);
    },
    async insertReleaseChunk(releaseId, name, chunk, data) {
      await query('INSERT INTO release_chunks (release_id, name, chunk, data) VALUES ($1, $2, $3, $4)', [releaseId, name, chunk, data]);
    },
    async releases(platform, limit) {
      return rowsOf<ReleaseRow>('SELECT release_id, version, platform, targets, published_at FROM releases WHERE platform = $1 ORDER BY release_id DESC LIMIT $2', [platform, limit]);
    },
    async releaseFiles(releaseId) {
      return rowsOf<ReleaseFileRow>('SELECT release_id, name, size, sha512, sig FROM release_files WHERE release_id = $1 ORDER BY name', [releaseId]);
    },
    async releaseChunks(releaseId, name, from, to) {
      const rows = await rowsOf<{ data: Buffer }>('SELECT data FROM release_chunks WHERE release_id = $1 AND name = $2 AND chunk BETWEEN $3 AND $4 ORDER BY chunk', [releaseId, name, from, to]);
      return rows.map((r) => r.data);
    },
    async insertUpdateReport(deviceId, version, outcome, reason, at) {
      await query('INSERT INTO update_reports (device_id, version, outcome, reason, at) VALUES ($1, $2, $3, $4, $5)', [deviceId, version, outcome, reason, at]);
    },
    async selectHubKeys() {
      return firstOf<HubKeysRow>('SELECT signing_public, signing_private, box_public, box_private, created_at FROM hub_keys WHERE singleton = 1', []);
    },
    async insertHubKeys(r) {
      await query(
        'INSERT INTO hub_keys (singleton, signing_public, signing_private, box_public, box_private, created_at) VALUES (1, $1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
        [r.signing_public, r.signing_private, r.box_public, r.box_private, r.created_at],
      );
    },
    async selectDevice(deviceId) {
      return firstOf<DeviceRow>('SELECT device_id, public_key, label, revoked_at FROM devices WHERE device_id = $1', [deviceId]);
    },
    async lockDevice(deviceId) {
      return firstOf<DeviceRow>('SELECT device_id, public_key, label, revoked_at FROM devices WHERE device_id = $1 FOR UPDATE', [deviceId]);
    },
    async insertDevice(deviceId, publicKey, label, at) {
      const sql = 'INSERT INTO devices (device_id, public_key, label, enrolled_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING';
      return changedOne(sql, [deviceId, publicKey, label, at]);
    },
    async revokeDevice(deviceId, at) {
      return changedOne('UPDATE devices SET revoked_at = $1 WHERE device_id = $2 AND revoked_at IS NULL', [at, deviceId]);
    },
    async insertEnrolmentCode(codeHash, label, at, expiresAt) {
      const sql = 'INSERT INTO enrolment_codes (code_hash, label, created_at, expires_at) VALUES ($1, $2, $3, $4)';
      await query(sql, [codeHash, label, at, expiresAt]);
    },
    async consumeEnrolmentCode(codeHash, deviceId, at) {
      const sql = 'UPDATE enrolment_codes SET used_by = $1, used_at = $2 WHERE code_hash = $3 AND used_by IS NULL AND expires_at > $2';
      return changedOne(sql, [deviceId, at, codeHash]);
    },

    async selectStaging(batchId) {
      return firstOf<StagingRow>('SELECT batch_id, device_id, total, digest, received FROM staging WHERE batch_id = $1', [batchId]);
    },
    async lockStaging(batchId) {
      const row = await firstOf<{ received: number }>('SELECT received FROM staging WHERE batch_id = $1 FOR UPDATE', [batchId]);
      return row?.received ?? null;
    },
    async insertStaging(row, at) {
      const sql = 'INSERT INTO staging (batch_id, device_id, total, digest, received, started_at) VALUES ($1, $2, $3, $4, 0, $5)';
      await query(sql, [row.batch_id, row.device_id, row.total, row.digest, at]);
    },
    async insertChunk(batchId, offset, data) {
      await query('INSERT INTO staging_chunks (batch_id, chunk_offset, data) VALUES ($1, $2, $3)', [batchId, offset, data]);
    },
    async updateReceived(batchId, received) {
      await query('UPDATE staging SET received = $1 WHERE batch_id = $2', [received, batchId]);
    },
    async stagingChunks(batchId) {
      const rows = await rowsOf<{ data: Buffer }>('SELECT data FROM staging_chunks WHERE batch_id = $1 ORDER BY chunk_offset', [batchId]);
      return rows.map((r) => r.data);
    },
    async deleteStaging(batchId) {
      await query('DELETE FROM staging_chunks WHERE batch_id = $1', [batchId]);
      await query('DELETE FROM staging WHERE batch_id = $1', [batchId]);
    },
    async stagingStartedBefore(before) {
      return (await rowsOf<{ batch_id: string }>('SELECT batch_id FROM staging WHERE started_at < $1 LIMIT 1000', [before])).map((r) => r.batch_id);
    },

    async lockBatchId(batchId) {
      await query('SELECT pg_advisory_xact_lock(hashtext($1))', [batchId]);
    },
    async selectBatch(batchId) {
      return firstOf<BatchRow>('SELECT device_id, digest, ack FROM batches WHERE batch_id = $1', [batchId]);
    },
    async insertBatch(batchId, row, at, channel) {
      const sql = 'INSERT INTO batches (batch_id, device_id, digest, ack, committed_at, channel) VALUES ($1, $2, $3, $4, $5, $6)';
      await query(sql, [batchId, row.device_id, row.digest, row.ack, at, channel]);
    },
    async insertCarriage(batchId, relayId, at) {
      await query('INSERT INTO relay_carriage (batch_id, relay_id, received_at) VALUES ($1, $2, $3) ON CONFLICT (batch_id) DO NOTHING', [batchId, relayId, at]);
    },
    async selectCarriage(batchId) {
      return firstOf<{ relay_id: string; received_at: string }>('SELECT relay_id, received_at FROM relay_carriage WHERE batch_id = $1', [batchId]);
    },
    async insertSubmissions(rows, at) {
      const inserted = await rowsOf<{ id: string }>(
        // The office and SLA deadlines (hub migrations 310, 420, 450) once per batch and service: every row has the same status and instant.
        `WITH x AS (SELECT u.*, (u.record::json ->> 'serviceId') AS svc
                    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY
                      AS u(id, device_id, batch_id, registration_no, record, hash, n)),
              due AS (SELECT d.svc, ${postgresDueAtFor("'sent'", '$7::text', 'd.svc')} AS due_at,
                             ${postgresOverallDueFor('$7::text', 'd.svc')} AS overall_due_at FROM (SELECT DISTINCT svc FROM x) d),
              office AS (SELECT device_id, min(office_code) AS office_code FROM letter_keys WHERE device_id = ANY($2::text[]) GROUP BY device_id)
         INSERT INTO submissions (id, device_id, batch_id, registration_no, record, hash, status, received_at, updated_at, office_code, kecamatan, due_at, overall_due_at)
         SELECT x.id, x.device_id, x.batch_id, x.registration_no, x.record, x.hash, 'sent', $7, $7, o.office_code, substr(o.office_code, 1, 8), due.due_at,
                CASE WHEN due.due_at IS NOT NULL THEN due.overall_due_at END
         FROM x LEFT JOIN office o ON o.device_id = x.device_id LEFT JOIN due ON due.svc IS NOT DISTINCT FROM x.svc
         -- In the batch's order: of an id sent twice, the first one is kept.
         ORDER BY x.n
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [
          rows.map((r) => r.id),
          rows.map((r) => r.device_id),
          rows.map((r) => r.batch_id),
          rows.map((r) => r.registration_no),
          rows.map((r) => r.record),
          rows.map((r) => r.hash),
          at,
        ],
      );
      return inserted.map((r) => r.id);
    },
    async submissionHashes(ids) {
      const rows = await rowsOf<{ id: string; hash: string }>('SELECT id, hash FROM submissions WHERE id = ANY($1::text[])', [ids]);
      return new Map(rows.map((r) => [r.id, r.hash]));
    },
    async idsByLowerCase(lowered) {
      const rows = await rowsOf<{ l: string; id: string }>('SELECT lower(id) AS l, id FROM submissions WHERE lower(id) = ANY($1::text[])', [lowered]);
      return new Map(rows.map((r) => [r.l, r.id]));
    },
    async holdersOfRegistrationNos(numbers) {
      const rows = await rowsOf<{ registration_no: string; id: string }>('SELECT registration_no, id FROM submissions WHERE registration_no = ANY($1::text[])', [numbers]);
      return new Map(rows.map((r) => [r.registration_no, r.id]));
    },
    async insertAttachment(submissionId, a) {
      const sql = 'INSERT INTO attachments (submission_id, name, content_type, data) VALUES ($1, $2, $3, $4)';
      await query(sql, [submissionId, a.name, a.contentType, a.data]);
    },
    async insertForwards(submissionIds, adapter, at) {
      await query(
        `INSERT INTO forward_outbox (submission_id, adapter, state, next_attempt_at)
         SELECT x, $2, 'pending', $3 FROM unnest($1::text[]) AS x ON CONFLICT DO NOTHING`,
        [submissionIds, adapter, at],
      );
    },

    async findSubmissionById(id) {
      return firstOf<SubmissionOwnerRow>('SELECT id, device_id FROM submissions WHERE id = $1', [id]);
    },
    async findSubmissionByRegistrationNo(registrationNo) {
      return firstOf<SubmissionOwnerRow>('SELECT id, device_id FROM submissions WHERE registration_no = $1 LIMIT 1', [registrationNo]);
    },
    async updateStatus(submissionId, status, at) {
      await query('UPDATE submissions SET status = $1, updated_at = $2 WHERE id = $3', [status, at, submissionId]);
    },
    async insertStatusEvent(owner, status, note, at, origin) {
      const sql = 'INSERT INTO status_events (submission_id, device_id, status, note, at, origin_device, origin_seq) VALUES ($1, $2, $3, $4, $5, $6, $7)';
      await query(sql, [owner.id, owner.device_id, status, note, at, origin?.device ?? null, origin?.seq ?? null]);
    },
    async hasOriginEvent(deviceId, seq) {
      return (await firstOf<{ n: number }>('SELECT 1 AS n FROM status_events WHERE origin_device = $1 AND origin_seq = $2', [deviceId, seq])) !== null;
    },
    async statusEvents(deviceId, since, limit) {
      const sql =
        'SELECT seq, submission_id, status, note, at FROM status_events WHERE device_id = $1 AND seq > $2 AND (origin_device IS NULL OR origin_device <> device_id) ORDER BY seq LIMIT $3';
      return rowsOf<StatusEventRow>(sql, [deviceId, since, limit]);
    },

    async countSubmissions() {
      const row = await firstOf<{ n: number }>('SELECT count(*)::int AS n FROM submissions', []);
      return row!.n;
    },
    async selectSubmission(id) {
      return firstOf<SubmissionRow>(`${SUBMISSION_WITH_ATTACHMENT} WHERE s.id = $1`, [id]);
    },
    async submissionsAfter(afterId, limit) {
      // COLLATE "C": byte order, whatever the database's locale (the same order as SQLite's).
      return rowsOf<SubmissionRow>(`${SUBMISSION_WITH_ATTACHMENT} WHERE s.id COLLATE "C" > $1 ORDER BY s.id COLLATE "C" LIMIT $2`, [afterId, limit]);
    },

    async dueForwards(now, limit) {
      const sql = "SELECT seq, submission_id, adapter, attempts FROM forward_outbox WHERE state = 'pending' AND next_attempt_at <= $1 ORDER BY seq LIMIT $2";
      return rowsOf<ForwardRow>(sql, [now, limit]);
    },
    async markForwardDelivered(seq, at) {
      const sql = "UPDATE forward_outbox SET state = 'delivered', attempts = attempts + 1, delivered_at = $1, last_error = NULL WHERE seq = $2";
      await query(sql, [at, seq]);
    },
    async markForwardRetry(seq, error, nextAt) {
      await query('UPDATE forward_outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 WHERE seq = $3', [error, nextAt, seq]);
    },
    async markForwardFailed(seq, error) {
      await query("UPDATE forward_outbox SET state = 'failed', attempts = attempts + 1, last_error = $1 WHERE seq = $2", [error, seq]);
    },

    async selectLetterKey(officeCode, keyId) {
      return firstOf<LetterKeyRow>('SELECT office_code, key_id, device_id, public_key FROM letter_keys WHERE office_code = $1 AND key_id = $2', [officeCode, keyId]);
    },
    async insertLetterKey(row, at) {
      const sql = 'INSERT INTO letter_keys (office_code, key_id, device_id, public_key, published_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING';
      return changedOne(sql, [row.office_code, row.key_id, row.device_id, row.public_key, at]);
    },
    async letterKeysOfOffice(officeCode, limit) {
      const sql = 'SELECT office_code, key_id, device_id, public_key FROM letter_keys WHERE office_code = $1 ORDER BY key_id LIMIT $2';
      return rowsOf<LetterKeyRow>(sql, [officeCode, limit]);
    },
  };
}
