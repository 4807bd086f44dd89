import type { Database, Statement } from 'better-sqlite3';

/** Prepared on first use (after the migrations made the tables) and kept, one cache per hub file. */
export interface SqliteStatements {
  statement(sql: string): Statement;
  one<T>(sql: string, ...params: unknown[]): T | null;
  all<T>(sql: string, ...params: unknown[]): T[];
}

export function sqliteStatements(db: Database): SqliteStatements {
  const prepared = new Map<string, Statement>();
  const statement = (sql: string): Statement => {
    let s = prepared.get(sql);
    if (!s) prepared.set(sql, (s = db.prepare(sql)));
    return s;
  };
  return {
    statement,
    one: <T>(sql: string, ...params: unknown[]): T | null => (statement(sql).get(...params) as T | undefined) ?? null,
    all: <T>(sql: string, ...params: unknown[]): T[] => statement(sql).all(...params) as T[],
  };
}
