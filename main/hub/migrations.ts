import type { SqlDialect } from './backend.js';
import { complaintsAndDashboards } from './migration-280.js';
import { queueTickets } from './migration-300.js';
import { inboxFilterColumns } from './migration-310.js';
import { settingsPush } from './migration-320.js';
import { deviceReports } from './migration-330.js';
import { openTally } from './migration-410.js';
import { serviceStateSla } from './migration-420.js';
import { callbackIndex } from './migration-430.js';
import { ingestWritesDerived } from './migration-440.js';
import { callbackCounts, overallDue } from './migration-450.js';
import { ingestTallies } from './migration-460.js';

/**
 * One numbered step of the hub's schema, the same step on both backends. Its SQL is written
 * once with the dialect's column types; a step whose statements really differ branches on
 * `d.kind`. Numbers go up in tens; a released step never changes (databases already ran it).
 */
export interface HubMigration {
  version: number;
  name: string;
  sql(d: SqlDialect): string;
}

/** The hub's schema (separate from the kiosk's), oldest first. Run by main/hub/schema.ts. */
export const HUB_MIGRATIONS: readonly HubMigration[] = [
  {
    version: 10,
    name: 'hub-initial',
    sql: (d) => `
      CREATE TABLE devices (
        device_id TEXT PRIMARY KEY,
        public_key ${d.blob} NOT NULL,
        label TEXT,
        enrolled_at TEXT NOT NULL,
        revoked_at TEXT
      )${d.tableOptions};
      CREATE TABLE enrolment_codes (
        code_hash TEXT PRIMARY KEY,
        label TEXT,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_by TEXT,
        used_at TEXT
      )${d.tableOptions};
      CREATE TABLE staging (
        batch_id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        total ${d.bigint} NOT NULL,
        digest TEXT NOT NULL,
        received ${d.bigint} NOT NULL,
        started_at TEXT NOT NULL
      )${d.tableOptions};
      CREATE TABLE staging_chunks (
        batch_id TEXT NOT NULL REFERENCES staging (batch_id) ON DELETE CASCADE,
        chunk_offset ${d.bigint} NOT NULL,
        data ${d.blob} NOT NULL,
        PRIMARY KEY (batch_id, chunk_offset)
      )${d.tableOptions};
      CREATE TABLE batches (
        batch_id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        digest TEXT NOT NULL,
        ack TEXT NOT NULL,
        committed_at TEXT NOT NULL
      )${d.tableOptions};
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
      )${d.tableOptions};
      CREATE INDEX submissions_by_regno ON submissions (registration_no);
      CREATE TABLE attachments (
        submission_id TEXT PRIMARY KEY REFERENCES submissions (id),
        name TEXT,
        content_type TEXT,
        data ${d.blob} NOT NULL
      )${d.tableOptions};
      CREATE TABLE status_events (
        seq ${d.serialKey},
        submission_id TEXT NOT NULL REFERENCES submissions (id),
        device_id TEXT NOT NULL,
        status TEXT NOT NULL,
        note TEXT,
        at TEXT NOT NULL
      )${d.tableOptions};
      CREATE INDEX status_events_by_device ON status_events (device_id, seq);
      CREATE TABLE forward_outbox (
        seq ${d.serialKey},
        submission_id TEXT NOT NULL REFERENCES submissions (id),
        adapter TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        delivered_at TEXT,
        UNIQUE (submission_id, adapter)
      )${d.tableOptions};
      CREATE INDEX forward_due ON forward_outbox (state, next_attempt_at);
    `,
  },
  {
    version: 20,
    name: 'device-statuses',
    // A desa finishes its own services: the statuses it sets come up from its device. origin_*
    // makes each one idempotent (a re-send is a no-op) and keeps it off that device's own feed.
    sql: (d) => `
      ALTER TABLE status_events ADD COLUMN origin_device TEXT;
      ALTER TABLE status_events ADD COLUMN origin_seq ${d.bigint};
      CREATE UNIQUE INDEX status_events_origin ON status_events (origin_device, origin_seq);
    `,
  },
  {
    version: 30,
    name: 'id-and-number-lookups',
    // Finding a UUID held in another letter case, and a registration number held by another submission.
    sql: () => `
      CREATE INDEX submissions_by_lower_id ON submissions (lower(id));
    `,
  },
  {
    // Letters (issue 10 §4): each device's public letter key, per office, so any device of the
    // office (and the hub) verifies a letter offline. A key is never replaced: old letters keep verifying.
    version: 40,
    name: 'letter-keys',
    sql: (d) => `
      CREATE TABLE letter_keys (
        office_code TEXT NOT NULL,
        key_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        public_key ${d.blob} NOT NULL,
        published_at TEXT NOT NULL,
        PRIMARY KEY (office_code, key_id)
      )${d.tableOptions};
    `,
  },
  {
    version: 50,
    name: 'hub-keys',
    sql: (d) => `
      CREATE TABLE hub_keys (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        signing_public ${d.blob} NOT NULL,
        signing_private ${d.blob} NOT NULL,
        box_public ${d.blob} NOT NULL,
        box_private ${d.blob} NOT NULL,
        created_at TEXT NOT NULL
      )${d.tableOptions};
    `,
  },
  {
    version: 200,
    name: 'releases',
    // Signed app releases kept at the hub (issue 15): the files in 1 MiB chunks (a thin link resumes
    // by range), to whom each release goes (all, or chosen kecamatan/desa first), and what devices did.
    sql: (d) => `
      CREATE TABLE releases (
        release_id ${d.serialKey},
        version TEXT NOT NULL,
        platform TEXT NOT NULL CHECK (platform IN ('linux', 'win')),
        targets TEXT NOT NULL,
        published_at TEXT NOT NULL
      )${d.tableOptions};
      CREATE TABLE release_files (
        release_id ${d.bigint} NOT NULL,
        name TEXT NOT NULL,
        size ${d.bigint} NOT NULL,
        sha512 TEXT NOT NULL,
        sig TEXT NOT NULL,
        PRIMARY KEY (release_id, name)
      )${d.tableOptions};
      CREATE TABLE release_chunks (
        release_id ${d.bigint} NOT NULL,
        name TEXT NOT NULL,
        chunk INTEGER NOT NULL,
        data ${d.blob} NOT NULL,
        PRIMARY KEY (release_id, name, chunk)
      )${d.tableOptions};
      CREATE TABLE update_reports (
        seq ${d.serialKey},
        device_id TEXT NOT NULL,
        version TEXT NOT NULL,
        outcome TEXT NOT NULL,
        reason TEXT,
        at TEXT NOT NULL
      )${d.tableOptions};
    `,
  },
  {
    // The agencies' console (issue 13 §1): hub accounts by agency, cookie sessions (only a hash
    // of the token is kept) and the hub's own audit log, append-only and hash-chained as on the desk.
    version: 210,
    name: 'console-accounts-audit',
    sql: (d) => `
      CREATE TABLE hub_users (
        user_id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('officer', 'verifier', 'head', 'admin')),
        agency_id TEXT,
        password_hash TEXT NOT NULL,
        failures INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        disabled_at TEXT,
        created_at TEXT NOT NULL
      )${d.tableOptions};
      CREATE TABLE hub_sessions (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES hub_users (user_id),
        csrf TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        ended_at TEXT
      )${d.tableOptions};
      CREATE TABLE hub_audit (
        seq ${d.bigint} PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT,
        detail TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      )${d.tableOptions};
      CREATE INDEX hub_audit_by_subject ON hub_audit (subject);
      CREATE TABLE hub_audit_head (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        seq ${d.bigint} NOT NULL,
        hash TEXT NOT NULL
      )${d.tableOptions};
      INSERT INTO hub_audit_head (singleton, seq, hash) VALUES (1, 0, '${'0'.repeat(64)}');
      ${
        d.kind === 'sqlite'
          ? `CREATE TRIGGER hub_audit_no_update BEFORE UPDATE ON hub_audit BEGIN SELECT RAISE(ABORT, 'hub_audit is append-only'); END;
             CREATE TRIGGER hub_audit_no_delete BEFORE DELETE ON hub_audit BEGIN SELECT RAISE(ABORT, 'hub_audit is append-only'); END;`
          : `CREATE FUNCTION hub_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'hub_audit is append-only'; END $$;
             CREATE TRIGGER hub_audit_append_only BEFORE UPDATE OR DELETE ON hub_audit FOR EACH ROW EXECUTE FUNCTION hub_audit_refuse();`
      }
    `,
  },
  {
    // Who moved a submission, and since when it is in its state (the SLA clock), per status event.
    version: 220,
    name: 'console-workflow',
    sql: () => `
      ALTER TABLE status_events ADD COLUMN actor TEXT;
      ALTER TABLE submissions ADD COLUMN state_since TEXT;
      ALTER TABLE devices ADD COLUMN last_seen_at TEXT;
      CREATE INDEX submissions_by_status ON submissions (status, received_at);
      CREATE INDEX letter_keys_by_device ON letter_keys (device_id);
    `,
  },
  {
    // Catalogue versions edited in the console (issue 13 §4): every published document kept, the
    // newest one served (signed) to kiosks; a rollback republishes an old one under a new version.
    version: 230,
    name: 'console-catalogue',
    sql: (d) => `
      CREATE TABLE catalogue_versions (
        version ${d.bigint} PRIMARY KEY,
        document TEXT NOT NULL,
        targets TEXT NOT NULL,
        note TEXT,
        published_by TEXT NOT NULL,
        published_at TEXT NOT NULL
      )${d.tableOptions};
    `,
  },
  {
    // SKM answer sheets from the devices (issue 11 §2), for the IKM per office and service at the
    // hub: stored at most once per sheet id (a re-send is a no-op). The office is the device's
    // (the letter key it published), looked up when read, so a device enrolled later still counts.
    version: 250,
    name: 'skm-answers',
    sql: (d) => `
      CREATE TABLE skm_answers (
        id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        submission_id TEXT,
        service_id TEXT NOT NULL,
        ${['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9'].map((u) => `${u} INTEGER CHECK (${u} BETWEEN 1 AND 4)`).join(',\n        ')},
        answered_at TEXT NOT NULL,
        received_at TEXT NOT NULL
      )${d.tableOptions};
      CREATE INDEX skm_answers_by_time ON skm_answers (answered_at);
    `,
  },
  {
    // Complaints (issue 13 §2) and the dashboards at scale (§3, §6): see migration-280.ts.
    version: 280,
    name: 'console-complaints-dashboards',
    sql: complaintsAndDashboards,
  },
  {
    // The kecamatan relay (issue 12 §1): which relay carried a batch here, verified by the
    // relay's carrier signature (the device's own signature on the batch is checked as ever).
    version: 290,
    name: 'relay-carriage',
    sql: (d) => `
      CREATE TABLE relay_carriage (
        batch_id TEXT PRIMARY KEY,
        relay_id TEXT NOT NULL,
        received_at TEXT NOT NULL
      )${d.tableOptions};
    `,
  },
  {
    // Queue tickets and their tally per office day (issue 11 §1): see migration-300.ts.
    version: 300,
    name: 'queue-tickets',
    sql: queueTickets,
  },
  {
    // The inbox's kecamatan and SLA-breach filters at scale (issue 13 §6): see migration-310.ts.
    version: 310,
    name: 'inbox-office-due',
    sql: inboxFilterColumns,
  },
  {
    // Settings pushed from the hub per office and device (issue 15): see migration-320.ts.
    version: 320,
    name: 'settings-push',
    sql: settingsPush,
  },
  {
    // What a device reports of itself: backlog, version, clock skew (issue 13 §5): see migration-330.ts.
    version: 330,
    name: 'device-reports',
    sql: deviceReports,
  },
  {
    // How each batch came (issue 13 §3, device health: relay or USB use): 'http' (the device
    // itself), 'relay' (a kecamatan relay carried it; which one is in relay_carriage) or 'usb'.
    // Batches committed before this step stay NULL: they count as direct unless a relay is recorded.
    version: 360,
    name: 'batch-channel',
    sql: () => `
      ALTER TABLE batches ADD COLUMN channel TEXT;
      UPDATE batches SET channel = 'relay' WHERE batch_id IN (SELECT batch_id FROM relay_carriage);
      CREATE INDEX batches_device_channel ON batches (device_id, channel, committed_at);
    `,
  },
  {
    // The dashboards' backlog by age from a tally of open requests per service and receipt day (issue 13 §6): see migration-410.ts.
    version: 410,
    name: 'open-tally',
    sql: openTally,
  },
  {
    version: 420,
    name: 'service-state-sla',
    sql: serviceStateSla,
  },
  {
    // The complaints' callback filter in the query, on a partial index (issue 13 §2): see migration-430.ts.
    version: 430,
    name: 'complaint-callbacks',
    sql: callbackIndex,
  },
  {
    // The SQLite ingest writes office, kecamatan and due_at in its INSERT; the trigger derives them for other writes (issue 12 §4): see migration-440.ts.
    version: 440,
    name: 'ingest-writes-derived',
    sql: ingestWritesDerived,
  },
  {
    // The overall SLA's deadline per request, in the breached filter and the escalations (issue 13 §2), and the
    // complaints' callback list counted on its index alone (§6): see migration-450.ts.
    version: 450,
    name: 'overall-due-callback-counts',
    sql: (d) => `${overallDue(d)}\n${callbackCounts(d)}`,
  },
  {
    // The SQLite ingest adds a batch to the tallies in one grouped upsert per table; the row triggers skip its rows (issue 12 §4): see migration-460.ts.
    version: 460,
    name: 'ingest-tallies',
    sql: ingestTallies,
  },
];
