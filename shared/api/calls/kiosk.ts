import { z } from 'zod';
import { call } from '../define.js';
import type { IkmReport } from '../../catalogue/skm.js';
import { RequestDraft, type Applicant } from '../../domain/request.js';
import type { LetterVerification } from './letters.js';
import { SubmissionId, type StatusEntry, type SubmissionStatus } from '../../domain/submission.js';

const Nik = z.string().regex(/^\d{16}$/, 'NIK must be 16 digits');

/** The kiosk's submit: the one request model (shared/domain/request.ts), entered by the resident. */
export const KioskSubmitRequest = RequestDraft;
export type KioskSubmitRequest = RequestDraft;
export type { Applicant };

/** What the receipt screen shows and the printer prints. */
export interface KioskReceipt {
  submissionId: string;
  registrationNo: string;
  trackingCode: string;
  queueNo: string;
  serviceId: string;
  serviceTitle: string;
  requirements: string[];
  sla: string;
  completion: 'desa' | 'forward';
  forwardTo: string | null;
  createdAt: string;
}

/**
 * The status screen. Looked up by the tracking code (random, from the receipt's QR): initials
 * and service, and the full identity only when the applicant's own e-KTP was read by this
 * kiosk's reader in this visit. Looked up by the registration number (which can be guessed):
 * `limited`, the state and its dates only, nothing that tells whose request it is.
 */
export interface KioskStatusView {
  limited: boolean;
  registrationNo: string;
  trackingCode: string;
  serviceId: string;
  serviceTitle: string;
  initials: string;
  status: SubmissionStatus;
  history: StatusEntry[];
  createdAt: string;
  updatedAt: string;
  /** Latest moment any status arrived from the hub (null: never reached). */
  lastHubContactAt: string | null;
  /** Whether this submission has reached the hub (outbox delivered). */
  delivered: boolean;
  /**
   * The two steps of its delivery (issue 12 §1): held by the kecamatan's relay ("di kecamatan",
   * only when it went through one) and acknowledged by the hub ("diterima kabupaten").
   */
  relayAt: string | null;
  deliveredAt: string | null;
  /** Only when the request carried the NIK of the e-KTP just tapped, and it matches the applicant. */
  identity: { nama: string; alamat: string } | null;
  identityMismatch: boolean;
}

/** letters:verify's answer without the NIK check: nothing about the person the letter is for. */
export type KioskLetterVerification = Omit<LetterVerification, 'nikMatches'>;

const Score = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);

export const kioskCalls = {
  /** The durable submit of the kiosk: validated against the catalogue, with queue number and consent in the same transaction. */
  'kiosk:submit': call<KioskReceipt>()(['resident'], KioskSubmitRequest),
  /** The receipt of a stored submission again (for a reprint). */
  'kiosk:receipt': call<KioskReceipt>()(['resident'], z.object({ submissionId: SubmissionId }).strict()),
  'kiosk:status': call<KioskStatusView>()(
    ['resident'],
    z
      .object({
        code: z.string().trim().min(1).max(40),
        /** NIK from a card read on the status screen: reveals the full identity only if it matches. */
        cardNik: Nik.optional(),
      })
      .strict(),
  ),
  'kiosk:survey': call<{ id: string }>()(
    ['resident'],
    z
      .object({
        id: z.string().uuid(),
        submissionId: SubmissionId.optional(),
        serviceId: z.string().min(1).max(80),
        scores: z.object({ u1: Score, u2: Score, u3: Score, u4: Score, u5: Score, u6: Score, u7: Score, u8: Score, u9: Score }).partial().strict(),
      })
      .strict(),
  ),
  /** IKM (PermenPAN-RB 14/2017) over [from, to): default the current calendar year. */
  'kiosk:ikm': call<IkmReport & { from: string; to: string }>()(
    ['reports.read'],
    z.object({ from: z.string().datetime().optional(), to: z.string().datetime().optional() }).strict(),
  ),
  /**
   * "Cek keaslian surat" at the kiosk: the scanned QR's verdict, offline. Rate-limited like
   * kiosk:status; answers only what the QR carries (never whether a NIK matches).
   */
  'kiosk:verify-letter': call<KioskLetterVerification>()(['resident'], z.object({ token: z.string().trim().min(1).max(400) }).strict()),
  /** The kiosk wiped a resident's session: the core drops anything it holds of that resident (last card read). */
  'kiosk:end-session': call<{ cleared: true }>()(['resident'], z.object({}).strict()),
  /** Whether the core still holds anything of a resident in memory (for the privacy test and the operator). */
  'kiosk:session-probe': call<{ holdsResidentData: boolean }>()(['resident', 'devices.manage'], z.object({}).strict()),
};
