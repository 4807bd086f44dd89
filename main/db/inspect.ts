import { dirname } from 'node:path';
import type { DbKey } from './keys/db-key.js';
import { resolveStoredKey } from './keys/key-ref.js';
import { latestVersion, schemaVersion } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { openSqliteFile } from './open.js';
import { verifyAuditChain, type AuditChainReport } from './queries/audit.js';

export interface StoreInspection {
  /** PRAGMA user_version of the file. */
  version: number;
  /** The newest schema this Anjungan knows. */
  latest: number;
  /** PRAGMA integrity_check: ['ok'] when healthy. */
  integrity: string[];
  /** The audit log's hash chain (null before schema 60, which introduced it). */
  audit: AuditChainReport | null;
}

/** Reads a store file without writing anything (read-only open, no migration): for `anjungan doctor`. */
export function inspectStoreFile(path: string, key: DbKey | undefined = resolveStoredKey(dirname(path))): StoreInspection {
  const db = openSqliteFile(path, { readonly: true, key });
  try {
    const version = schemaVersion(db);
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    const audit = version >= 60 && integrity[0] === 'ok' ? verifyAuditChain(db) : null;
    return { version, latest: latestVersion(MIGRATIONS), integrity, audit };
  } finally {
    db.close();
  }
}
