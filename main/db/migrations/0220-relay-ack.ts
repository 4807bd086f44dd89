import type { Migration } from '../migration.js';

/**
 * The kecamatan relay (issue 12 §1): the first of the two acknowledgement steps. relay_id and
 * relay_at say a relay holds the submission's batch durably ("di kecamatan"); the row stays
 * 'pending' with its batch until the hub's own signed ack makes it 'delivered' ("diterima kabupaten").
 */
export const migration0220: Migration = {
  version: 220,
  name: 'relay-ack',
  up(db) {
    db.exec(`
      ALTER TABLE outbox ADD COLUMN relay_id TEXT;
      ALTER TABLE outbox ADD COLUMN relay_at TEXT;
    `);
  },
};
