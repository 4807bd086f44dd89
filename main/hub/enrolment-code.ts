import { createHash } from 'node:crypto';

/** What the hub keeps of a one-time enrolment code (never the code itself). */
export function hashEnrolmentCode(code: string): string {
  return createHash('sha256').update(`anjungan-enrol:${code.trim().toUpperCase()}`).digest('hex');
}
