import type { Migration } from '../migration.js';

/**
 * Letters (surat) with a verifiable QR (issue 10 §4): the per-office yearly number series, the
 * letters themselves (number UNIQUE, one per submission, with the content snapshot that
 * regenerates the PDF byte-identical and the signed token), the logos they used (by hash), this
 * device's letter key pair (apart from the sync key) and the cached public letter keys of the
 * office's other devices.
 */
export const migration0090: Migration = {
  version: 90,
  name: 'letters',
  up(db) {
    db.exec(`
      CREATE TABLE letter_series (
        office_code TEXT NOT NULL,
        year INTEGER NOT NULL,
        last INTEGER NOT NULL CHECK (last >= 1),
        PRIMARY KEY (office_code, year)
      ) STRICT;

      CREATE TABLE letters (
        id TEXT PRIMARY KEY,
        submission_id TEXT NOT NULL UNIQUE REFERENCES submissions (id),
        office_code TEXT NOT NULL,
        number TEXT NOT NULL UNIQUE,
        series_year INTEGER NOT NULL,
        sequence INTEGER NOT NULL CHECK (sequence >= 1),
        issued_at TEXT NOT NULL,
        letter_date TEXT NOT NULL,
        service_id TEXT NOT NULL,
        template_id TEXT NOT NULL,
        template_version INTEGER NOT NULL,
        signatory TEXT NOT NULL,
        token TEXT NOT NULL UNIQUE,
        nik_salt BLOB NOT NULL,
        content TEXT NOT NULL CHECK (json_valid(content)),
        file_name TEXT NOT NULL UNIQUE,
        print_count INTEGER NOT NULL DEFAULT 0,
        printed_at TEXT,
        last_print_error TEXT,
        UNIQUE (office_code, series_year, sequence)
      ) STRICT;
      CREATE INDEX letters_by_issued ON letters (issued_at);

      CREATE TABLE letter_assets (
        sha256 TEXT PRIMARY KEY,
        data BLOB NOT NULL
      ) STRICT;

      CREATE TABLE letter_key (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        key_id TEXT NOT NULL,
        public_key BLOB NOT NULL,
        private_key BLOB NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE letter_office_keys (
        office_code TEXT NOT NULL,
        key_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        public_key BLOB NOT NULL,
        fetched_at TEXT NOT NULL,
        PRIMARY KEY (office_code, key_id)
      ) STRICT;
    `);
  },
};
