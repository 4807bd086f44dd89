import { HUB_OPEN_STATES } from '../../shared/domain/hub-workflow.js';
import type { SqlDialect } from './backend.js';

/**
 * Hub migration 460 (issue 12 §4, lan): the SQLite ingest keeps the tallies once per batch. The
 * row triggers `hub_tally_received` (migration 280: two upserts, by service and by office) and
 * `hub_open_tally_insert` (410: one) ran three upserts per inserted submission, most of the
 * ingest's commit after the indexes. Now they skip a row while `hub_ingest_tallying` holds its
 * one row, which the ingest writes and deletes around its own INSERTs inside its own
 * transaction (no other connection ever sees it: SQLite has one writer, and the row is gone by
 * COMMIT), and the ingest then adds its inserted rows to both tallies in one grouped upsert each
 * (main/hub/sqlite/ingest-insert.ts). Every other write path (console moves, device statuses,
 * the CLI, a USB stick that does not go through the ingest, a row written by hand) tallies by
 * trigger as before. The bodies are 280's and 410's, unchanged. PostgreSQL's triggers are already
 * per statement with transition tables (one grouped upsert per batch): nothing to change there.
 * tests/node/hub/hub-migration-460.test.ts proves the ingest's tallies equal the triggers'.
 */
export const INGEST_TALLYING_TABLE = 'hub_ingest_tallying';

export function ingestTallies(d: SqlDialect): string {
  if (d.kind !== 'sqlite') return 'SELECT 1;';
  const open = `(${HUB_OPEN_STATES.map((s) => `'${s}'`).join(', ')})`;
  const day = (col: string) => `date(${col}, '+7 hours')`;
  const office = `coalesce((SELECT min(k.office_code) FROM letter_keys k WHERE k.device_id = NEW.device_id), '?')`;
  const byTrigger = `NOT EXISTS (SELECT 1 FROM ${INGEST_TALLYING_TABLE})`;
  return `
    CREATE TABLE ${INGEST_TALLYING_TABLE} (one INTEGER PRIMARY KEY CHECK (one = 1))${d.tableOptions};
    DROP TRIGGER hub_tally_received;
    CREATE TRIGGER hub_tally_received AFTER INSERT ON submissions WHEN ${byTrigger} BEGIN
      INSERT INTO hub_tally (dim, day, key, received) VALUES ('service', ${day('NEW.received_at')}, coalesce(NEW.service_id, '?'), 1)
        ON CONFLICT (dim, day, key) DO UPDATE SET received = received + 1;
      INSERT INTO hub_tally (dim, day, key, received) SELECT 'office', ${day('NEW.received_at')}, ${office}, 1 WHERE true
        ON CONFLICT (dim, day, key) DO UPDATE SET received = received + 1;
    END;
    DROP TRIGGER hub_open_tally_insert;
    CREATE TRIGGER hub_open_tally_insert AFTER INSERT ON submissions WHEN NEW.status IN ${open} AND ${byTrigger} BEGIN
      INSERT INTO hub_open_tally (service_id, day, n) VALUES (coalesce(NEW.service_id, '?'), substr(NEW.received_at, 1, 10), 1)
        ON CONFLICT (service_id, day) DO UPDATE SET n = n + 1;
    END;
  `;
}
