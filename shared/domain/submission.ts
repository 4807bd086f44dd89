import { z } from 'zod';

/**
 * Where a request is, in one vocabulary for the desa's own services and the agencies' (OPD):
 * - received: diterima di desa (stored at the kiosk or desk)
 * - sent: dikirim ke kabupaten (the hub acknowledged it)
 * - accepted / verified / processing / done: at the agency: diterima OPD, diverifikasi, diproses, selesai
 * - checking / awaiting_signature / ready / collected: at the desa: diperiksa, menunggu tanda tangan,
 *   selesai dan siap diambil, sudah diambil
 * - incomplete: perlu dilengkapi (the note says what is missing); rejected: ditolak (the note says why)
 * The workflows (shared/domain/workflow.ts) say which moves are allowed and by whom.
 */
export const SUBMISSION_STATUSES = [
  'received',
  'sent',
  'accepted',
  'checking',
  'verified',
  'incomplete',
  'awaiting_signature',
  'processing',
  'done',
  'ready',
  'collected',
  'rejected',
] as const;
export const SubmissionStatus = z.enum(SUBMISSION_STATUSES);
export type SubmissionStatus = z.infer<typeof SubmissionStatus>;

/** Nothing follows these (a ready letter still waits to be collected, so 'ready' is not final). */
export const FINAL_STATUSES: readonly SubmissionStatus[] = ['done', 'collected', 'rejected'];

/**
 * A client-generated UUID (v4 or v7): the submission's identity everywhere, for ever. Always
 * lower case, so the same UUID typed in another case is the same submission, never a second one.
 */
export const SubmissionId = z
  .string()
  .uuid()
  .transform((id) => id.toLowerCase());

export const ServiceRef = z.object({
  serviceId: z
    .string()
    .min(1)
    .max(80)
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case service id such as ktp-el-baru'),
  serviceVersion: z.number().int().min(1),
});

/** Answers are plain JSON; the service's own schema (catalogue) validates their content. */
export const SubmissionPayload = z.record(z.string(), z.unknown());
export type SubmissionPayload = z.infer<typeof SubmissionPayload>;

export interface StatusEntry {
  status: SubmissionStatus;
  note: string | null;
  at: string;
  /** Who set it: this device, or the hub (an agency's back office). */
  source: 'local' | 'hub';
}

export interface Submission {
  id: string;
  registrationNo: string;
  trackingCode: string;
  serviceId: string;
  serviceVersion: number;
  payload: SubmissionPayload;
  status: SubmissionStatus;
  createdAt: string;
  updatedAt: string;
}

export interface SubmissionSummary {
  id: string;
  registrationNo: string;
  trackingCode: string;
  serviceId: string;
  status: SubmissionStatus;
  createdAt: string;
}
