import { HUB_STATE_SLA_DAYS } from '../../shared/domain/hub-workflow.js';
import type { SqlDialect } from './backend.js';

/**
 * Hub migration 310 (issue 13 §6): the inbox's kecamatan and SLA-breach filters on an index.
 * Both were computed per row (the device's office through letter_keys, each open state's clock
 * against its cutoff), which cost over a second at a million requests. Now each submission keeps:
 * - `office_code` and `kecamatan` (its first 8 characters, "36.04.05"): the device's office, from
 *   the letter key it published; set on insert, and when a device publishes its key later.
 * - `due_at`: the instant its current state's SLA runs out (null in a final state), so "breached"
 *   is `due_at <= now` on a partial index over the open requests only (a few percent of the rows).
 *   Breached means what the console computes (shared/domain/hub-workflow.ts): in the state since a
 *   WIB day S, breached from the day after the n-th working day after S, 00:00 WIB, which is that
 *   n-th working day at 17:00 UTC. `hub_calendar` numbers the working days (migration 280), so the
 *   n-th working day after S is the first day whose number is wd(S) + n. `hub_state_sla` holds each
 *   open state's n, seeded here and rewritten by the hub at start (console/dashboard.ts), which also
 *   re-derives the open requests' due_at whenever the calendar or those days change.
 * Triggers keep the columns, so every write path (ingest, device statuses, console moves, the
 * CLI) stays as it was.
 */
/** PostgreSQL: the instant a request in `status` since `since` (SQL expressions) breaches its state's SLA; null in a final state. */
export function postgresDueAt(status: string, since: string): string {
  const day = `((${since})::timestamptz AT TIME ZONE 'UTC' + interval '7 hours')::date::text`;
  return `(SELECT c.day || 'T17:00:00.000Z' FROM hub_calendar c
      WHERE c.wd = (SELECT f.wd FROM hub_calendar f WHERE f.day = ${day}) + (SELECT v.days FROM hub_state_sla v WHERE v.status = ${status})
      ORDER BY c.wd, c.day LIMIT 1)`;
}

/** SQLite: the triggers that keep office, kecamatan and due_at, with `due(row)` the deadline's expression (this migration's, or 420's). */
export function sqliteDueTriggers(due: (row: string) => string): string {
  const office = `(SELECT min(k.office_code) FROM letter_keys k WHERE k.device_id = NEW.device_id)`;
  return `
      CREATE TRIGGER submissions_derive AFTER INSERT ON submissions BEGIN
        UPDATE submissions SET office_code = ${office}, kecamatan = substr(${office}, 1, 8), due_at = ${due('NEW')}
          WHERE rowid = NEW.rowid;
      END;
      CREATE TRIGGER submissions_due AFTER UPDATE OF status, state_since, received_at ON submissions BEGIN
        UPDATE submissions SET due_at = ${due('NEW')} WHERE rowid = NEW.rowid;
      END;`;
}

export function inboxFilterColumns(d: SqlDialect): string {
  const seed = Object.entries(HUB_STATE_SLA_DAYS)
    .map(([status, days]) => `('${status}', ${Number(days)})`)
    .join(', ');
  const common = `
    ALTER TABLE submissions ADD COLUMN office_code TEXT;
    ALTER TABLE submissions ADD COLUMN kecamatan TEXT;
    ALTER TABLE submissions ADD COLUMN due_at TEXT;
    CREATE TABLE hub_state_sla (
      status TEXT PRIMARY KEY,
      days INTEGER NOT NULL
    )${d.tableOptions};
    INSERT INTO hub_state_sla (status, days) VALUES ${seed};
    CREATE INDEX hub_calendar_by_wd ON hub_calendar (wd, day);
  `;
  const indexes = `
    CREATE INDEX submissions_by_device ON submissions (device_id);
    CREATE INDEX submissions_by_kecamatan ON submissions (kecamatan, received_at, id);
    -- The complaints' lists (a few services, oldest first) and their capped counts.
    CREATE INDEX submissions_by_service_received ON submissions (service_id, received_at, id);
    CREATE INDEX submissions_open_by_received ON submissions (received_at, id) WHERE due_at IS NOT NULL;
    CREATE INDEX submissions_open_by_kecamatan ON submissions (kecamatan, received_at, id) WHERE due_at IS NOT NULL;
    CREATE INDEX submissions_open_by_service ON submissions (service_id, received_at, id) WHERE due_at IS NOT NULL;
  `;
  if (d.kind === 'sqlite') {
    const due = (row: string) => `(SELECT c.day || 'T17:00:00.000Z' FROM hub_calendar c
        WHERE c.wd = (SELECT f.wd FROM hub_calendar f WHERE f.day = date(coalesce(${row}.state_since, ${row}.received_at), '+7 hours'))
                   + (SELECT v.days FROM hub_state_sla v WHERE v.status = ${row}.status)
        ORDER BY c.wd, c.day LIMIT 1)`;
    const office = (dev: string) => `(SELECT min(k.office_code) FROM letter_keys k WHERE k.device_id = ${dev})`;
    return `
      ${common}
      UPDATE submissions SET office_code = ${office('submissions.device_id')};
      UPDATE submissions SET kecamatan = substr(office_code, 1, 8), due_at = ${due('submissions')};
      ${indexes}
      ${sqliteDueTriggers(due)}
      CREATE TRIGGER letter_keys_office AFTER INSERT ON letter_keys BEGIN
        UPDATE submissions SET office_code = NEW.office_code, kecamatan = substr(NEW.office_code, 1, 8)
          WHERE device_id = NEW.device_id AND (office_code IS NULL OR office_code > NEW.office_code);
      END;
    `;
  }
  const due = (row: string) => postgresDueAt(`${row}.status`, `coalesce(${row}.state_since, ${row}.received_at)`);
  const office = (dev: string) => `(SELECT min(k.office_code) FROM letter_keys k WHERE k.device_id = ${dev})`;
  return `
    ${common}
    UPDATE submissions s SET office_code = k.office_code, kecamatan = substr(k.office_code, 1, 8)
      FROM (SELECT device_id, min(office_code) AS office_code FROM letter_keys GROUP BY device_id) k WHERE k.device_id = s.device_id;
    UPDATE submissions s SET due_at = ${due('s')} WHERE s.status IN (SELECT status FROM hub_state_sla);
    ${indexes}
    CREATE FUNCTION submissions_derive() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      -- The hub's ingest computes both once per batch in its INSERT (postgres/queries.ts): a lookup per row tripled its cost.
      IF TG_OP = 'INSERT' AND (NEW.office_code IS NOT NULL OR NEW.due_at IS NOT NULL) THEN
        RETURN NEW;
      END IF;
      IF TG_OP = 'INSERT' THEN
        NEW.office_code := ${office('NEW.device_id')};
        NEW.kecamatan := substr(NEW.office_code, 1, 8);
      END IF;
      NEW.due_at := ${due('NEW')};
      RETURN NEW;
    END $$;
    CREATE TRIGGER submissions_derive BEFORE INSERT OR UPDATE OF status, state_since, received_at ON submissions
      FOR EACH ROW EXECUTE FUNCTION submissions_derive();
    CREATE FUNCTION letter_keys_office() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      UPDATE submissions SET office_code = NEW.office_code, kecamatan = substr(NEW.office_code, 1, 8)
        WHERE device_id = NEW.device_id AND (office_code IS NULL OR office_code > NEW.office_code);
      RETURN NULL;
    END $$;
    CREATE TRIGGER letter_keys_office AFTER INSERT ON letter_keys FOR EACH ROW EXECUTE FUNCTION letter_keys_office();
    -- Without fresh statistics the planner takes "due_at <= now" for a third of the table, not the few open ones.
    ANALYZE submissions;
  `;
}
