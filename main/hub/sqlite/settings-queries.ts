import type { SettingsDocRow, SettingsQueries } from '../settings/rows.js';
import type { SqliteStatements } from './statements.js';

const COLS = 'scope, target, version, document, published_at';

/** Settings documents' SQL for SQLite (hub migration 320). */
export function sqliteSettingsQueries({ statement, all }: SqliteStatements): SettingsQueries {
  return {
    async selectSettingsDoc(scope, target) {
      return (statement(`SELECT ${COLS} FROM settings_docs WHERE scope = ? AND target = ?`).get(scope, target) as SettingsDocRow | undefined) ?? null;
    },
    async upsertSettingsDoc(r) {
      statement(
        `INSERT INTO settings_docs (${COLS}) VALUES (?, ?, ?, ?, ?) ` +
          'ON CONFLICT (scope, target) DO UPDATE SET version = excluded.version, document = excluded.document, published_at = excluded.published_at',
      ).run(r.scope, r.target, r.version, r.document, r.published_at);
    },
    async listSettingsDocs() {
      return all<SettingsDocRow>(`SELECT ${COLS} FROM settings_docs ORDER BY scope, target`);
    },
  };
}
