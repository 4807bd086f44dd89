/** The hub's PostgreSQL schema, one SQL step per version (mirrors main/hub/sqlite/migrations.ts). */
export const HUB_PG_MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 10,
    sql: `
      CREATE TABLE devices (
        device_id text PRIMARY KEY,
        public_key bytea NOT NULL,
        label text,
        enrolled_at text NOT NULL,
        revoked_at text
      );
      CREATE TABLE enrolment_codes (
        code_hash text PRIMARY KEY,
        label text,
        created_at text NOT NULL,
        expires_at text NOT NULL,
        used_by text,
        used_at text
      );
      CREATE TABLE staging (
        batch_id text PRIMARY KEY,
        device_id text NOT NULL,
        total bigint NOT NULL,
        digest text NOT NULL,
        received bigint NOT NULL,
        started_at text NOT NULL
      );
      CREATE TABLE staging_chunks (
        batch_id text NOT NULL REFERENCES staging (batch_id) ON DELETE CASCADE,
        chunk_offset bigint NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (batch_id, chunk_offset)
      );
      CREATE TABLE batches (
        batch_id text PRIMARY KEY,
        device_id text NOT NULL,
        digest text NOT NULL,
        ack text NOT NULL,
        committed_at text NOT NULL
      );
      CREATE TABLE submissions (
        id text PRIMARY KEY,
        device_id text NOT NULL,
        batch_id text NOT NULL,
        registration_no text,
        record text NOT NULL,
        hash text NOT NULL,
        status text NOT NULL,
        received_at text NOT NULL,
        updated_at text NOT NULL
      );
      CREATE INDEX submissions_by_regno ON submissions (registration_no);
      CREATE TABLE attachments (
        submission_id text PRIMARY KEY REFERENCES submissions (id),
        name text,
        content_type text,
        data bytea NOT NULL
      );
      CREATE TABLE status_events (
        seq bigserial PRIMARY KEY,
        submission_id text NOT NULL REFERENCES submissions (id),
        device_id text NOT NULL,
        status text NOT NULL,
        note text,
        at text NOT NULL
      );
      CREATE INDEX status_events_by_device ON status_events (device_id, seq);
      CREATE TABLE forward_outbox (
        seq bigserial PRIMARY KEY,
        submission_id text NOT NULL REFERENCES submissions (id),
        adapter text NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at text NOT NULL,
        last_error text,
        delivered_at text,
        UNIQUE (submission_id, adapter)
      );
      CREATE INDEX forward_due ON forward_outbox (state, next_attempt_at);
    `,
  },
];
