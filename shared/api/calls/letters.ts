import { z } from 'zod';
import { call } from '../define.js';
import { SubmissionId } from '../../domain/submission.js';

/** A letter as the desk sees it (no PDF bytes). */
export interface LetterInfo {
  id: string;
  submissionId: string;
  number: string;
  /** The letter's date, yyyy-mm-dd (office calendar day). */
  date: string;
  issuedAt: string;
  serviceId: string;
  serviceTitle: string;
  templateId: string;
  templateVersion: number;
  /** Who issued it (the signatory's account, as in the audit log). */
  issuedBy: string;
  /** The signed token the QR carries. */
  token: string;
  /** Whether the PDF is on disk now (a missing one is regenerated on demand and at start). */
  fileKept: boolean;
  printCount: number;
  printedAt: string | null;
  lastPrintError: string | null;
}

export interface LetterIssueResult {
  letter: LetterInfo;
  /** false when the submission already had its letter: the same letter and number, never a new one. */
  created: boolean;
}

export interface LetterPreview {
  letter: LetterInfo;
  /** The PDF for the on-screen preview; null when it is over MAX_PREVIEW_BYTES. */
  pdfBase64: string | null;
  pdfBytes: number;
}
/** Largest PDF sent for a preview (a letter is ~10-60 KB; a logo can make it larger). */
export const MAX_PREVIEW_BYTES = 3 * 1024 * 1024;

export interface LetterPrintResult {
  letter: LetterInfo;
  printer: string;
  /** CUPS's request id, when lp said it. */
  jobId: string | null;
}

export type LetterVerifyOutcome = 'valid' | 'altered' | 'unknown_office';

/** The answer of "Cek keaslian surat": no personal data, only what the QR itself carries. */
export interface LetterVerification {
  outcome: LetterVerifyOutcome;
  /** English, for logs; the screen shows the Bahasa text of the outcome. */
  message: string;
  officeCode: string | null;
  office: { desa: string; kecamatan: string } | null;
  /** Only when valid. */
  letter: { number: string; date: string; serviceId: string; serviceTitle: string } | null;
  /** Only when a NIK was given and the letter is valid. */
  nikMatches: boolean | null;
}

const BySubmission = z.object({ submissionId: SubmissionId }).strict();

export const letterCalls = {
  /** Numbers, signs and keeps the letter of a desa submission; a second call answers the same letter. */
  'letters:issue': call<LetterIssueResult>()(['letters.issue'], BySubmission),
  /** The letter and its PDF for the preview (each view is audited). */
  'letters:get': call<LetterPreview>()(['requests.read'], BySubmission),
  /** To the office's letter printer (CUPS); a failure leaves the letter issued and kept (printer_not_ready). */
  'letters:print': call<LetterPrintResult>()(['letters.issue'], BySubmission),
  /** Is this letter genuine? The kiosk screen "Cek keaslian surat" and the desk; offline. */
  'letters:verify': call<LetterVerification>()(
    ['open'],
    z
      .object({
        /** The QR's text as the scanner typed it. */
        token: z.string().trim().min(1).max(400),
        nik: z.string().regex(/^\d{16}$/, 'NIK must be 16 digits').optional(),
      })
      .strict(),
  ),
};
