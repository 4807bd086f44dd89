import type { Database } from 'better-sqlite3';

/** One numbered schema step. Numbers go up in tens and never change once released. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
  /**
   * Rebuilds tables (new table, copy, drop, rename: SQLite's way to change a CHECK). The runner
   * then turns foreign keys off around the transaction, as SQLite's procedure requires, and
   * checks them before committing.
   */
  rebuildsTables?: boolean;
}
