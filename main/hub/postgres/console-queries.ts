import type pg from 'pg';
import { COUNT_CAP, type BackOfficeQueries } from '../console/back-office-rows.js';
import { kecamatanOf, type CatalogueVersionRow, type ConsoleQueries, type DeviceListRow, type EventRow, type HubAuditRow, type HubSessionRow, type HubUserRow, type InboxRow } from '../console/rows.js';
import type { Queryable } from './queries.js';
import { deviceListSql } from '../console/device-list-sql.js';
import { breachedBy } from '../migration-450.js';

const USER_COLS = 'user_id, username, role, agency_id, password_hash, failures, locked_until, disabled_at, created_at';
/** The service, from the record (a generated column, hub migration 280). */
const SERVICE_OF = 's.service_id';

/** The console's SQL for PostgreSQL (tables of hub migrations 210–230; service_id of 280; office and due_at of 310). */
export function postgresConsoleQueries(db: Queryable): Omit<ConsoleQueries, keyof BackOfficeQueries> {
  const query = (sql: string, params: unknown[] = []): Promise<pg.QueryResult> => db.query(sql, params);
  const rowsOf = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => (await query(sql, params)).rows as T[];
  const firstOf = async <T>(sql: string, params: unknown[] = []): Promise<T | null> => ((await query(sql, params)).rows[0] as T | undefined) ?? null;

  return {
    async insertUser(r) {
      const res = await query('INSERT INTO hub_users (user_id, username, role, agency_id, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING', [
        r.user_id,
        r.username,
        r.role,
        r.agency_id,
        r.password_hash,
        r.created_at,
      ]);
      return res.rowCount === 1;
    },
    async userByUsername(username) {
      return firstOf<HubUserRow>(`SELECT ${USER_COLS} FROM hub_users WHERE username = $1`, [username]);
    },
    async userById(id) {
      return firstOf<HubUserRow>(`SELECT ${USER_COLS} FROM hub_users WHERE user_id = $1`, [id]);
    },
    async users(limit) {
      return rowsOf<HubUserRow>(`SELECT ${USER_COLS} FROM hub_users ORDER BY username LIMIT $1`, [limit]);
    },
    async setLoginFailures(id, failures, lockedUntil) {
      await query('UPDATE hub_users SET failures = $1, locked_until = $2 WHERE user_id = $3', [failures, lockedUntil, id]);
    },
    async setPassword(id, hash) {
      await query('UPDATE hub_users SET password_hash = $1, failures = 0, locked_until = NULL WHERE user_id = $2', [hash, id]);
    },
    async insertSession(r) {
      await query('INSERT INTO hub_sessions (token_hash, user_id, csrf, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5)', [r.token_hash, r.user_id, r.csrf, r.created_at, r.last_seen_at]);
    },
    async selectSession(tokenHash) {
      return firstOf<HubSessionRow>('SELECT token_hash, user_id, csrf, created_at, last_seen_at, ended_at FROM hub_sessions WHERE token_hash = $1', [tokenHash]);
    },
    async touchSession(tokenHash, at) {
      await query('UPDATE hub_sessions SET last_seen_at = $1 WHERE token_hash = $2', [at, tokenHash]);
    },
    async endSession(tokenHash, at) {
      await query('UPDATE hub_sessions SET ended_at = $1 WHERE token_hash = $2 AND ended_at IS NULL', [at, tokenHash]);
    },

    async lockAuditHead() {
      // Several hub processes may append: the head row serialises them.
      return (await firstOf<{ seq: number; hash: string }>('SELECT seq, hash FROM hub_audit_head WHERE singleton = 1 FOR UPDATE'))!;
    },
    async insertAudit(r) {
      await query('INSERT INTO hub_audit (seq, at, actor, action, subject, detail, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
        r.seq,
        r.at,
        r.actor,
        r.action,
        r.subject,
        r.detail,
        r.prev_hash,
        r.hash,
      ]);
    },
    async setAuditHead(seq, hash) {
      await query('UPDATE hub_audit_head SET seq = $1, hash = $2 WHERE singleton = 1', [seq, hash]);
    },
    async auditAfter(seq, limit) {
      return rowsOf<HubAuditRow>('SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM hub_audit WHERE seq > $1 ORDER BY seq LIMIT $2', [seq, limit]);
    },
    async auditRecent(limit, offset) {
      return rowsOf<HubAuditRow>('SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM hub_audit ORDER BY seq DESC LIMIT $1 OFFSET $2', [limit, offset]);
    },

    async inbox(q) {
      const where: string[] = [];
      const params: unknown[] = [];
      const bind = (v: unknown): string => (params.push(v), `$${params.length}`);
      if (q.services) where.push(`${SERVICE_OF} = ANY(${bind([...q.services])}::text[])`);
      if (q.statuses) where.push(`s.status = ANY(${bind([...q.statuses])}::text[])`);
      if (q.service !== null) where.push(`${SERVICE_OF} = ${bind(q.service)}`);
      if (q.office !== null) {
        const kecamatan = kecamatanOf(q.office);
        if (kecamatan !== null) where.push(`s.kecamatan = ${bind(kecamatan)}`);
        const p = bind(q.office);
        where.push(`(s.office_code = ${p} OR s.office_code LIKE ${p} || '.%')`);
      }
      if (q.receivedBefore !== null) where.push(`s.received_at < ${bind(q.receivedBefore)}`);
      // The state's deadline or the overall one passed (hub migration 450's partial indexes).
      if (q.breachedAt !== null) where.push(breachedBy('postgres', 's.', bind(q.breachedAt)));
      const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const filterParams = [...params];
      const rows = await rowsOf<InboxRow>(
        `SELECT s.id, s.registration_no, ${SERVICE_OF} AS service_id, s.device_id, s.office_code, s.status, s.received_at, s.state_since, s.due_at
         FROM submissions s ${w} ORDER BY s.received_at, s.id LIMIT ${bind(q.limit)} OFFSET ${bind(q.offset)}`,
        params,
      );
      const total = (await firstOf<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM submissions s ${w} LIMIT ${COUNT_CAP + 1}) x`, filterParams))!.n;
      return { rows, total };
    },
    async events(id, limit) {
      return rowsOf<EventRow>('SELECT seq, status, note, at, actor, origin_device FROM status_events WHERE submission_id = $1 ORDER BY seq LIMIT $2', [id, limit]);
    },
    async lockSubmission(id) {
      return firstOf(`SELECT s.id, s.device_id, s.status, ${SERVICE_OF} AS service_id, s.due_at FROM submissions s WHERE s.id = $1 FOR UPDATE`, [id]);
    },
    async moveSubmission(id, status, at) {
      await query('UPDATE submissions SET status = $1, updated_at = $2, state_since = $2 WHERE id = $3', [status, at, id]);
    },
    async insertConsoleEvent(owner, status, note, at, actor) {
      await query('INSERT INTO status_events (submission_id, device_id, status, note, at, actor) VALUES ($1, $2, $3, $4, $5, $6)', [owner.id, owner.device_id, status, note, at, actor]);
    },

    async devices(limit) {
      return rowsOf<DeviceListRow>(
        deviceListSql('$1'),
        [limit],
      );
    },
    async touchDevice(id, at) {
      await query('UPDATE devices SET last_seen_at = $1 WHERE device_id = $2', [at, id]);
    },
    async reportDevice(id, r) {
      await query('UPDATE devices SET reported_backlog = $1, reported_version = coalesce($2, reported_version), clock_skew_ms = $3, reported_at = $4 WHERE device_id = $5', [r.backlog, r.version, r.skewMs, r.at, id]);
    },
    async deviceOffice(id) {
      return (await firstOf<{ o: string | null }>('SELECT min(office_code) AS o FROM letter_keys WHERE device_id = $1', [id]))?.o ?? null;
    },
    async renameDevice(id, label) {
      return (await query('UPDATE devices SET label = $1 WHERE device_id = $2', [label, id])).rowCount === 1;
    },

    async insertCatalogueVersion(r) {
      await query('INSERT INTO catalogue_versions (version, document, targets, note, published_by, published_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        r.version,
        r.document,
        r.targets,
        r.note,
        r.published_by,
        r.published_at,
      ]);
    },
    async latestCatalogueVersion() {
      return firstOf<CatalogueVersionRow>('SELECT version, document, targets, note, published_by, published_at FROM catalogue_versions ORDER BY version DESC LIMIT 1');
    },
    async catalogueVersion(v) {
      return firstOf<CatalogueVersionRow>('SELECT version, document, targets, note, published_by, published_at FROM catalogue_versions WHERE version = $1', [v]);
    },
    async catalogueVersions(limit) {
      return rowsOf('SELECT version, targets, note, published_by, published_at FROM catalogue_versions ORDER BY version DESC LIMIT $1', [limit]);
    },
  };
}
