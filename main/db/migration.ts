import type { Database } from 'better-sqlite3';

/** One numbered schema step. Numbers go up in tens and never change once released. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
