import type { Migration } from '../db/migration.js';

/**
 * The relay's own SQLite file (issue 12 §1): its identity upstream, the devices enrolled through
 * it (their public keys, so it checks a batch's signature before storing it), uploads in progress
 * (chunks, like the hub's staging), the batches it holds until the hub's signed ack comes back,
 * and the statuses / catalogues it passed down (served when the upstream is unreachable).
 */
const migration0010: Migration = {
  version: 10,
  name: 'relay',
  up(db) {
    db.exec(`
      CREATE TABLE relay_identity (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        device_id TEXT NOT NULL,
        public_key BLOB NOT NULL,
        private_key BLOB NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE relay_devices (
        device_id TEXT PRIMARY KEY,
        public_key BLOB NOT NULL,
        enrolled_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE relay_staging (
        batch_id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        total INTEGER NOT NULL,
        digest TEXT NOT NULL,
        signature TEXT NOT NULL,
        received INTEGER NOT NULL,
        started_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE relay_chunks (
        batch_id TEXT NOT NULL REFERENCES relay_staging (batch_id) ON DELETE CASCADE,
        offset INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (batch_id, offset)
      ) STRICT;
      CREATE TABLE relay_batches (
        batch_id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        total INTEGER NOT NULL,
        digest TEXT NOT NULL,
        signature TEXT NOT NULL,
        body BLOB NOT NULL,
        received_at TEXT NOT NULL,
        upstream_holds INTEGER NOT NULL DEFAULT 0,
        hub_ack TEXT CHECK (hub_ack IS NULL OR json_valid(hub_ack)),
        acked_at TEXT,
        last_error TEXT
      ) STRICT;
      CREATE INDEX relay_batches_unacked ON relay_batches (received_at) WHERE hub_ack IS NULL;
      CREATE TABLE relay_cache (
        key TEXT PRIMARY KEY,
        status INTEGER NOT NULL,
        body BLOB NOT NULL,
        at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE relay_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL CHECK (json_valid(value))
      ) STRICT;
    `);
  },
};

/**
 * Sticks carried up (relay usb-import, issue 12 §2): each device export as it was on the stick,
 * its manifest and every sealed file byte-identical with its digest (the relay cannot open
 * them), until the hub's answer comes back; then the answer, kept to write onto the stick when
 * it is next seen. A file's bytes are dropped once every export naming it is answered.
 */
const migration0020: Migration = {
  version: 20,
  name: 'relay-usb',
  up(db) {
    db.exec(`
      CREATE TABLE relay_usb_exports (
        export_id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        manifest BLOB NOT NULL,
        manifest_sha256 TEXT NOT NULL,
        stored_at TEXT NOT NULL,
        done_at TEXT,
        answer BLOB,
        hub_file BLOB,
        refused TEXT,
        outcome TEXT CHECK (outcome IS NULL OR json_valid(outcome)),
        last_error TEXT
      ) STRICT;
      CREATE INDEX relay_usb_exports_waiting ON relay_usb_exports (stored_at) WHERE done_at IS NULL;
      CREATE INDEX relay_usb_exports_device ON relay_usb_exports (device_id, done_at);
      CREATE TABLE relay_usb_files (
        device_id TEXT NOT NULL,
        name TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        data BLOB NOT NULL,
        stored_at TEXT NOT NULL,
        PRIMARY KEY (device_id, name)
      ) STRICT;
      CREATE TABLE relay_usb_parts (
        export_id TEXT NOT NULL REFERENCES relay_usb_exports (export_id) ON DELETE CASCADE,
        device_id TEXT NOT NULL,
        name TEXT NOT NULL,
        PRIMARY KEY (export_id, name)
      ) STRICT;
      CREATE INDEX relay_usb_parts_file ON relay_usb_parts (device_id, name);
    `);
  },
};

export const RELAY_MIGRATIONS: readonly Migration[] = [migration0010, migration0020];
