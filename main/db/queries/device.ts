import type { Database } from 'better-sqlite3';

/** This device's identity: made once at first start and never changed. */
export function deviceQueries(db: Database) {
  const get = db.prepare<[], { device_id: string; created_at: string }>(
    'SELECT device_id, created_at FROM device WHERE singleton = 1',
  );
  const insert = db.prepare('INSERT OR IGNORE INTO device (singleton, device_id, created_at) VALUES (1, ?, ?)');
  return {
    /** Returns the stored id, creating it with `newId` the first time. */
    ensure(newId: () => string): string {
      const row = get.get();
      if (row) return row.device_id;
      insert.run(newId(), new Date().toISOString());
      return get.get()!.device_id;
    },
  };
}
export type DeviceQueries = ReturnType<typeof deviceQueries>;
