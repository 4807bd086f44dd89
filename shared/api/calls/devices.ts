import { z } from 'zod';
import { call } from '../define.js';
import { CardSource, PartialBiodata, Biodata } from '../../devices/biodata.js';
import { DevicesStatus } from '../../devices/state.js';
import type { NikResult } from '../../domain/nik.js';
import { SubmissionId } from '../../domain/submission.js';

export const PrintJobState = z.enum(['queued', 'printing', 'printed', 'failed']);
export type PrintJobState = z.infer<typeof PrintJobState>;

export const PrintJob = z.object({
  id: z.string(),
  /** The request whose receipt this is; null for a queue ticket printed alone (then ticketId). */
  submissionId: z.string().nullable(),
  ticketId: z.string().nullable(),
  state: PrintJobState,
  /** Why it is waiting or failed, English (e.g. "printer not ready: paper_out"). */
  reason: z.string().nullable(),
  attempts: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  printedAt: z.string().nullable(),
});
export type PrintJob = z.infer<typeof PrintJob>;

/** The core builds the receipt itself from the stored request, the catalogue and the office. */
export const PrintReceiptRequest = z.object({ submissionId: SubmissionId }).strict();

export interface ManualCardResult {
  validation: NikResult;
  /** What the NIK alone tells: nik, jenis kelamin, tanggal lahir (only when valid). */
  biodata: PartialBiodata | null;
}

export const deviceCalls = {
  'devices:status': call<DevicesStatus>()(['open'], z.object({}).strict()),
  /** A typed NIK (manual driver), optionally with the UID of a UID-only card to remember. */
  'card:manual': call<ManualCardResult>()(
    ['resident', 'requests.create'],
    z.object({ nik: z.string().max(40), uid: z.string().regex(/^[0-9A-Fa-f]{8,20}$/).optional() }).strict(),
  ),
  /** A resident may print only the receipt of a request made in their own session. */
  'print:receipt': call<PrintJob>()(['resident', 'print.manage'], PrintReceiptRequest),
  'print:jobs': call<{ items: PrintJob[] }>()(['print.manage'], z.object({ limit: z.number().int().min(1).max(200).default(20) }).strict()),
  'print:reprint': call<PrintJob>()(['print.manage'], z.object({ submissionId: SubmissionId }).strict()),
};

export const deviceEvents = {
  'devices:status': DevicesStatus,
  'card:present': z.object({}),
  'card:removed': z.object({}),
  'card:read': z.object({ biodata: z.union([Biodata, PartialBiodata]), source: CardSource }),
  /** A UID-only card that is not known yet: ask the resident for the NIK once. */
  'card:need-nik': z.object({ uid: z.string() }),
  'print:job': z.object({ job: PrintJob }),
};
