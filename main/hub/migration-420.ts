import type { SqlDialect } from './backend.js';
import { sqliteDueTriggers } from './migration-310.js';

/**
 * Hub migration 420 (issue 13 §2): the SLA per state is the service's own. A service's
 * `hubWorkflow.sla.states` in the catalogue (shared/catalogue/schema.ts) overrides the hub's days
 * per open state (HUB_STATE_SLA_DAYS, `hub_state_sla`); `hub_service_state_sla` holds only those
 * overrides, written by the hub at start and after every publication (console/dashboard.ts
 * syncReference). Each request's `due_at` (migration 310) is computed from its service's days
 * when present, else the hub's: on insert and on every change of state, by the same triggers as
 * before, so every write path (ingest, console moves, device statuses, the CLI) follows.
 *
 * A change of a service's SLA applies to the moves made after it: a request already in a state
 * keeps the deadline it got when it entered it (what an agency expects: the clock an officer
 * was working to does not jump under them), and its next state gets the new days. Nothing is
 * re-dated here either: the table starts empty, so every row keeps its due date.
 */
export function postgresDaysOf(status: string, service: string): string {
  return `coalesce((SELECT o.days FROM hub_service_state_sla o WHERE o.service_id = ${service} AND o.status = ${status}),
      (SELECT v.days FROM hub_state_sla v WHERE v.status = ${status}))`;
}

/** PostgreSQL: the instant a request of `service` in `status` since `since` (SQL expressions) breaches its state's SLA; null in a final state. */
export function postgresDueAtFor(status: string, since: string, service: string): string {
  const day = `((${since})::timestamptz AT TIME ZONE 'UTC' + interval '7 hours')::date::text`;
  return `(SELECT c.day || 'T17:00:00.000Z' FROM hub_calendar c
      WHERE c.wd = (SELECT f.wd FROM hub_calendar f WHERE f.day = ${day}) + ${postgresDaysOf(status, service)}
      ORDER BY c.wd, c.day LIMIT 1)`;
}

export function serviceStateSla(d: SqlDialect): string {
  const common = `
    CREATE TABLE hub_service_state_sla (
      service_id TEXT NOT NULL,
      status TEXT NOT NULL,
      days INTEGER NOT NULL,
      PRIMARY KEY (service_id, status)
    )${d.tableOptions};
    -- The breached filter's capped counts (the escalations, "terlambat") on the open requests' deadlines only:
    -- at 1M submissions the count read every open row from the table (125 ms, 60,000 rows, growing with it);
    -- on these it is an index-only range scan that stops at the cap (6 ms).
    CREATE INDEX submissions_open_by_due ON submissions (due_at, service_id) WHERE due_at IS NOT NULL;
    CREATE INDEX submissions_open_by_kecamatan_due ON submissions (kecamatan, due_at, office_code) WHERE due_at IS NOT NULL;
    -- The overdue complaints (verified or dispatched too long ago): from their state, not from every complaint.
    CREATE INDEX complaints_by_state_since ON complaints (state, state_since);
  `;
  if (d.kind === 'sqlite') {
    const due = (row: string) => `(SELECT c.day || 'T17:00:00.000Z' FROM hub_calendar c
        WHERE c.wd = (SELECT f.wd FROM hub_calendar f WHERE f.day = date(coalesce(${row}.state_since, ${row}.received_at), '+7 hours'))
                   + coalesce((SELECT o.days FROM hub_service_state_sla o WHERE o.service_id = ${row}.service_id AND o.status = ${row}.status),
                              (SELECT v.days FROM hub_state_sla v WHERE v.status = ${row}.status))
        ORDER BY c.wd, c.day LIMIT 1)`;
    return `
      ${common}
      DROP TRIGGER submissions_derive;
      DROP TRIGGER submissions_due;
      ${sqliteDueTriggers(due)}
    `;
  }
  // In a BEFORE trigger the generated service_id is not computed yet: the service is read from the record.
  const due = postgresDueAtFor('NEW.status', 'coalesce(NEW.state_since, NEW.received_at)', "(NEW.record::json ->> 'serviceId')");
  const office = `(SELECT min(k.office_code) FROM letter_keys k WHERE k.device_id = NEW.device_id)`;
  return `
    ${common}
    CREATE OR REPLACE FUNCTION submissions_derive() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      -- The hub's ingest computes both once per batch in its INSERT (postgres/queries.ts): a lookup per row tripled its cost.
      IF TG_OP = 'INSERT' AND (NEW.office_code IS NOT NULL OR NEW.due_at IS NOT NULL) THEN
        RETURN NEW;
      END IF;
      IF TG_OP = 'INSERT' THEN
        NEW.office_code := ${office};
        NEW.kecamatan := substr(NEW.office_code, 1, 8);
      END IF;
      NEW.due_at := ${due};
      RETURN NEW;
    END $$;
  `;
}
