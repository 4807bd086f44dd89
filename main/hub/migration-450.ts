import type { SqlDialect } from './backend.js';
import { postgresDueAtFor } from './migration-420.js';

/**
 * Hub migration 450 (issue 13 §2): the overall SLA in the breached filter and the escalations.
 * A request past its service's overall SLA (working days since receipt, `hub_service_sla`, written by
 * the hub from the catalogue's hubWorkflow.sla.overall or sla.days) but still within its state's was
 * flagged `escalated` in its detail (console/inbox.ts) and missing from the Eskalasi tab and from
 * `breached=1`, which read the stored per-state `due_at` only. Now each request also keeps
 * `overall_due_at`: the instant its overall SLA runs out (the n-th working day after its WIB receipt
 * day at 17:00 UTC, as `due_at` is from its state's), null in a final state (where `due_at` is null).
 * It is computed where `due_at` is: on insert (the ingest's INSERT on both backends, the triggers
 * otherwise), on every change of state, received_at or the calendar; a change of a service's overall
 * days re-dates its open requests (rederiveOverallDueDates; the overall clock follows the days as
 * they are now, as the console's flag always did).
 * Breached is "state due passed OR overall due passed": the earliest of the two (`breachAt`) <= now,
 * on partial indexes over the open requests only, which replace migration 420's due_at-only ones (and, on PostgreSQL,
 * 310's open requests in receipt order, rebuilt on the rows the condition proves), so the capped counts stay index-only
 * range scans that stop at the cap and a page walks the receipt order.
 */

/** The earliest of a request's two deadlines (SQL over `alias`): the same expression as the indexes', so the planners take them. */
export function breachAt(kind: SqlDialect['kind'], alias = ''): string {
  const due = `${alias}due_at`;
  const overall = `${alias}overall_due_at`;
  // PostgreSQL's least ignores a NULL; SQLite's min() returns one.
  return kind === 'sqlite' ? `min(${due}, coalesce(${overall}, ${due}))` : `least(${due}, ${overall})`;
}

/**
 * A request breached by `at` (an SQL value): open (due_at kept) and either deadline passed. On PostgreSQL the one condition
 * on the earliest deadline alone, which its statistics estimate (CREATE STATISTICS below) and which proves the partial
 * indexes' "earliest IS NOT NULL" (the same rows as "due_at IS NOT NULL": overall_due_at is null wherever due_at is);
 * "due_at IS NOT NULL AND ..." was estimated as the product of both (30 times too few rows at 2M: the planner then
 * sorted every breached request, 575 ms, instead of walking the received-order index, 0.3 ms).
 */
export function breachedBy(kind: SqlDialect['kind'], alias: string, at: string): string {
  return kind === 'sqlite' ? `(${alias}due_at IS NOT NULL AND ${breachAt(kind, alias)} <= ${at})` : `${breachAt(kind, alias)} <= ${at}`;
}

/** PostgreSQL: the instant a request of `service` received at `received` (SQL expressions) passes its overall SLA. */
export function postgresOverallDueFor(received: string, service: string): string {
  const day = `((${received})::timestamptz AT TIME ZONE 'UTC' + interval '7 hours')::date::text`;
  return `(SELECT c.day || 'T17:00:00.000Z' FROM hub_calendar c
      WHERE c.wd = (SELECT f.wd FROM hub_calendar f WHERE f.day = ${day}) + coalesce((SELECT o.days FROM hub_service_sla o WHERE o.service_id = ${service}), 10)
      ORDER BY c.wd, c.day LIMIT 1)`;
}

/** SQLite: the same, `received` and `service` SQL expressions (qualified: the subqueries have a service_id of their own). */
export function sqliteOverallDueFor(received: string, service: string): string {
  return `(SELECT c.day || 'T17:00:00.000Z' FROM hub_calendar c
      WHERE c.wd = (SELECT f.wd FROM hub_calendar f WHERE f.day = date(${received}, '+7 hours')) + coalesce((SELECT o.days FROM hub_service_sla o WHERE o.service_id = ${service}), 10)
      ORDER BY c.wd, c.day LIMIT 1)`;
}

/**
 * SQLite: the overall due of a row the ingest inserts in 'sent' at `at` with `record` (SQL values). Its own column of
 * the INSERT (sqlite/queries.ts), so it holds whether due_at comes from the AFTER INSERT trigger or from the INSERT.
 */
export function sqliteOverallDueOnInsert(at: string, record: string): string {
  return `CASE WHEN EXISTS (SELECT 1 FROM hub_state_sla st WHERE st.status = 'sent') THEN ${sqliteOverallDueFor(at, `CAST(json_extract(${record}, '$.serviceId') AS TEXT)`)} END`;
}

export function overallDue(d: SqlDialect): string {
  const at = breachAt(d.kind);
  if (d.kind === 'sqlite') {
    // The derived columns' AFTER INSERT trigger (and the ingest's INSERT) sets due_at, as every move does: each
    // write of due_at re-computes the overall due beside it, in its own trigger (the others stay as they are).
    return `
      ALTER TABLE submissions ADD COLUMN overall_due_at TEXT;
      UPDATE submissions SET overall_due_at = ${sqliteOverallDueFor('submissions.received_at', 'submissions.service_id')} WHERE due_at IS NOT NULL;
      CREATE TRIGGER submissions_overall_due AFTER UPDATE OF due_at ON submissions BEGIN
        UPDATE submissions SET overall_due_at = CASE WHEN NEW.due_at IS NOT NULL THEN ${sqliteOverallDueFor('NEW.received_at', 'NEW.service_id')} END
          WHERE rowid = NEW.rowid;
      END;
      DROP INDEX submissions_open_by_due;
      DROP INDEX submissions_open_by_kecamatan_due;
      CREATE INDEX submissions_open_by_breach ON submissions (${at}, service_id, due_at, overall_due_at) WHERE due_at IS NOT NULL;
      CREATE INDEX submissions_open_by_kecamatan_breach ON submissions (kecamatan, ${at}, office_code, due_at, overall_due_at) WHERE due_at IS NOT NULL;
    `;
  }
  // As in 420, the BEFORE trigger reads the service from the record (the generated service_id is not computed yet).
  const office = `(SELECT min(k.office_code) FROM letter_keys k WHERE k.device_id = NEW.device_id)`;
  return `
    ALTER TABLE submissions ADD COLUMN overall_due_at TEXT;
    CREATE OR REPLACE FUNCTION submissions_derive() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE svc text;
    BEGIN
      -- The hub's ingest computes them once per batch in its INSERT (postgres/queries.ts): a lookup per row tripled its cost.
      IF TG_OP = 'INSERT' AND (NEW.office_code IS NOT NULL OR NEW.due_at IS NOT NULL) THEN
        RETURN NEW;
      END IF;
      IF TG_OP = 'INSERT' THEN
        NEW.office_code := ${office};
        NEW.kecamatan := substr(NEW.office_code, 1, 8);
      END IF;
      svc := NEW.record::json ->> 'serviceId';
      NEW.due_at := ${postgresDueAtFor('NEW.status', 'coalesce(NEW.state_since, NEW.received_at)', 'svc')};
      NEW.overall_due_at := CASE WHEN NEW.due_at IS NOT NULL THEN ${postgresOverallDueFor('NEW.received_at', 'svc')} END;
      RETURN NEW;
    END $$;
    -- The open requests' indexes (310's in receipt order, 420's by deadline) on the earliest deadline's rows, which the
    -- breached condition proves (breachedBy): the same rows, the same shapes.
    DROP INDEX submissions_open_by_due;
    DROP INDEX submissions_open_by_kecamatan_due;
    DROP INDEX submissions_open_by_received;
    DROP INDEX submissions_open_by_kecamatan;
    DROP INDEX submissions_open_by_service;
    CREATE INDEX submissions_pending_by_received ON submissions (received_at, id) WHERE (${at}) IS NOT NULL;
    CREATE INDEX submissions_pending_by_kecamatan ON submissions (kecamatan, received_at, id) WHERE (${at}) IS NOT NULL;
    CREATE INDEX submissions_pending_by_service ON submissions (service_id, received_at, id) WHERE (${at}) IS NOT NULL;
    -- The two deadlines as plain columns too: an index-only scan needs every column its condition reads.
    CREATE INDEX submissions_open_by_breach ON submissions ((${at}), service_id) INCLUDE (due_at, overall_due_at) WHERE (${at}) IS NOT NULL;
    CREATE INDEX submissions_open_by_kecamatan_breach ON submissions (kecamatan, (${at}), office_code) INCLUDE (due_at, overall_due_at) WHERE (${at}) IS NOT NULL;
    -- PostgreSQL keeps no statistics of a partial index's expression: without these it takes "breached by now" for a third
    -- of the rows, whatever their deadlines.
    CREATE STATISTICS submissions_breach_at ON (${at}) FROM submissions;
    -- After the indexes, which make it a non-HOT update: before them it left HOT chains, and PostgreSQL does not use an
    -- index built over those (indcheckxmin) until every transaction older than this one has ended.
    UPDATE submissions s SET overall_due_at = ${postgresOverallDueFor('s.received_at', 's.service_id')} WHERE s.due_at IS NOT NULL;
    ANALYZE submissions;
  `;
}

/**
 * Also in 450 (issue 13 §6): the complaints' "callback only" list at scale. Migration 430's partial index holds the callbacks
 * in the list's order (received_at, id) but not their service, so the list's capped count fetched each of its 10,001 rows
 * from the table to test `service_id = ANY(...)`: 8,600 random page reads at 2M submissions (177 ms), 1.6 s at 10M. With the
 * service in the index (INCLUDE, PostgreSQL) the count is an index-only scan (16 ms at 2M, the same at any size: it stops at
 * the cap), and the page takes its ids from the index too (postgres/back-office-queries.ts) and reads only its own rows.
 * SQLite is left as it is: its index (service_id, received_at, id) holds the service, and SQLite never counts a query on
 * VIRTUAL columns (service_id, callback_phone) as covered by an index holding them (3.53: it reads each row), so no index
 * shape would spare it those reads; a hub at this scale runs on PostgreSQL.
 */
export function callbackCounts(d: SqlDialect): string {
  if (d.kind === 'sqlite') return '';
  return `
    CREATE INDEX submissions_callbacks_by_received ON submissions (received_at, id) INCLUDE (service_id) WHERE hub_callback_phone(record) IS NOT NULL;
    DROP INDEX submissions_callbacks;
  `;
}
