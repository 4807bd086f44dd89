import type { Database } from 'better-sqlite3';

/** Key/value settings stored as JSON. Validation of the values lives in the core, not here. */
export function settingsQueries(db: Database) {
  const all = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings');
  const upsert = db.prepare(
    'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ' +
      'ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  );
  return {
    readAll(): Record<string, unknown> {
      const out: Record<string, unknown> = {};
      for (const row of all.all()) out[row.key] = JSON.parse(row.value);
      return out;
    },
    writeMany(values: Record<string, unknown>): void {
      const now = new Date().toISOString();
      db.transaction(() => {
        for (const [key, value] of Object.entries(values)) upsert.run(key, JSON.stringify(value), now);
      })();
    },
  };
}
export type SettingsQueries = ReturnType<typeof settingsQueries>;
