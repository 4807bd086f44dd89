import { SUBMISSION_STATUSES } from '../../../shared/domain/submission.js';
import type { Migration } from '../migration.js';

const LIST = SUBMISSION_STATUSES.map((s) => `'${s}'`).join(', ');

/**
 * The desa's own workflow. One status vocabulary for the desa's workflow and the agencies'
 * (shared/domain/submission.ts):
 * the CHECK on submissions.status and submission_status.status widens to it. SQLite changes a
 * CHECK only by rebuilding the table (new, copy, drop, rename; foreign keys off meanwhile), which
 * keeps every row and every reference as it was. The history also learns who moved a request
 * (actor) so the desk's timeline can say it. A status the desa sets travels up to the hub
 * through status_outbox, written in the same transaction as the move.
 */
export const migration0070: Migration = {
  version: 70,
  name: 'desa-workflow',
  rebuildsTables: true,
  up(db) {
    db.exec(`
      CREATE TABLE submissions_next (
        id TEXT PRIMARY KEY,
        registration_no TEXT NOT NULL UNIQUE,
        tracking_code TEXT NOT NULL UNIQUE,
        service_id TEXT NOT NULL,
        service_version INTEGER NOT NULL,
        payload TEXT NOT NULL CHECK (json_valid(payload)),
        status TEXT NOT NULL CHECK (status IN (${LIST})),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        wire_record TEXT CHECK (wire_record IS NULL OR json_valid(wire_record))
      ) STRICT;
      INSERT INTO submissions_next (id, registration_no, tracking_code, service_id, service_version, payload, status, created_at, updated_at, wire_record)
        SELECT id, registration_no, tracking_code, service_id, service_version, payload, status, created_at, updated_at, wire_record FROM submissions;
      DROP TABLE submissions;
      ALTER TABLE submissions_next RENAME TO submissions;
      CREATE INDEX submissions_by_created ON submissions (created_at DESC);
      CREATE INDEX submissions_by_status ON submissions (status, created_at);
      CREATE INDEX submissions_by_lower_id ON submissions (lower(id));

      CREATE TABLE submission_status_next (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        submission_id TEXT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN (${LIST})),
        note TEXT,
        at TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('local', 'hub')),
        actor TEXT
      ) STRICT;
      INSERT INTO submission_status_next (seq, submission_id, status, note, at, source)
        SELECT seq, submission_id, status, note, at, source FROM submission_status;
      DROP TABLE submission_status;
      ALTER TABLE submission_status_next RENAME TO submission_status;
      CREATE INDEX submission_status_by_submission ON submission_status (submission_id, seq);

      CREATE TABLE status_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        submission_id TEXT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
        status TEXT NOT NULL,
        note TEXT,
        at TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'delivered')),
        delivered_at TEXT
      ) STRICT;
      CREATE INDEX status_outbox_pending ON status_outbox (state, seq);
    `);
  },
};
