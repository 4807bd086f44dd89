import pg from 'pg';
import type { BatchAck, StatusPage } from '../../../shared/sync/protocol.js';
import type { SubmissionStatus } from '../../../shared/domain/submission.js';
import {
  BatchIdReusedError,
  OffsetError,
  type CommitInput,
  type EnrolOutcome,
  type HubStore,
  type StoredSubmission,
} from '../store.js';
import { HUB_PG_MIGRATIONS } from './migrations.js';

/**
 * The hub on PostgreSQL. TARGET is a postgres:// URL; an extra `?schema=NAME` parameter puts
 * every table in that schema (created if missing), which is how tests keep runs apart.
 */
export async function openPostgresHubStore(url: string): Promise<HubStore> {
  const u = new URL(url);
  const schema = u.searchParams.get('schema') ?? 'public';
  u.searchParams.delete('schema');
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  const pool = new pg.Pool({ connectionString: u.toString(), max: 8, options: `-c search_path=${schema}` });
  pool.on('error', () => {
    /* an idle client died; the pool replaces it */
  });
  await migrate(pool, schema);

  const tx = async <T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  };

  const rowToStored = (r: Record<string, unknown>): StoredSubmission => ({
    id: r['id'] as string,
    text: r['record'] as string,
    deviceId: r['device_id'] as string,
    batchId: r['batch_id'] as string,
    registrationNo: (r['registration_no'] as string | null) ?? null,
    status: r['status'] as SubmissionStatus,
    receivedAt: r['received_at'] as string,
    updatedAt: r['updated_at'] as string,
    attachment: r['data']
      ? { name: (r['name'] as string | null) ?? null, contentType: (r['content_type'] as string | null) ?? null, data: r['data'] as Buffer }
      : null,
  });
  const SUB_COLS =
    's.id, s.record, s.device_id, s.batch_id, s.registration_no, s.status, s.received_at, s.updated_at, a.name, a.content_type, a.data';

  return {
    kind: 'postgres',
    async getDevice(id) {
      const r = await pool.query('SELECT device_id, public_key, label, revoked_at FROM devices WHERE device_id = $1', [id]);
      const row = r.rows[0];
      return row ? { id: row.device_id, publicKey: row.public_key, label: row.label, revoked: row.revoked_at !== null } : null;
    },
    async enrolDevice(id, key, label, codeHash, at): Promise<EnrolOutcome> {
      return tx(async (c) => {
        const ex = await c.query('SELECT public_key, revoked_at FROM devices WHERE device_id = $1 FOR UPDATE', [id]);
        if (ex.rows[0]) {
          if (ex.rows[0].revoked_at) return 'revoked';
          return (ex.rows[0].public_key as Buffer).equals(key) ? 'already' : 'key_mismatch';
        }
        if (codeHash !== null) {
          const used = await c.query(
            'UPDATE enrolment_codes SET used_by = $1, used_at = $2 WHERE code_hash = $3 AND used_by IS NULL AND expires_at > $2',
            [id, at, codeHash],
          );
          if (used.rowCount !== 1) return 'code_invalid';
        }
        const ins = await c.query(
          'INSERT INTO devices (device_id, public_key, label, enrolled_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
          [id, key, label, at],
        );
        return ins.rowCount === 1 ? 'enrolled' : 'already';
      });
    },
    async revokeDevice(id, at) {
      const r = await pool.query('UPDATE devices SET revoked_at = $1 WHERE device_id = $2 AND revoked_at IS NULL', [at, id]);
      return r.rowCount === 1;
    },
    async addEnrolmentCode(codeHash, label, at, expiresAt) {
      await pool.query('INSERT INTO enrolment_codes (code_hash, label, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
        codeHash,
        label,
        at,
        expiresAt,
      ]);
    },
    async getStaging(batchId) {
      const r = await pool.query('SELECT batch_id, device_id, total, digest, received FROM staging WHERE batch_id = $1', [batchId]);
      const row = r.rows[0];
      return row
        ? { batchId: row.batch_id, deviceId: row.device_id, total: Number(row.total), digest: row.digest, received: Number(row.received) }
        : null;
    },
    async startStaging(info, at) {
      await pool.query(
        'INSERT INTO staging (batch_id, device_id, total, digest, received, started_at) VALUES ($1, $2, $3, $4, 0, $5)',
        [info.batchId, info.deviceId, info.total, info.digest, at],
      );
    },
    async appendStaging(batchId, offset, data) {
      return tx(async (c) => {
        const r = await c.query('SELECT received FROM staging WHERE batch_id = $1 FOR UPDATE', [batchId]);
        if (!r.rows[0]) throw new OffsetError(0);
        const received = Number(r.rows[0].received);
        if (received !== offset) throw new OffsetError(received);
        await c.query('INSERT INTO staging_chunks (batch_id, chunk_offset, data) VALUES ($1, $2, $3)', [batchId, offset, data]);
        await c.query('UPDATE staging SET received = $1 WHERE batch_id = $2', [offset + data.length, batchId]);
        return offset + data.length;
      });
    },
    async readStaging(batchId) {
      const r = await pool.query('SELECT data FROM staging_chunks WHERE batch_id = $1 ORDER BY chunk_offset', [batchId]);
      return Buffer.concat(r.rows.map((x: { data: Buffer }) => x.data));
    },
    async dropStaging(batchId) {
      await tx(async (c) => {
        await c.query('DELETE FROM staging_chunks WHERE batch_id = $1', [batchId]);
        await c.query('DELETE FROM staging WHERE batch_id = $1', [batchId]);
      });
    },
    async getBatch(batchId) {
      const r = await pool.query('SELECT device_id, digest, ack FROM batches WHERE batch_id = $1', [batchId]);
      const row = r.rows[0];
      return row ? { deviceId: row.device_id, digest: row.digest, ack: JSON.parse(row.ack) as BatchAck } : null;
    },
    async commitBatch(input: CommitInput): Promise<BatchAck> {
      return tx(async (c) => {
        // Serialise commits of the same batch id across hub processes.
        await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [input.batchId]);
        const prior = await c.query('SELECT device_id, digest, ack FROM batches WHERE batch_id = $1', [input.batchId]);
        if (prior.rows[0]) {
          if (prior.rows[0].digest !== input.digest || prior.rows[0].device_id !== input.deviceId) throw new BatchIdReusedError(input.batchId);
          return { ...(JSON.parse(prior.rows[0].ack) as BatchAck), replayed: true };
        }
        const ack: BatchAck = { batchId: input.batchId, accepted: [], duplicate: [], rejected: [...input.invalid] };
        const recs = input.records;
        const ins = await c.query(
          `INSERT INTO submissions (id, device_id, batch_id, registration_no, record, hash, status, received_at, updated_at)
           SELECT x.id, $2, $3, x.regno, x.record, x.hash, 'sent', $4, $4
           FROM unnest($1::text[], $5::text[], $6::text[], $7::text[]) AS x(id, regno, record, hash)
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          [recs.map((r) => r.id), input.deviceId, input.batchId, input.at, recs.map((r) => r.registrationNo), recs.map((r) => r.text), recs.map((r) => r.hash)],
        );
        const inserted = new Set(ins.rows.map((r: { id: string }) => r.id));
        const others = recs.filter((r) => !inserted.has(r.id)).map((r) => r.id);
        const hashes = new Map<string, string>();
        if (others.length) {
          const h = await c.query('SELECT id, hash FROM submissions WHERE id = ANY($1::text[])', [others]);
          for (const row of h.rows as { id: string; hash: string }[]) hashes.set(row.id, row.hash);
        }
        const seen = new Set<string>();
        for (const r of recs) {
          if (inserted.has(r.id) && !seen.has(r.id)) {
            seen.add(r.id);
            ack.accepted.push(r.id);
            if (r.attachment) {
              await c.query('INSERT INTO attachments (submission_id, name, content_type, data) VALUES ($1, $2, $3, $4)', [
                r.id,
                r.attachment.name,
                r.attachment.contentType,
                r.attachment.data,
              ]);
            }
          } else if (hashes.get(r.id) === r.hash) ack.duplicate.push(r.id);
          else ack.rejected.push({ id: r.id, reason: 'conflict: the hub already holds a different submission with this id' });
        }
        if (input.forwardTo.length && ack.accepted.length) {
          for (const a of input.forwardTo) {
            await c.query(
              `INSERT INTO forward_outbox (submission_id, adapter, state, next_attempt_at)
               SELECT x, $2, 'pending', $3 FROM unnest($1::text[]) AS x ON CONFLICT DO NOTHING`,
              [ack.accepted, a, input.at],
            );
          }
        }
        await c.query('INSERT INTO batches (batch_id, device_id, digest, ack, committed_at) VALUES ($1, $2, $3, $4, $5)', [
          input.batchId,
          input.deviceId,
          input.digest,
          JSON.stringify(ack),
          input.at,
        ]);
        await c.query('DELETE FROM staging_chunks WHERE batch_id = $1', [input.batchId]);
        await c.query('DELETE FROM staging WHERE batch_id = $1', [input.batchId]);
        return ack;
      });
    },
    async setStatus(key, status, note, at) {
      return tx(async (c) => {
        const r = await c.query(
          '(SELECT id, device_id FROM submissions WHERE id = $1) UNION ALL (SELECT id, device_id FROM submissions WHERE registration_no = $1) LIMIT 1',
          [key],
        );
        const sub = r.rows[0] as { id: string; device_id: string } | undefined;
        if (!sub) return null;
        await c.query('UPDATE submissions SET status = $1, updated_at = $2 WHERE id = $3', [status, at, sub.id]);
        await c.query('INSERT INTO status_events (submission_id, device_id, status, note, at) VALUES ($1, $2, $3, $4, $5)', [
          sub.id,
          sub.device_id,
          status,
          note,
          at,
        ]);
        return { id: sub.id };
      });
    },
    async statusSince(deviceId, since, limit): Promise<StatusPage> {
      const r = await pool.query(
        'SELECT seq, submission_id, status, note, at FROM status_events WHERE device_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
        [deviceId, since, limit + 1],
      );
      const rows = r.rows as { seq: string; submission_id: string; status: SubmissionStatus; note: string | null; at: string }[];
      const items = rows.slice(0, limit).map((x) => ({ seq: Number(x.seq), id: x.submission_id, status: x.status, note: x.note, at: x.at }));
      return { items, cursor: items.length ? items[items.length - 1]!.seq : since, more: rows.length > limit };
    },
    async count() {
      const r = await pool.query('SELECT count(*)::int AS n FROM submissions');
      return r.rows[0].n as number;
    },
    async exportAll(onRow) {
      let after = '';
      for (;;) {
        const r = await pool.query(
          `SELECT ${SUB_COLS} FROM submissions s LEFT JOIN attachments a ON a.submission_id = s.id WHERE s.id COLLATE "C" > $1 ORDER BY s.id COLLATE "C" LIMIT 500`,
          [after],
        );
        for (const row of r.rows) onRow(rowToStored(row));
        if (r.rows.length < 500) return;
        after = r.rows[r.rows.length - 1].id;
      }
    },
    async getSubmission(id) {
      const r = await pool.query(`SELECT ${SUB_COLS} FROM submissions s LEFT JOIN attachments a ON a.submission_id = s.id WHERE s.id = $1`, [id]);
      return r.rows[0] ? rowToStored(r.rows[0]) : null;
    },
    async dueForwards(now, limit) {
      const r = await pool.query(
        "SELECT seq, submission_id, adapter, attempts FROM forward_outbox WHERE state = 'pending' AND next_attempt_at <= $1 ORDER BY seq LIMIT $2",
        [now, limit],
      );
      return r.rows.map((x: { seq: string; submission_id: string; adapter: string; attempts: number }) => ({
        seq: Number(x.seq),
        submissionId: x.submission_id,
        adapter: x.adapter,
        attempts: x.attempts,
      }));
    },
    async finishForward(seq, outcome) {
      if (outcome.ok)
        await pool.query(
          "UPDATE forward_outbox SET state = 'delivered', attempts = attempts + 1, delivered_at = $1, last_error = NULL WHERE seq = $2",
          [outcome.at, seq],
        );
      else if (outcome.nextAt)
        await pool.query('UPDATE forward_outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 WHERE seq = $3', [
          outcome.error,
          outcome.nextAt,
          seq,
        ]);
      else await pool.query("UPDATE forward_outbox SET state = 'failed', attempts = attempts + 1, last_error = $1 WHERE seq = $2", [outcome.error, seq]);
    },
    async close() {
      await pool.end();
    },
  };
}

async function migrate(pool: pg.Pool, schema: string): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`anjungan-hub-migrate:${schema}`]);
    await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await c.query(`SET LOCAL search_path = ${schema}`);
    await c.query('CREATE TABLE IF NOT EXISTS hub_schema (version integer NOT NULL)');
    const r = await c.query('SELECT max(version) AS v FROM hub_schema');
    const current = (r.rows[0].v as number | null) ?? 0;
    const latest = HUB_PG_MIGRATIONS.reduce((m, x) => Math.max(m, x.version), 0);
    if (current > latest) throw new Error(`hub database schema ${current} is newer than this Anjungan supports (${latest})`);
    for (const m of HUB_PG_MIGRATIONS) {
      if (m.version <= current) continue;
      await c.query(m.sql);
      await c.query('INSERT INTO hub_schema (version) VALUES ($1)', [m.version]);
    }
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
}
