import { z } from 'zod';

/**
 * Where a submission is on its way from the desa to the agency (OPD). The kiosk shows these as
 * a timeline: diterima di desa, dikirim, diterima OPD, diproses, selesai / ditolak.
 */
export const SubmissionStatus = z.enum(['received', 'sent', 'accepted', 'processing', 'done', 'rejected']);
export type SubmissionStatus = z.infer<typeof SubmissionStatus>;

export const FINAL_STATUSES: readonly SubmissionStatus[] = ['done', 'rejected'];

/** A client-generated UUID (v4 or v7): the submission's identity everywhere, for ever. */
export const SubmissionId = z.string().uuid();

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
