import type { Migration } from '../migration.js';

/**
 * The first tables: who this device is, its settings, the submissions with their status
 * history, the outbox that sync drains, the per-day sequences for registration numbers, and
 * an append-only audit log. STRICT tables; single-quoted string literals only.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE device (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        device_id TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL CHECK (json_valid(value)),
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE submissions (
        id TEXT PRIMARY KEY,
        registration_no TEXT NOT NULL UNIQUE,
        tracking_code TEXT NOT NULL UNIQUE,
        service_id TEXT NOT NULL,
        service_version INTEGER NOT NULL,
        payload TEXT NOT NULL CHECK (json_valid(payload)),
        status TEXT NOT NULL CHECK (status IN ('received', 'sent', 'accepted', 'processing', 'done', 'rejected')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX submissions_by_created ON submissions (created_at DESC);

      CREATE TABLE submission_status (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        submission_id TEXT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('received', 'sent', 'accepted', 'processing', 'done', 'rejected')),
        note TEXT,
        at TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('local', 'hub'))
      ) STRICT;
      CREATE INDEX submission_status_by_submission ON submission_status (submission_id, seq);

      CREATE TABLE outbox (
        submission_id TEXT PRIMARY KEY REFERENCES submissions (id) ON DELETE CASCADE,
        state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'parked')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        created_at TEXT NOT NULL,
        delivered_at TEXT
      ) STRICT;
      CREATE INDEX outbox_pending ON outbox (state, created_at);

      CREATE TABLE daily_sequence (
        kind TEXT NOT NULL,
        day TEXT NOT NULL,
        last INTEGER NOT NULL,
        PRIMARY KEY (kind, day)
      ) STRICT;

      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT,
        detail TEXT CHECK (detail IS NULL OR json_valid(detail))
      ) STRICT;
    `);
  },
};
