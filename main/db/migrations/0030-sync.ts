import type { Migration } from '../migration.js';

/**
 * Store-and-forward sync (issue 6): outbox scheduling and batching columns, the exact record
 * text of imported submissions, attachments as BLOBs, the device's Ed25519 key pair, batches
 * built but not yet acknowledged (their bytes, so an upload resumes byte-identical after a
 * restart), and small key/value sync state (cursors, enrolment, link estimate, catalogue).
 */
export const migration0030: Migration = {
  version: 30,
  name: 'sync',
  up(db) {
    db.exec(`
      ALTER TABLE outbox ADD COLUMN next_attempt_at TEXT;
      ALTER TABLE outbox ADD COLUMN batch_id TEXT;
      CREATE INDEX outbox_by_batch ON outbox (batch_id) WHERE batch_id IS NOT NULL;

      ALTER TABLE submissions ADD COLUMN wire_record TEXT CHECK (wire_record IS NULL OR json_valid(wire_record));

      CREATE TABLE submission_attachments (
        submission_id TEXT PRIMARY KEY REFERENCES submissions (id) ON DELETE CASCADE,
        name TEXT,
        content_type TEXT,
        data BLOB NOT NULL
      ) STRICT;

      CREATE TABLE sync_keys (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        public_key BLOB NOT NULL,
        private_key BLOB NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE sync_batches (
        batch_id TEXT PRIMARY KEY,
        body BLOB NOT NULL,
        digest TEXT NOT NULL,
        records INTEGER NOT NULL,
        raw_bytes INTEGER NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE sync_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL CHECK (json_valid(value)),
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
