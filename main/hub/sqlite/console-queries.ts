import type { Database } from 'better-sqlite3';
import type { SqliteStatements } from './statements.js';
import { COUNT_CAP, type BackOfficeQueries } from '../console/back-office-rows.js';
import { kecamatanOf, type CatalogueVersionRow, type ConsoleQueries, type DeviceListRow, type EventRow, type HubAuditRow, type HubSessionRow, type HubUserRow, type InboxRow } from '../console/rows.js';
import { deviceListSql } from '../console/device-list-sql.js';
import { breachedBy } from '../migration-450.js';

const USER_COLS = 'user_id, username, role, agency_id, password_hash, failures, locked_until, disabled_at, created_at';
/** The service, from the record (a generated column, hub migration 280). */
const SERVICE_OF = 's.service_id';

/** The console's SQL for SQLite (tables of hub migrations 210–230; service_id of 280; office and due_at of 310). */
export function sqliteConsoleQueries(db: Database, statements: SqliteStatements): Omit<ConsoleQueries, keyof BackOfficeQueries> {
  const { statement, one, all } = statements;
  const write = (sql: string, ...params: unknown[]): number => statement(sql).run(...params).changes;

  return {
    async insertUser(r) {
      return write(`INSERT INTO hub_users (user_id, username, role, agency_id, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, r.user_id, r.username, r.role, r.agency_id, r.password_hash, r.created_at) === 1;
    },
    async userByUsername(username) {
      return one<HubUserRow>(`SELECT ${USER_COLS} FROM hub_users WHERE username = ?`, username);
    },
    async userById(id) {
      return one<HubUserRow>(`SELECT ${USER_COLS} FROM hub_users WHERE user_id = ?`, id);
    },
    async users(limit) {
      return all<HubUserRow>(`SELECT ${USER_COLS} FROM hub_users ORDER BY username LIMIT ?`, limit);
    },
    async setLoginFailures(id, failures, lockedUntil) {
      write('UPDATE hub_users SET failures = ?, locked_until = ? WHERE user_id = ?', failures, lockedUntil, id);
    },
    async setPassword(id, hash) {
      write('UPDATE hub_users SET password_hash = ?, failures = 0, locked_until = NULL WHERE user_id = ?', hash, id);
    },
    async insertSession(r) {
      write('INSERT INTO hub_sessions (token_hash, user_id, csrf, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)', r.token_hash, r.user_id, r.csrf, r.created_at, r.last_seen_at);
    },
    async selectSession(tokenHash) {
      return one<HubSessionRow>('SELECT token_hash, user_id, csrf, created_at, last_seen_at, ended_at FROM hub_sessions WHERE token_hash = ?', tokenHash);
    },
    async touchSession(tokenHash, at) {
      write('UPDATE hub_sessions SET last_seen_at = ? WHERE token_hash = ?', at, tokenHash);
    },
    async endSession(tokenHash, at) {
      write('UPDATE hub_sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL', at, tokenHash);
    },

    async lockAuditHead() {
      // The caller's BEGIN IMMEDIATE holds the file's write lock.
      return one<{ seq: number; hash: string }>('SELECT seq, hash FROM hub_audit_head WHERE singleton = 1')!;
    },
    async insertAudit(r) {
      write('INSERT INTO hub_audit (seq, at, actor, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', r.seq, r.at, r.actor, r.action, r.subject, r.detail, r.prev_hash, r.hash);
    },
    async setAuditHead(seq, hash) {
      write('UPDATE hub_audit_head SET seq = ?, hash = ? WHERE singleton = 1', seq, hash);
    },
    async auditAfter(seq, limit) {
      return all<HubAuditRow>('SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM hub_audit WHERE seq > ? ORDER BY seq LIMIT ?', seq, limit);
    },
    async auditRecent(limit, offset) {
      return all<HubAuditRow>('SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM hub_audit ORDER BY seq DESC LIMIT ? OFFSET ?', limit, offset);
    },

    async inbox(q) {
      const where: string[] = [];
      const params: unknown[] = [];
      const inList = (col: string, values: readonly string[]): void => {
        where.push(values.length ? `${col} IN (${values.map(() => '?').join(', ')})` : '0');
        params.push(...values);
      };
      if (q.services) inList(SERVICE_OF, q.services);
      if (q.statuses) inList('s.status', q.statuses);
      const cond = (sql: string, ...values: unknown[]): void => {
        where.push(sql);
        params.push(...values);
      };
      if (q.service !== null) cond(`${SERVICE_OF} = ?`, q.service);
      if (q.office !== null) {
        const kecamatan = kecamatanOf(q.office);
        if (kecamatan !== null) cond('s.kecamatan = ?', kecamatan);
        cond(`(s.office_code = ? OR s.office_code LIKE ? || '.%')`, q.office, q.office);
      }
      if (q.receivedBefore !== null) cond('s.received_at < ?', q.receivedBefore);
      // The state's deadline or the overall one passed (hub migration 450's partial indexes).
      if (q.breachedAt !== null) cond(breachedBy('sqlite', 's.', '?'), q.breachedAt);
      const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
      // Built from fixed fragments only; the values are all bound.
      const rows = db
        .prepare(`SELECT s.id, s.registration_no, ${SERVICE_OF} AS service_id, s.device_id, s.office_code, s.status, s.received_at, s.state_since, s.due_at FROM submissions s ${w} ORDER BY s.received_at, s.id LIMIT ? OFFSET ?`)
        .all(...params, q.limit, q.offset) as InboxRow[];
      const total = (db.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM submissions s ${w} LIMIT ${COUNT_CAP + 1})`).get(...params) as { n: number }).n;
      return { rows, total };
    },
    async events(id, limit) {
      return all<EventRow>('SELECT seq, status, note, at, actor, origin_device FROM status_events WHERE submission_id = ? ORDER BY seq LIMIT ?', id, limit);
    },
    async lockSubmission(id) {
      return one(`SELECT s.id, s.device_id, s.status, ${SERVICE_OF} AS service_id, s.due_at FROM submissions s WHERE s.id = ?`, id);
    },
    async moveSubmission(id, status, at) {
      write('UPDATE submissions SET status = ?, updated_at = ?, state_since = ? WHERE id = ?', status, at, at, id);
    },
    async insertConsoleEvent(owner, status, note, at, actor) {
      write('INSERT INTO status_events (submission_id, device_id, status, note, at, actor) VALUES (?, ?, ?, ?, ?, ?)', owner.id, owner.device_id, status, note, at, actor);
    },

    async devices(limit) {
      return all<DeviceListRow>(
        deviceListSql('?'),
        limit,
      );
    },
    async touchDevice(id, at) {
      write('UPDATE devices SET last_seen_at = ? WHERE device_id = ?', at, id);
    },
    async reportDevice(id, r) {
      write('UPDATE devices SET reported_backlog = ?, reported_version = coalesce(?, reported_version), clock_skew_ms = ?, reported_at = ? WHERE device_id = ?', r.backlog, r.version, r.skewMs, r.at, id);
    },
    async deviceOffice(id) {
      return one<{ o: string | null }>('SELECT min(office_code) AS o FROM letter_keys WHERE device_id = ?', id)?.o ?? null;
    },
    async renameDevice(id, label) {
      return write('UPDATE devices SET label = ? WHERE device_id = ?', label, id) === 1;
    },

    async insertCatalogueVersion(r) {
      write('INSERT INTO catalogue_versions (version, document, targets, note, published_by, published_at) VALUES (?, ?, ?, ?, ?, ?)', r.version, r.document, r.targets, r.note, r.published_by, r.published_at);
    },
    async latestCatalogueVersion() {
      return one<CatalogueVersionRow>('SELECT version, document, targets, note, published_by, published_at FROM catalogue_versions ORDER BY version DESC LIMIT 1');
    },
    async catalogueVersion(v) {
      return one<CatalogueVersionRow>('SELECT version, document, targets, note, published_by, published_at FROM catalogue_versions WHERE version = ?', v);
    },
    async catalogueVersions(limit) {
      return all('SELECT version, targets, note, published_by, published_at FROM catalogue_versions ORDER BY version DESC LIMIT ?', limit);
    },
  };
}
