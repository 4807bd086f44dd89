import { z } from 'zod';
import { Nik } from '../devices/biodata.js';
import { ServiceRef, SubmissionId } from './submission.js';

/**
 * The request a resident makes, at the kiosk or through an operator at the desk: one model,
 * validated by the core against the catalogue, stored as the submission's payload and carried
 * to the hub as it is. Old payloads (before this model) fail `StoredRequest` and are shown as
 * records without a request (see `requestOf`).
 */

/** Who applies, from the e-KTP or typed. Only what the office needs. */
export const Applicant = z
  .object({
    nik: Nik,
    nama: z.string().trim().min(3).max(120),
    alamat: z.string().trim().min(5).max(240),
    /** How the applicant was identified: the e-KTP on the reader, or a typed NIK. */
    source: z.enum(['card', 'manual']),
    tempatLahir: z.string().max(80).optional(),
    tanggalLahir: z.string().max(10).optional(),
    jenisKelamin: z.string().max(20).optional(),
    rt: z.string().max(3).optional(),
    rw: z.string().max(3).optional(),
    kelDesa: z.string().max(80).optional(),
    kecamatan: z.string().max(80).optional(),
  })
  .strict();
export type Applicant = z.infer<typeof Applicant>;

/** Where a request was entered: the resident alone at a kiosk, or an operator at the desk. */
export const Channel = z.enum(['kiosk', 'desk']);
export type Channel = z.infer<typeof Channel>;

const FieldAnswers = z
  .record(z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/, 'answer keys are field ids'), z.string().max(2000))
  .refine((a) => Object.keys(a).length <= 30, 'at most 30 answers');

/** What the kiosk or the desk sends: the resident's own words and choices, nothing the core decides. */
export const RequestDraft = ServiceRef.extend({
  /** Made by the client, so a retried submit after a lost answer is harmless. */
  id: SubmissionId,
  applicant: Applicant,
  answers: FieldAnswers,
  /** Requirement ids the resident said they brought (unknown ids are dropped by the core). */
  requirementsChecked: z.array(z.string().max(80)).max(20).default([]),
  consent: z.object({ accepted: z.boolean(), statementVersion: z.string().min(1).max(40) }).strict(),
}).strict();
export type RequestDraft = z.input<typeof RequestDraft>;
export type ParsedRequestDraft = z.output<typeof RequestDraft>;

/** The operator who entered a desk request (null at the kiosk). */
export const Operator = z.object({ username: z.string().min(1).max(60), name: z.string().min(1).max(120) }).strict();
export type Operator = z.infer<typeof Operator>;

/** The stored request: the draft's content, checked, plus what the core adds in the same transaction. */
export const StoredRequest = z
  .object({
    applicant: Applicant,
    answers: FieldAnswers,
    requirementsChecked: z.array(z.string().max(80)).max(20),
    consent: z.object({ accepted: z.literal(true), statementVersion: z.string().min(1).max(40), at: z.string() }).strict(),
    channel: Channel,
    operator: Operator.nullable(),
    /** e.g. B-001: the service group's letter and the day's sequence. */
    queueNo: z.string().min(3).max(12),
  })
  .strict();
export type StoredRequest = z.infer<typeof StoredRequest>;

/** The request inside a stored payload, or null for a record that is not one (e.g. imported lines). */
export function requestOf(payload: unknown): StoredRequest | null {
  const r = StoredRequest.safeParse(payload);
  return r.success ? r.data : null;
}
