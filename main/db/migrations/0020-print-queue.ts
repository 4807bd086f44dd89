import type { Migration } from '../migration.js';

/**
 * Devices: the persisted receipt print queue (a failed print never loses the submission; the
 * receipt waits here until the printer is back) and the UID → NIK map for UID-only card readers.
 */
export const migration0020: Migration = {
  version: 20,
  name: 'print-queue',
  up(db) {
    db.exec(`
      CREATE TABLE print_jobs (
        id TEXT PRIMARY KEY,
        submission_id TEXT NOT NULL REFERENCES submissions (id),
        state TEXT NOT NULL CHECK (state IN ('queued', 'printing', 'printed', 'failed')),
        reason TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        receipt TEXT NOT NULL CHECK (json_valid(receipt)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        printed_at TEXT
      ) STRICT;
      CREATE INDEX print_jobs_by_state ON print_jobs (state, created_at);
      CREATE INDEX print_jobs_by_submission ON print_jobs (submission_id, created_at);

      CREATE TABLE card_uids (
        uid TEXT PRIMARY KEY,
        nik TEXT NOT NULL CHECK (length(nik) = 16),
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
