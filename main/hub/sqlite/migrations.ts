import type { Migration } from '../../db/migration.js';

/** The hub's own SQLite schema (separate from the kiosk's). STRICT tables. */
export const HUB_SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 10,
    name: 'hub-initial',
    up(db) {
      db.exec(`
        CREATE TABLE devices (
          device_id TEXT PRIMARY KEY,
          public_key BLOB NOT NULL,
          label TEXT,
          enrolled_at TEXT NOT NULL,
          revoked_at TEXT
        ) STRICT;
        CREATE TABLE enrolment_codes (
          code_hash TEXT PRIMARY KEY,
          label TEXT,
          created_at TEXT NOT NULL,
          expires_at TEXT NOT NULL,
          used_by TEXT,
          used_at TEXT
        ) STRICT;
        CREATE TABLE staging (
          batch_id TEXT PRIMARY KEY,
          device_id TEXT NOT NULL,
          total INTEGER NOT NULL,
          digest TEXT NOT NULL,
          received INTEGER NOT NULL,
          started_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE staging_chunks (
          batch_id TEXT NOT NULL REFERENCES staging (batch_id) ON DELETE CASCADE,
          chunk_offset INTEGER NOT NULL,
          data BLOB NOT NULL,
          PRIMARY KEY (batch_id, chunk_offset)
        ) STRICT;
        CREATE TABLE batches (
          batch_id TEXT PRIMARY KEY,
          device_id TEXT NOT NULL,
          digest TEXT NOT NULL,
          ack TEXT NOT NULL,
          committed_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE submissions (
          id TEXT PRIMARY KEY,
          device_id TEXT NOT NULL,
          batch_id TEXT NOT NULL,
          registration_no TEXT,
          record TEXT NOT NULL,
          hash TEXT NOT NULL,
          status TEXT NOT NULL,
          received_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX submissions_by_regno ON submissions (registration_no);
        CREATE TABLE attachments (
          submission_id TEXT PRIMARY KEY REFERENCES submissions (id),
          name TEXT,
          content_type TEXT,
          data BLOB NOT NULL
        ) STRICT;
        CREATE TABLE status_events (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          submission_id TEXT NOT NULL REFERENCES submissions (id),
          device_id TEXT NOT NULL,
          status TEXT NOT NULL,
          note TEXT,
          at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX status_events_by_device ON status_events (device_id, seq);
        CREATE TABLE forward_outbox (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          submission_id TEXT NOT NULL REFERENCES submissions (id),
          adapter TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at TEXT NOT NULL,
          last_error TEXT,
          delivered_at TEXT,
          UNIQUE (submission_id, adapter)
        ) STRICT;
        CREATE INDEX forward_due ON forward_outbox (state, next_attempt_at);
      `);
    },
  },
];
