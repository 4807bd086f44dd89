import { canonicalJson } from './canonical-json.js';

/** One audit row as it is chained (what the hash covers). */
export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  detail: unknown;
  deviceId: string | null;
}

/** The text hashed for a row: the previous row's hash, then the row's own fields in a fixed form. */
export function auditHashInput(prevHash: string, row: AuditRow): string {
  return `anjungan-audit-v1\n${prevHash}\n${canonicalJson({ ...row, detail: row.detail ?? null })}`;
}

/** The hash before the first row. */
export const AUDIT_GENESIS = '0'.repeat(64);
