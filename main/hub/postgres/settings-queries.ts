import type { SettingsDocRow, SettingsQueries } from '../settings/rows.js';
import type { Queryable } from './queries.js';

const COLS = 'scope, target, version, document, published_at';

/** Settings documents' SQL for PostgreSQL (hub migration 320). */
export function postgresSettingsQueries(db: Queryable): SettingsQueries {
  return {
    async selectSettingsDoc(scope, target) {
      const res = await db.query(`SELECT ${COLS} FROM settings_docs WHERE scope = $1 AND target = $2`, [scope, target]);
      return (res.rows[0] as SettingsDocRow | undefined) ?? null;
    },
    async upsertSettingsDoc(r) {
      await db.query(
        `INSERT INTO settings_docs (${COLS}) VALUES ($1, $2, $3, $4, $5) ` +
          'ON CONFLICT (scope, target) DO UPDATE SET version = excluded.version, document = excluded.document, published_at = excluded.published_at',
        [r.scope, r.target, r.version, r.document, r.published_at],
      );
    },
    async listSettingsDocs() {
      const res = await db.query(`SELECT ${COLS} FROM settings_docs ORDER BY scope, target`);
      return res.rows as SettingsDocRow[];
    },
  };
}
