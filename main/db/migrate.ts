import type { Database } from 'better-sqlite3';
import type { Migration } from './migration.js';

export class NewerDatabaseError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `database schema version ${found} was written by a newer Anjungan (this one supports up to ${supported}); ` +
        'refusing to open it. Update Anjungan or point --data at another folder.',
    );
    this.name = 'NewerDatabaseError';
  }
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Throws NewerDatabaseError before anything is written when the file is from the future. */
export function assertNotNewer(db: Database, migrations: readonly Migration[]): void {
  const found = schemaVersion(db);
  const supported = latestVersion(migrations);
  if (found > supported) throw new NewerDatabaseError(found, supported);
}

/**
 * Runs every pending migration in one transaction: either the database reaches the latest
 * version or it stays exactly as it was. Returns the versions applied.
 */
export function migrate(db: Database, migrations: readonly Migration[]): number[] {
  for (let i = 1; i < migrations.length; i++) {
    const prev = migrations[i - 1]!;
    const cur = migrations[i]!;
    if (cur.version <= prev.version) throw new Error(`migration ${cur.version} does not come after ${prev.version}`);
  }
  assertNotNewer(db, migrations);
  const from = schemaVersion(db);
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) return [];
  // Foreign keys can only be switched outside a transaction; a rebuild with them on would cascade deletes.
  const rebuild = pending.some((m) => m.rebuildsTables);
  const fkWasOn = db.pragma('foreign_keys', { simple: true }) === 1;
  if (rebuild && fkWasOn) db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const m of pending) {
        m.up(db);
        db.pragma(`user_version = ${m.version}`);
      }
      if (rebuild) {
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`migration left ${broken.length} broken foreign key reference(s); nothing was changed`);
      }
    })();
  } finally {
    if (rebuild && fkWasOn) db.pragma('foreign_keys = ON');
  }
  return pending.map((m) => m.version);
}
