import type { SqlDialect } from './backend.js';

// Settings pushed from the hub (issue 15): the newest signed document per office and per
// device; a publish replaces it with the next version (devices adopt only a newer one).
export function settingsPush(d: SqlDialect): string {
  return `
      CREATE TABLE settings_docs (
        scope TEXT NOT NULL CHECK (scope IN ('office', 'device')),
        target TEXT NOT NULL,
        version ${d.bigint} NOT NULL,
        document TEXT NOT NULL,
        published_at TEXT NOT NULL,
        PRIMARY KEY (scope, target)
      )${d.tableOptions};
    `;
}
