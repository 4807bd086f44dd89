import type { Migration } from '../migration.js';

/**
 * UU 27/2022 (PDP) at the kiosk: when the purge job (main/core/privacy) minimises a finished,
 * acknowledged request whose retention period has passed, it stamps purged_at. The partial index
 * holds only finished requests not yet minimised (the final states of shared/domain/submission.ts
 * as they are today, written out: a migration never changes), paged by id by the daily look.
 */
export const migration0200: Migration = {
  version: 200,
  name: 'privacy',
  up(db) {
    db.exec(`
      ALTER TABLE submissions ADD COLUMN purged_at TEXT;
      CREATE INDEX submissions_purge_due ON submissions (id) WHERE purged_at IS NULL AND status IN ('done', 'collected', 'rejected');
    `);
  },
};
