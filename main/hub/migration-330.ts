import type { SqlDialect } from './backend.js';

// What a device reports of itself on its status page (issue 13 §5): its backlog, its version
// and the skew of its clock against the hub's, for the console's device list.
export function deviceReports(d: SqlDialect): string {
  return `
      ALTER TABLE devices ADD COLUMN reported_backlog ${d.bigint};
      ALTER TABLE devices ADD COLUMN reported_version TEXT;
      ALTER TABLE devices ADD COLUMN reported_at TEXT;
      ALTER TABLE devices ADD COLUMN clock_skew_ms ${d.bigint};
    `;
}
