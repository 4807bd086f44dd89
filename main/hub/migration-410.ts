import { HUB_OPEN_STATES } from '../../shared/domain/hub-workflow.js';
import type { SqlDialect } from './backend.js';

/**
 * Hub migration 410 (issue 13 §6): the dashboards' backlog by age from a tally, not from the open
 * requests themselves. Counting them cost 370–500 ms at 3M submissions (120,000 open), and grows
 * with the backlog. `hub_open_tally` holds, per service and UTC day of receipt, how many requests
 * are open now; triggers keep it on insert and on every change of state (or of receipt time), so
 * every write path (ingest, console moves, device statuses, the CLI) stays as it was. The age
 * buckets are then read by receipt day: a few thousand rows whatever the number of requests.
 */
export function openTally(d: SqlDialect): string {
  const open = `(${HUB_OPEN_STATES.map((s) => `'${s}'`).join(', ')})`;
  const common = `
    CREATE TABLE hub_open_tally (
      service_id TEXT NOT NULL,
      day TEXT NOT NULL,
      n ${d.bigint} NOT NULL DEFAULT 0,
      PRIMARY KEY (service_id, day)
    )${d.tableOptions};
    INSERT INTO hub_open_tally (service_id, day, n)
      SELECT coalesce(service_id, '?'), substr(received_at, 1, 10), count(*) FROM submissions WHERE status IN ${open} GROUP BY 1, 2;
  `;
  if (d.kind === 'sqlite') {
    return `
      ${common}
      CREATE TRIGGER hub_open_tally_insert AFTER INSERT ON submissions WHEN NEW.status IN ${open} BEGIN
        INSERT INTO hub_open_tally (service_id, day, n) VALUES (coalesce(NEW.service_id, '?'), substr(NEW.received_at, 1, 10), 1)
          ON CONFLICT (service_id, day) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER hub_open_tally_update AFTER UPDATE OF status, received_at ON submissions
        WHEN OLD.status IS NOT NEW.status OR OLD.received_at IS NOT NEW.received_at BEGIN
        UPDATE hub_open_tally SET n = n - 1
          WHERE OLD.status IN ${open} AND service_id = coalesce(OLD.service_id, '?') AND day = substr(OLD.received_at, 1, 10);
        INSERT INTO hub_open_tally (service_id, day, n) SELECT coalesce(NEW.service_id, '?'), substr(NEW.received_at, 1, 10), 1 WHERE NEW.status IN ${open}
          ON CONFLICT (service_id, day) DO UPDATE SET n = n + 1;
      END;
    `;
  }
  return `
    ${common}
    CREATE FUNCTION hub_open_tally_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      INSERT INTO hub_open_tally (service_id, day, n)
        SELECT coalesce(service_id, '?'), substr(received_at, 1, 10), count(*) FROM new_rows WHERE status IN ${open} GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (service_id, day) DO UPDATE SET n = hub_open_tally.n + excluded.n;
      RETURN NULL;
    END $$;
    CREATE TRIGGER hub_open_tally_insert AFTER INSERT ON submissions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hub_open_tally_insert();
    CREATE FUNCTION hub_open_tally_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      IF OLD.status IN ${open} THEN
        UPDATE hub_open_tally SET n = n - 1 WHERE service_id = coalesce(OLD.service_id, '?') AND day = substr(OLD.received_at, 1, 10);
      END IF;
      IF NEW.status IN ${open} THEN
        INSERT INTO hub_open_tally (service_id, day, n) VALUES (coalesce(NEW.service_id, '?'), substr(NEW.received_at, 1, 10), 1)
          ON CONFLICT (service_id, day) DO UPDATE SET n = hub_open_tally.n + 1;
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER hub_open_tally_update AFTER UPDATE OF status, received_at ON submissions FOR EACH ROW
      WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.received_at IS DISTINCT FROM NEW.received_at) EXECUTE FUNCTION hub_open_tally_update();
  `;
}
