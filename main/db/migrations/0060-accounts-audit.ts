import { AUDIT_GENESIS } from '../../../shared/domain/audit-chain.js';
import { auditHash } from '../audit-hash.js';
import type { Migration } from '../migration.js';

/**
 * The desk's local accounts (scrypt password hashes, failed-login counter and lockout), and
 * the audit log made tamper-evident: each row carries the device, the previous row's hash and
 * its own; audit_head holds the last seq and hash (so a cut tail shows); triggers refuse UPDATE
 * and DELETE. Rows written before this step are chained here, in order.
 */
export const migration0060: Migration = {
  version: 60,
  name: 'accounts-audit',
  up(db) {
    db.exec(`
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('operator', 'verifier', 'signatory', 'admin')),
        password_hash TEXT NOT NULL,
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        last_login_at TEXT
      ) STRICT;

      ALTER TABLE audit_log ADD COLUMN device_id TEXT;
      ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
      ALTER TABLE audit_log ADD COLUMN hash TEXT;
      CREATE INDEX audit_log_by_at ON audit_log (at);
      CREATE INDEX audit_log_by_subject ON audit_log (subject) WHERE subject IS NOT NULL;

      CREATE TABLE audit_head (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
    `);
    const device = (db.prepare('SELECT device_id FROM device WHERE singleton = 1').get() as { device_id: string } | undefined)?.device_id ?? null;
    const rows = db.prepare('SELECT seq, at, actor, action, subject, detail FROM audit_log ORDER BY seq').all() as {
      seq: number; at: string; actor: string; action: string; subject: string | null; detail: string | null;
    }[];
    const update = db.prepare('UPDATE audit_log SET device_id = ?, prev_hash = ?, hash = ? WHERE seq = ?');
    let prev = AUDIT_GENESIS;
    let last = 0;
    for (const r of rows) {
      const hash = auditHash(prev, { ...r, detail: r.detail === null ? null : JSON.parse(r.detail), deviceId: device });
      update.run(device, prev, hash, r.seq);
      prev = hash;
      last = r.seq;
    }
    db.prepare('INSERT INTO audit_head (singleton, seq, hash) VALUES (1, ?, ?)').run(last, prev);
    db.exec(`
      CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `);
  },
};
