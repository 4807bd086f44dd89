import type { Database } from 'better-sqlite3';
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DbKey } from './keys/db-key.js';
import { resolveStoredKey } from './keys/key-ref.js';
import { schemaVersion } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { openDatabase } from './open.js';
import { auditQueries } from './queries/audit.js';
import { cardUidQueries } from './queries/card-uids.js';
import { deviceQueries } from './queries/device.js';
import { kioskQueries } from './queries/kiosk.js';
import { letterQueries } from './queries/letters.js';
import { printJobQueries } from './queries/print-jobs.js';
import { privacyQueries } from './queries/privacy.js';
import { queueQueries } from './queries/queue.js';
import { refreshWorkCalendar, reportQueries } from './queries/reports.js';
import { searchIndexer, searchQueries, type SearchIndexer } from './queries/search.js';
import { settingsQueries } from './queries/settings.js';
import { submissionQueries } from './queries/submissions.js';
import { statusOutboxQueries } from './queries/status-outbox.js';
import { syncQueries } from './queries/sync.js';
import { userQueries } from './queries/users.js';

export const DATABASE_FILE = 'anjungan.sqlite';

/**
 * The device's store: one SQLite file, reached only through these query modules (one per table
 * group). Nothing outside main/db/ sees the database handle.
 */
export interface Store {
  readonly path: string;
  readonly device: ReturnType<typeof deviceQueries>;
  readonly settings: ReturnType<typeof settingsQueries>;
  readonly submissions: ReturnType<typeof submissionQueries>;
  readonly audit: ReturnType<typeof auditQueries>;
  readonly printJobs: ReturnType<typeof printJobQueries>;
  readonly cardUids: ReturnType<typeof cardUidQueries>;
  readonly kiosk: ReturnType<typeof kioskQueries>;
  readonly sync: ReturnType<typeof syncQueries>;
  readonly users: ReturnType<typeof userQueries>;
  readonly statusOutbox: ReturnType<typeof statusOutboxQueries>;
  /** Letters (surat): numbering, the letters, their keys (main/core/letters). */
  readonly letters: ReturnType<typeof letterQueries>;
  /** The register search (NIK, name, codes, phone); its index is kept by the write paths above. */
  readonly search: ReturnType<typeof searchQueries>;
  /** The office's reports (tallies of migration 0130, SKM answers). */
  readonly reports: ReturnType<typeof reportQueries>;
  /** UU PDP: retention purge and the data-subject report (migration 0200). */
  readonly privacy: ReturnType<typeof privacyQueries>;
  /** The queue (migration 0140): counters, tickets, moves, report tallies, running text. */
  readonly queue: ReturnType<typeof queueQueries>;
  /** Runs `fn` in one transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T;
  /** PRAGMA integrity_check (slow: the doctor) and quick_check (cheap: the health probe). */
  integrityCheck(): string[];
  quickCheck(): string[];
  schemaVersion(): number;
  close(): void;
}

export interface StoreKeyOptions {
  /** The SQLCipher key. Absent: the one the folder's db-key.json names (main/db/keys/key-ref.ts), or none (a plain store). */
  key?: DbKey;
}

/** The store of a data folder: <data>/anjungan.sqlite. The folder is private to this user (0700). */
export function openStore(dataDir: string, options: StoreKeyOptions = {}): Store {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  return openStoreFile(join(dataDir, DATABASE_FILE), options);
}

/** A store file anywhere (the CLI's --db), created and migrated if needed. */
export function openStoreFile(path: string, options: StoreKeyOptions = {}): Store {
  const db = openDatabase(path, { migrations: MIGRATIONS, key: options.key ?? resolveStoredKey(dirname(path)) });
  return storeOn(path, db);
}

function storeOn(path: string, db: Database): Store {
  const check = (pragma: 'integrity_check' | 'quick_check'): string[] =>
    (db.pragma(pragma) as Record<string, string>[]).map((r) => r[pragma]!);
  // Every write that adds a searchable submission indexes it in its own transaction.
  let indexer: SearchIndexer | undefined;
  const index: SearchIndexer = { add: (id, payload) => (indexer ??= searchIndexer(db)).add(id, payload) };
  refreshWorkCalendar(db);
  const store = {
    path,
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    integrityCheck: () => check('integrity_check'),
    quickCheck: () => check('quick_check'),
    schemaVersion: () => schemaVersion(db),
    close: () => db.close(),
  };
  // Each query group prepares its statements when first used, not at open: `anjungan sync`
  // (timed as a whole process, start included: issue 12 §4) then prepares the sync queries only.
  return withLazyGroups(store, {
    device: () => deviceQueries(db),
    settings: () => settingsQueries(db),
    submissions: () => submissionQueries(db, index),
    audit: () => auditQueries(db),
    printJobs: () => printJobQueries(db),
    cardUids: () => cardUidQueries(db),
    kiosk: () => kioskQueries(db),
    sync: () => syncQueries(db, index),
    users: () => userQueries(db),
    statusOutbox: () => statusOutboxQueries(db),
    letters: () => letterQueries(db),
    search: () => searchQueries(db),
    reports: () => reportQueries(db),
    privacy: () => privacyQueries(db),
    queue: () => queueQueries(db),
  });
}

/** `target` with one read-only, enumerable property per factory, built on first read and kept. */
function withLazyGroups<T extends object, G extends Record<string, () => unknown>>(target: T, groups: G): T & { readonly [K in keyof G]: ReturnType<G[K]> } {
  for (const [name, make] of Object.entries(groups)) {
    let value: unknown;
    let made = false;
    Object.defineProperty(target, name, {
      enumerable: true,
      get: () => {
        if (!made) {
          value = make();
          made = true;
        }
        return value;
      },
    });
  }
  return target as T & { readonly [K in keyof G]: ReturnType<G[K]> };
}
