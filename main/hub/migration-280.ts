import type { SqlDialect } from './backend.js';

/** The final states of a request: the dashboards count a request finished when it reaches one. */
const FINAL = "('done', 'rejected', 'collected')";

/**
 * Hub migration 280 (issue 13 §2, §3, §6):
 * - `complaints`: where a pengaduan / kritik & saran stands in its own flow (SP4N-LAPOR!): the
 *   kabupaten admin verifies, holds, declines (not our authority) or archives it, dispatches it to
 *   an agency, which follows it up. A complaint without a row is new.
 * - `submissions.service_id`: the service, taken from the record once (the inbox filtered on the
 *   record's JSON, which does not scale to millions of rows), and the indexes the inbox pages on.
 * - `hub_tally`: requests received, finished and finished within their SLA per WIB day, per service
 *   and per office (desa), kept by triggers, so a dashboard reads days, not millions of rows.
 *   In SQL the SLA needs working days: `hub_calendar` numbers the working days (wd(to) - wd(from)
 *   is the count) and `hub_service_sla` holds each service's days; the hub writes both at start
 *   (from shared/domain/holidays.ts and the catalogue), so a holiday added later counts from then on.
 */
export function complaintsAndDashboards(d: SqlDialect): string {
  const common = `
    CREATE TABLE complaints (
      submission_id TEXT PRIMARY KEY REFERENCES submissions (id),
      state TEXT NOT NULL CHECK (state IN ('new', 'verified', 'held', 'not_authority', 'archived', 'dispatched', 'followed_up')),
      agency_id TEXT,
      note TEXT,
      state_since TEXT NOT NULL,
      updated_by TEXT NOT NULL
    )${d.tableOptions};
    CREATE INDEX complaints_by_agency ON complaints (agency_id, state);
    CREATE TABLE hub_calendar (
      day TEXT PRIMARY KEY,
      wd INTEGER NOT NULL
    )${d.tableOptions};
    CREATE TABLE hub_service_sla (
      service_id TEXT PRIMARY KEY,
      days INTEGER NOT NULL
    )${d.tableOptions};
    CREATE TABLE hub_tally (
      dim TEXT NOT NULL CHECK (dim IN ('service', 'office')),
      day TEXT NOT NULL,
      key TEXT NOT NULL,
      received ${d.bigint} NOT NULL DEFAULT 0,
      finished ${d.bigint} NOT NULL DEFAULT 0,
      in_sla ${d.bigint} NOT NULL DEFAULT 0,
      PRIMARY KEY (dim, day, key)
    )${d.tableOptions};
  `;
  if (d.kind === 'sqlite') {
    const day = (col: string) => `date(${col}, '+7 hours')`;
    const office = `coalesce((SELECT min(k.office_code) FROM letter_keys k WHERE k.device_id = NEW.device_id), '?')`;
    const inSla = `CASE WHEN (SELECT c.wd FROM hub_calendar c WHERE c.day = ${day('NEW.updated_at')}) - (SELECT c.wd FROM hub_calendar c WHERE c.day = ${day('NEW.received_at')})
        <= coalesce((SELECT v.days FROM hub_service_sla v WHERE v.service_id = NEW.service_id), 10) THEN 1 ELSE 0 END`;
    return `
      ALTER TABLE submissions ADD COLUMN service_id TEXT GENERATED ALWAYS AS (CAST(json_extract(record, '$.serviceId') AS TEXT)) VIRTUAL;
      CREATE INDEX submissions_by_received ON submissions (received_at, id);
      CREATE INDEX submissions_by_service ON submissions (service_id, status, received_at);
      CREATE INDEX submissions_by_state_clock ON submissions (status, coalesce(state_since, received_at));
      ${common}
      INSERT INTO hub_tally (dim, day, key, received)
        SELECT 'service', ${day('received_at')}, coalesce(service_id, '?'), count(*) FROM submissions GROUP BY 2, 3;
      INSERT INTO hub_tally (dim, day, key, received)
        SELECT 'office', ${day('s.received_at')}, coalesce((SELECT min(k.office_code) FROM letter_keys k WHERE k.device_id = s.device_id), '?'), count(*) FROM submissions s GROUP BY 2, 3;
      CREATE TRIGGER hub_tally_received AFTER INSERT ON submissions BEGIN
        INSERT INTO hub_tally (dim, day, key, received) VALUES ('service', ${day('NEW.received_at')}, coalesce(NEW.service_id, '?'), 1)
          ON CONFLICT (dim, day, key) DO UPDATE SET received = received + 1;
        INSERT INTO hub_tally (dim, day, key, received) SELECT 'office', ${day('NEW.received_at')}, ${office}, 1 WHERE true
          ON CONFLICT (dim, day, key) DO UPDATE SET received = received + 1;
      END;
      CREATE TRIGGER hub_tally_finished AFTER UPDATE OF status ON submissions
        WHEN NEW.status IN ${FINAL} AND OLD.status NOT IN ${FINAL} BEGIN
        INSERT INTO hub_tally (dim, day, key, finished, in_sla) SELECT 'service', ${day('NEW.updated_at')}, coalesce(NEW.service_id, '?'), 1, coalesce(${inSla}, 0) WHERE true
          ON CONFLICT (dim, day, key) DO UPDATE SET finished = finished + 1, in_sla = in_sla + excluded.in_sla;
        INSERT INTO hub_tally (dim, day, key, finished, in_sla) SELECT 'office', ${day('NEW.updated_at')}, ${office}, 1, coalesce(${inSla}, 0) WHERE true
          ON CONFLICT (dim, day, key) DO UPDATE SET finished = finished + 1, in_sla = in_sla + excluded.in_sla;
      END;
    `;
  }
  const day = (col: string) => `((${col})::timestamptz AT TIME ZONE 'UTC' + interval '7 hours')::date::text`;
  const officeOf = (dev: string) => `coalesce((SELECT min(k.office_code) FROM letter_keys k WHERE k.device_id = ${dev}), '?')`;
  // Upserts in key order, so two ingesting transactions never wait on each other in a circle.
  const bump = (rows: string, cols: string, set: string) => `
    INSERT INTO hub_tally (dim, day, key, ${cols}) SELECT * FROM (${rows}) x ORDER BY 1, 2, 3
      ON CONFLICT (dim, day, key) DO UPDATE SET ${set}`;
  return `
    ALTER TABLE submissions ADD COLUMN service_id TEXT GENERATED ALWAYS AS ((record::json ->> 'serviceId')) STORED;
    CREATE INDEX submissions_by_received ON submissions (received_at, id);
    CREATE INDEX submissions_by_service ON submissions (service_id, status, received_at);
    -- The SLA breach filter: each open state's clock (since when it is in its state).
    CREATE INDEX submissions_by_state_clock ON submissions (status, coalesce(state_since, received_at));
    ${common}
    ${bump(
      `SELECT 'service'::text, ${day('received_at')}, coalesce(service_id, '?'), count(*) FROM submissions GROUP BY 2, 3
       UNION ALL SELECT 'office'::text, ${day('s.received_at')}, ${officeOf('s.device_id')}, count(*) FROM submissions s GROUP BY 2, 3`,
      'received',
      'received = hub_tally.received + excluded.received',
    )};
    -- One statement's rows at once (a batch is one INSERT): a tally row per key, not per submission.
    CREATE FUNCTION hub_tally_received() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      WITH r AS (SELECT ${day('n.received_at')} AS d, coalesce(n.service_id, '?') AS s, ${officeOf('n.device_id')} AS o FROM new_rows n)
      ${bump(`SELECT 'service'::text, d, s, count(*) FROM r GROUP BY d, s UNION ALL SELECT 'office'::text, d, o, count(*) FROM r GROUP BY d, o`, 'received', 'received = hub_tally.received + excluded.received')};
      RETURN NULL;
    END $$;
    CREATE TRIGGER hub_tally_received AFTER INSERT ON submissions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hub_tally_received();
    CREATE FUNCTION hub_tally_finished() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE ok integer := 0; d text := ${day('NEW.updated_at')};
    BEGIN
      SELECT CASE WHEN t.wd - f.wd <= coalesce((SELECT v.days FROM hub_service_sla v WHERE v.service_id = NEW.service_id), 10) THEN 1 ELSE 0 END INTO ok
        FROM hub_calendar t, hub_calendar f WHERE t.day = d AND f.day = ${day('NEW.received_at')};
      ${bump(`SELECT 'service'::text, d, coalesce(NEW.service_id, '?'), 1, coalesce(ok, 0) UNION ALL SELECT 'office'::text, d, ${officeOf('NEW.device_id')}, 1, coalesce(ok, 0)`, 'finished, in_sla', 'finished = hub_tally.finished + 1, in_sla = hub_tally.in_sla + excluded.in_sla')};
      RETURN NULL;
    END $$;
    CREATE TRIGGER hub_tally_finished AFTER UPDATE OF status ON submissions FOR EACH ROW
      WHEN (NEW.status IN ${FINAL} AND OLD.status NOT IN ${FINAL}) EXECUTE FUNCTION hub_tally_finished();
  `;
}
