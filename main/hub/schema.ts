import type { HubBackend } from './backend.js';
import { HUB_MIGRATIONS, type HubMigration } from './migrations.js';

export class NewerHubSchemaError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `hub database schema version ${found} was written by a newer Anjungan (this one supports up to ${supported}); ` +
        'refusing to open it. Update Anjungan or point --db at another database.',
    );
    this.name = 'NewerHubSchemaError';
  }
}

function latestOf(migrations: readonly HubMigration[]): number {
  for (let i = 1; i < migrations.length; i++) {
    const prev = migrations[i - 1]!;
    const cur = migrations[i]!;
    if (cur.version <= prev.version) throw new Error(`hub migration ${cur.version} does not come after ${prev.version}`);
  }
  return migrations.at(-1)?.version ?? 0;
}

/**
 * Brings a hub database to the latest schema, the same way on both backends: the version
 * lives in the table hub_schema, and every pending step runs in one transaction, so the
 * database either reaches the latest version or stays as it was. A database newer than this
 * code is refused (NewerHubSchemaError) and left as it was. Returns the versions applied.
 */
export async function migrateHub(backend: HubBackend, migrations: readonly HubMigration[] = HUB_MIGRATIONS): Promise<number[]> {
  const latest = latestOf(migrations);
  return backend.transaction(async (q) => {
    await q.prepareSchema();
    const recorded = await q.recordedSchemaVersion();
    const legacy = await q.legacySchemaVersion();
    const current = Math.max(recorded, legacy);
    if (current > latest) throw new NewerHubSchemaError(current, latest);
    // A SQLite hub made before hub_schema existed: adopt the version it recorded the old way.
    if (legacy > recorded) await q.recordSchemaVersion(legacy);
    const pending = migrations.filter((m) => m.version > current);
    for (const m of pending) {
      await q.execute(m.sql(backend.dialect));
      await q.recordSchemaVersion(m.version);
    }
    return pending.map((m) => m.version);
  });
}
