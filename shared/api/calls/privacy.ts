import { z } from 'zod';
import { call } from '../define.js';
import type { SubjectReport } from '../../privacy/subject-report.js';

export type { SubjectReport, SubjectRequestEntry } from '../../privacy/subject-report.js';

export interface PurgeSummary {
  examined: number;
  purged: number;
  waitingForHub: number;
  withinRetention: number;
  dryRun: boolean;
}

/** UU 27/2022 (PDP) duties of the office (main/core/privacy). */
export const privacyCalls = {
  /**
   * What this office holds about the resident whose e-KTP was just read on this desk's reader
   * (never a typed NIK: the resident proves who they are with the card). Audited.
   */
  'privacy:subject-report': call<{ report: SubjectReport; pdfBase64: string; filename: string }>()(['requests.read'], z.object({}).strict()),
  /** Runs the retention purge now (it also runs daily); `dryRun` only counts. Audited. */
  'privacy:purge': call<PurgeSummary>()(['settings.manage'], z.object({ dryRun: z.boolean().default(false) }).strict()),
};
