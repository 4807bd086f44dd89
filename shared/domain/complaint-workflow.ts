import type { HubRole } from './hub-workflow.js';
import type { SubmissionStatus } from './submission.js';

/**
 * Complaints (pengaduan, kritik & saran) at the hub, in the spirit of SP4N-LAPOR!: the kabupaten
 * admin verifies a new complaint within 3 working days (verify, hold for more information, not our
 * authority, archive), dispatches a verified one to an agency (OPD), and that agency follows it
 * up within 5 working days. Each step reaches the resident's "Cek status" as an ordinary status
 * with a note that names the step (older kiosks know every status used here).
 */
export const COMPLAINT_STATES = ['new', 'verified', 'held', 'not_authority', 'archived', 'dispatched', 'followed_up'] as const;
export type ComplaintState = (typeof COMPLAINT_STATES)[number];
export const COMPLAINT_OPEN: readonly ComplaintState[] = ['new', 'held', 'verified', 'dispatched'];

export type ComplaintMoveId = 'verify' | 'hold' | 'not_authority' | 'archive' | 'dispatch' | 'follow_up';
export const COMPLAINT_MOVE_IDS = ['verify', 'hold', 'not_authority', 'archive', 'dispatch', 'follow_up'] as const;

export interface ComplaintMove {
  id: ComplaintMoveId;
  from: readonly ComplaintState[];
  to: ComplaintState;
  /** admin: the kabupaten admin; agency: staff of the agency it was dispatched to. */
  by: 'admin' | 'agency';
  noteRequired: boolean;
  /** What the resident sees at the kiosk. */
  kiosk: { status: SubmissionStatus; prefix: string };
}

export const COMPLAINT_MOVES: readonly ComplaintMove[] = [
  { id: 'verify', from: ['new', 'held'], to: 'verified', by: 'admin', noteRequired: false, kiosk: { status: 'verified', prefix: 'Pengaduan diverifikasi admin kabupaten' } },
  { id: 'hold', from: ['new'], to: 'held', by: 'admin', noteRequired: true, kiosk: { status: 'incomplete', prefix: 'Pengaduan ditunda, mohon lengkapi keterangan' } },
  { id: 'not_authority', from: ['new', 'held', 'verified'], to: 'not_authority', by: 'admin', noteRequired: true, kiosk: { status: 'rejected', prefix: 'Bukan kewenangan Pemerintah Kabupaten' } },
  { id: 'archive', from: ['new', 'held', 'verified'], to: 'archived', by: 'admin', noteRequired: true, kiosk: { status: 'done', prefix: 'Pengaduan diarsipkan' } },
  { id: 'dispatch', from: ['verified'], to: 'dispatched', by: 'admin', noteRequired: false, kiosk: { status: 'processing', prefix: 'Pengaduan diteruskan ke' } },
  { id: 'follow_up', from: ['dispatched'], to: 'followed_up', by: 'agency', noteRequired: true, kiosk: { status: 'done', prefix: 'Tindak lanjut' } },
];

/** Working days each open state may last before it is flagged and escalated. null: the clock waits on the resident. */
export const COMPLAINT_SLA_DAYS: Record<ComplaintState, number | null> = {
  new: 3,
  held: null,
  verified: 3,
  dispatched: 5,
  not_authority: null,
  archived: null,
  followed_up: null,
};

export type ComplaintMoveProblem = 'unknown_move' | 'role' | 'not_from_here' | 'note_required' | 'agency_required';

/** Why `role` may not make `moveId` from `state` (null: it may). `ownAgency`: the complaint was dispatched to the caller's agency. */
export function complaintMoveProblem(moveId: string, state: ComplaintState, role: HubRole, ownAgency: boolean, note: string | null, agencyId: string | null): ComplaintMoveProblem | null {
  const m = COMPLAINT_MOVES.find((x) => x.id === moveId);
  if (!m) return 'unknown_move';
  if (m.by === 'admin' ? role !== 'admin' : role === 'admin' || !ownAgency) return 'role';
  if (!m.from.includes(state)) return 'not_from_here';
  if (m.noteRequired && (note ?? '').trim().length === 0) return 'note_required';
  if (m.id === 'dispatch' && !agencyId) return 'agency_required';
  return null;
}

/** The note the resident reads at the kiosk for this step. */
export function complaintKioskNote(moveId: ComplaintMoveId, note: string | null, agencyName: string | null): string {
  const m = COMPLAINT_MOVES.find((x) => x.id === moveId)!;
  const head = m.id === 'dispatch' ? `${m.kiosk.prefix} ${agencyName ?? 'OPD terkait'}` : m.kiosk.prefix;
  const text = note?.trim();
  return text ? `${head}: ${text}` : `${head}.`;
}

export function complaintMovesFrom(state: ComplaintState, role: HubRole, ownAgency: boolean): ComplaintMove[] {
  return COMPLAINT_MOVES.filter((m) => m.from.includes(state) && (m.by === 'admin' ? role === 'admin' : role !== 'admin' && ownAgency));
}

/**
 * The callback a resident asked for in the complaint's answers (the shipped form: mauDihubungi = ya, noHp); a kiosk's payload holds them under `answers`.
 * The hub's complaints query filters on the same rule in SQL (hub migration 430): change both together.
 */
export function callbackPhone(payload: unknown): string | null {
  const outer = payload as Record<string, unknown> | null;
  if (!outer || typeof outer !== 'object') return null;
  const inner = outer['answers'];
  const p = inner && typeof inner === 'object' ? (inner as Record<string, unknown>) : outer;
  const wants = p['mauDihubungi'];
  const phone = p['noHp'] ?? p['telepon'] ?? p['phone'];
  if (!(wants === 'ya' || wants === true) || typeof phone !== 'string') return null;
  // Spaces only (not tabs or other white space), as SQL's trim: the keypad types none of the others.
  const number = phone.replace(/^ +| +$/g, '');
  return /^[+0-9][0-9 -]{5,20}$/.test(number) ? number : null;
}
