import { createHash } from 'node:crypto';
import { auditHashInput, type AuditRow } from '../../shared/domain/audit-chain.js';

/** SHA-256 (hex) of a row chained to the previous row's hash. */
export function auditHash(prevHash: string, row: AuditRow): string {
  return createHash('sha256').update(auditHashInput(prevHash, row)).digest('hex');
}
