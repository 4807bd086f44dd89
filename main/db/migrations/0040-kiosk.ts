import type { Migration } from '../migration.js';

/**
 * The kiosk's own records: per submission its queue number (letter of the service group +
 * daily sequence) and the consent answer with the version of the statement shown, written in
 * the same transaction as the submission; and the SKM (PermenPAN-RB 14/2017) answers, nine
 * unsur on a 1-4 scale, for the IKM report.
 */
export const migration0040: Migration = {
  version: 40,
  name: 'kiosk',
  up(db) {
    db.exec(`
      CREATE TABLE kiosk_submission (
        submission_id TEXT PRIMARY KEY REFERENCES submissions (id) ON DELETE CASCADE,
        queue_no TEXT NOT NULL,
        queue_day TEXT NOT NULL,
        consent_accepted INTEGER NOT NULL CHECK (consent_accepted IN (0, 1)),
        consent_version TEXT NOT NULL,
        consent_at TEXT NOT NULL,
        identity_source TEXT NOT NULL CHECK (identity_source IN ('card', 'manual'))
      ) STRICT;
      CREATE UNIQUE INDEX kiosk_submission_queue ON kiosk_submission (queue_day, queue_no);

      CREATE TABLE skm_response (
        id TEXT PRIMARY KEY,
        submission_id TEXT REFERENCES submissions (id) ON DELETE SET NULL,
        service_id TEXT NOT NULL,
        u1 INTEGER CHECK (u1 BETWEEN 1 AND 4),
        u2 INTEGER CHECK (u2 BETWEEN 1 AND 4),
        u3 INTEGER CHECK (u3 BETWEEN 1 AND 4),
        u4 INTEGER CHECK (u4 BETWEEN 1 AND 4),
        u5 INTEGER CHECK (u5 BETWEEN 1 AND 4),
        u6 INTEGER CHECK (u6 BETWEEN 1 AND 4),
        u7 INTEGER CHECK (u7 BETWEEN 1 AND 4),
        u8 INTEGER CHECK (u8 BETWEEN 1 AND 4),
        u9 INTEGER CHECK (u9 BETWEEN 1 AND 4),
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX skm_response_by_created ON skm_response (created_at);
    `);
  },
};
