/**
 * The data-subject report (UU 27/2022): what one office holds about one resident and why, as
 * the desk shows it and the PDF prints it. Built by main/core/privacy/subject-report.ts.
 */
export interface SubjectRequestEntry {
  registrationNo: string;
  serviceTitle: string;
  /** ISO time it was made. */
  createdAt: string;
  status: string;
  /** Kinds of data held, in Bahasa Indonesia ("NIK", "Nama", "Alamat", "Jawaban: Usaha apa…"). */
  dataHeld: string[];
  /** Why: the service's purpose, and who receives it. */
  purpose: string;
  recipient: string;
  /** Whether the kabupaten's hub has it. */
  sentToHub: boolean;
  /** How long it is kept here, and on what basis. */
  retention: string;
  /** The consent statement the resident accepted, and when (null for a record without one). */
  consent: { statementVersion: string; at: string } | null;
  letterNumber: string | null;
  /** How many times staff opened, moved or printed it (from the audit log). */
  accessCount: number;
}

export interface SubjectReport {
  /** Masked: the first six and last four digits (the PDF is handed to the resident; the desk saw the card). */
  nikMasked: string;
  generatedAt: string;
  office: string;
  requests: SubjectRequestEntry[];
  /** Card UIDs this device remembers for the NIK (UID-only readers). */
  cardUids: number;
}

export function maskNik(nik: string): string {
  return nik.length === 16 ? `${nik.slice(0, 6)}******${nik.slice(12)}` : '****************';
}
