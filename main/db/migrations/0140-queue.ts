import type { Migration } from '../migration.js';

const STATES = `'issued', 'called', 'serving', 'done', 'no_show', 'cancelled', 'transferred'`;

/**
 * The queue (issue 11 §1):
 * - queue_counters: the counters (loket) the admin set, each with the service groups it serves.
 * - queue_tickets: one row per ticket with every timestamp; `grp`+`number` is the printed label
 *   (A-012, numbered per office day and group), `queue_grp` the queue it waits in now (a
 *   transfer to another group moves it there, the label stays). `version` rises with every
 *   move; the hub keeps the highest it was sent (`synced_version` is what it acknowledged).
 * - queue_moves: append-only history of every move (who, when, at which counter).
 * - queue_tally: report histograms (office day, per counter or per WIB hour, waiting or serving
 *   seconds in buckets, no-shows), written in the move's transaction so a report over a
 *   million tickets reads tallies, not tickets.
 * - queue_state_tally: tickets per office day by state and by lane, kept by triggers.
 * - queue_board: the running text (one row).
 * - print_jobs is rebuilt so a job prints either a request's receipt or a ticket alone.
 */
export const migration0140: Migration = {
  version: 140,
  name: 'queue',
  rebuildsTables: true,
  up(db) {
    db.exec(`
      CREATE TABLE queue_counters (
        number INTEGER PRIMARY KEY CHECK (number BETWEEN 1 AND 20),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
        groups TEXT NOT NULL CHECK (json_valid(groups) AND json_type(groups) = 'array'),
        active INTEGER NOT NULL CHECK (active IN (0, 1)),
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE queue_tickets (
        id TEXT PRIMARY KEY,
        day TEXT NOT NULL,
        grp TEXT NOT NULL CHECK (length(grp) = 1),
        number INTEGER NOT NULL CHECK (number >= 1),
        queue_grp TEXT NOT NULL CHECK (length(queue_grp) = 1),
        lane TEXT NOT NULL CHECK (lane IN ('none', 'lansia', 'disabilitas', 'ibu_hamil')),
        state TEXT NOT NULL CHECK (state IN (${STATES})),
        source TEXT NOT NULL CHECK (source IN ('kiosk', 'desk')),
        submission_id TEXT REFERENCES submissions (id),
        counter INTEGER,
        target_counter INTEGER,
        calls INTEGER NOT NULL DEFAULT 0,
        transfers INTEGER NOT NULL DEFAULT 0,
        issued_at TEXT NOT NULL,
        waiting_since TEXT NOT NULL,
        called_at TEXT,
        serving_at TEXT,
        ended_at TEXT,
        version INTEGER NOT NULL DEFAULT 1,
        synced_version INTEGER NOT NULL DEFAULT 0,
        UNIQUE (day, grp, number)
      ) STRICT;
      CREATE INDEX queue_tickets_waiting ON queue_tickets (day, queue_grp, waiting_since) WHERE state IN ('issued', 'transferred');
      CREATE INDEX queue_tickets_at_counter ON queue_tickets (counter) WHERE state IN ('called', 'serving');
      CREATE INDEX queue_tickets_by_submission ON queue_tickets (submission_id) WHERE submission_id IS NOT NULL;
      CREATE INDEX queue_tickets_unsynced ON queue_tickets (issued_at) WHERE version > synced_version;
      CREATE INDEX queue_tickets_by_day ON queue_tickets (day);

      CREATE TABLE queue_moves (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        ticket_id TEXT NOT NULL REFERENCES queue_tickets (id),
        move TEXT NOT NULL CHECK (move IN ('issue', 'call', 'recall', 'start', 'finish', 'no_show', 'transfer', 'cancel')),
        from_state TEXT,
        to_state TEXT NOT NULL CHECK (to_state IN (${STATES})),
        counter INTEGER,
        detail TEXT CHECK (detail IS NULL OR json_valid(detail)),
        actor TEXT NOT NULL,
        at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX queue_moves_by_ticket ON queue_moves (ticket_id, seq);
      CREATE INDEX queue_moves_calls ON queue_moves (at) WHERE move IN ('call', 'recall');
      CREATE TRIGGER queue_moves_no_update BEFORE UPDATE ON queue_moves BEGIN SELECT RAISE(ABORT, 'queue_moves is append-only'); END;
      CREATE TRIGGER queue_moves_no_delete BEFORE DELETE ON queue_moves BEGIN SELECT RAISE(ABORT, 'queue_moves is append-only'); END;

      CREATE TABLE queue_tally (
        day TEXT NOT NULL,
        dim TEXT NOT NULL CHECK (dim IN ('counter', 'hour')),
        key TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('wait', 'serve', 'no_show')),
        bucket INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (day, dim, key, kind, bucket)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE queue_state_tally (
        day TEXT NOT NULL,
        dim TEXT NOT NULL CHECK (dim IN ('state', 'lane')),
        key TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (day, dim, key)
      ) STRICT, WITHOUT ROWID;
      CREATE TRIGGER queue_state_tally_insert AFTER INSERT ON queue_tickets BEGIN
        INSERT INTO queue_state_tally (day, dim, key, n) VALUES (NEW.day, 'state', NEW.state, 1), (NEW.day, 'lane', NEW.lane, 1)
          ON CONFLICT (day, dim, key) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER queue_state_tally_update AFTER UPDATE OF state ON queue_tickets WHEN OLD.state IS NOT NEW.state BEGIN
        UPDATE queue_state_tally SET n = n - 1 WHERE day = OLD.day AND dim = 'state' AND key = OLD.state;
        INSERT INTO queue_state_tally (day, dim, key, n) VALUES (NEW.day, 'state', NEW.state, 1)
          ON CONFLICT (day, dim, key) DO UPDATE SET n = n + 1;
      END;

      CREATE TABLE queue_board (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        running_text TEXT NOT NULL CHECK (length(running_text) <= 300),
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE print_jobs_next (
        id TEXT PRIMARY KEY,
        submission_id TEXT REFERENCES submissions (id),
        ticket_id TEXT REFERENCES queue_tickets (id),
        state TEXT NOT NULL CHECK (state IN ('queued', 'printing', 'printed', 'failed')),
        reason TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        receipt TEXT NOT NULL CHECK (json_valid(receipt)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        printed_at TEXT,
        CHECK ((submission_id IS NULL) <> (ticket_id IS NULL))
      ) STRICT;
      INSERT INTO print_jobs_next (id, submission_id, ticket_id, state, reason, attempts, receipt, created_at, updated_at, printed_at)
        SELECT id, submission_id, NULL, state, reason, attempts, receipt, created_at, updated_at, printed_at FROM print_jobs;
      DROP TABLE print_jobs;
      ALTER TABLE print_jobs_next RENAME TO print_jobs;
      CREATE INDEX print_jobs_by_state ON print_jobs (state, created_at);
      CREATE INDEX print_jobs_by_submission ON print_jobs (submission_id, created_at);
      CREATE INDEX print_jobs_by_ticket ON print_jobs (ticket_id) WHERE ticket_id IS NOT NULL;
    `);
  },
};
