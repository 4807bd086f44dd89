import Database from 'better-sqlite3';
import pg from 'pg';

/**
 * Reads rows behind the hub's back, from its SQLite file or its PostgreSQL schema. On PostgreSQL
 * sequential scans are off: the test tables are tiny, so a plan then shows the index it would use at scale.
 */
export async function rowsBehindHub<T>(target: string, sql: string): Promise<T[]> {
  if (!target.startsWith('postgres')) {
    const db = new Database(target, { readonly: true });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  }
  const u = new URL(target);
  const schema = u.searchParams.get('schema')!;
  u.searchParams.delete('schema');
  const c = new pg.Client({ connectionString: u.toString(), options: `-c search_path=${schema}` });
  await c.connect();
  try {
    await c.query('SET enable_seqscan = off');
    return (await c.query(sql)).rows as T[];
  } finally {
    await c.end();
  }
}
