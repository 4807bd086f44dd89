import type { Role } from '../api/access.js';
import type { SubmissionStatus } from './submission.js';

/**
 * The desa's own workflow, for services it completes itself (`completion: desa`):
 * diterima → diperiksa → (perlu dilengkapi ↔ diperiksa) → menunggu tanda tangan → selesai,
 * siap diambil → diambil; ditolak with a reason from any open state. Each move names the roles
 * that may make it and what it needs written down. Pure data and functions: the core enforces
 * it, the desk shows only the moves the user may make.
 */
export type MoveId = 'check' | 'incomplete' | 'resume' | 'approve' | 'sign' | 'return' | 'collect' | 'reject';

export interface WorkflowMove {
  id: MoveId;
  from: readonly SubmissionStatus[];
  to: SubmissionStatus;
  roles: readonly Role[];
  /** What the note must hold: what is missing (shown at the kiosk), the reason for a refusal or a return. */
  note: 'missing' | 'reason' | 'optional';
}

/** A request the hub acknowledged is 'sent'; at the desa that changes nothing of its workflow. */
const NEW: readonly SubmissionStatus[] = ['received', 'sent'];
const OPEN: readonly SubmissionStatus[] = [...NEW, 'checking', 'incomplete', 'awaiting_signature'];

export const DESA_WORKFLOW: readonly WorkflowMove[] = [
  { id: 'check', from: NEW, to: 'checking', roles: ['operator', 'verifier'], note: 'optional' },
  { id: 'incomplete', from: [...NEW, 'checking'], to: 'incomplete', roles: ['operator', 'verifier'], note: 'missing' },
  { id: 'resume', from: ['incomplete'], to: 'checking', roles: ['operator', 'verifier'], note: 'optional' },
  { id: 'approve', from: ['checking'], to: 'awaiting_signature', roles: ['verifier'], note: 'optional' },
  /** Signing issues the letter (numbered, with its QR); the request is then ready to collect. */
  { id: 'sign', from: ['awaiting_signature'], to: 'ready', roles: ['signatory'], note: 'optional' },
  { id: 'return', from: ['awaiting_signature'], to: 'checking', roles: ['signatory'], note: 'reason' },
  { id: 'collect', from: ['ready'], to: 'collected', roles: ['operator', 'verifier'], note: 'optional' },
  { id: 'reject', from: OPEN, to: 'rejected', roles: ['verifier', 'signatory'], note: 'reason' },
];

/** The desa workflow's states in their usual order (the desk's inbox columns, the kiosk timeline). */
export const DESA_STATES: readonly SubmissionStatus[] = ['received', 'checking', 'incomplete', 'awaiting_signature', 'ready', 'collected', 'rejected'];

/** States in which a request is still the desa's to finish (the inbox). */
export const DESA_OPEN_STATES: readonly SubmissionStatus[] = OPEN;

export function movesFrom(status: SubmissionStatus, role: Role | null): WorkflowMove[] {
  return DESA_WORKFLOW.filter((m) => m.from.includes(status) && (role === null || m.roles.includes(role)));
}

export function findMove(id: MoveId): WorkflowMove {
  return DESA_WORKFLOW.find((m) => m.id === id)!;
}

export type MoveProblem = 'not_from_here' | 'role' | 'note_required';

/** Why this role may not make this move from this status now (null: it may). */
export function moveProblem(move: WorkflowMove, status: SubmissionStatus, role: Role, note: string | null): MoveProblem | null {
  if (!move.from.includes(status)) return 'not_from_here';
  if (!move.roles.includes(role)) return 'role';
  if (move.note !== 'optional' && (note ?? '').trim().length < 3) return 'note_required';
  return null;
}
