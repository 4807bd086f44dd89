import type { SubmissionStatus } from './submission.js';
import { isWorkingDay } from './working-days.js';

/** Roles of the hub's console accounts (issue 13 §1). The kabupaten admin sees every agency. */
export const HUB_ROLES = ['officer', 'verifier', 'head', 'admin'] as const;
export type HubRole = (typeof HUB_ROLES)[number];

export type HubMoveId = 'accept' | 'verify' | 'incomplete' | 'resume' | 'process' | 'finish' | 'reject';

export interface HubMove {
  id: HubMoveId;
  from: readonly SubmissionStatus[];
  to: SubmissionStatus;
  roles: readonly HubRole[];
  /** missing: what the resident must bring (shown at the kiosk's "Cek status"); collect: where and when to collect; reason: why refused. */
  note: 'missing' | 'collect' | 'reason' | 'optional';
}

/**
 * The agencies' default workflow at the hub: diterima → diverifikasi → (perlu dilengkapi ↔
 * diterima) → diproses → selesai / ditolak. A request the hub acknowledged arrives 'sent'.
 */
const OPEN: readonly SubmissionStatus[] = ['sent', 'accepted', 'verified', 'incomplete', 'processing'];
export const HUB_WORKFLOW: readonly HubMove[] = [
  { id: 'accept', from: ['sent'], to: 'accepted', roles: ['officer', 'verifier', 'head'], note: 'optional' },
  { id: 'verify', from: ['accepted'], to: 'verified', roles: ['verifier', 'head'], note: 'optional' },
  { id: 'incomplete', from: ['sent', 'accepted', 'verified'], to: 'incomplete', roles: ['officer', 'verifier', 'head'], note: 'missing' },
  { id: 'resume', from: ['incomplete'], to: 'accepted', roles: ['officer', 'verifier', 'head'], note: 'optional' },
  { id: 'process', from: ['verified'], to: 'processing', roles: ['officer', 'verifier', 'head'], note: 'optional' },
  { id: 'finish', from: ['processing'], to: 'done', roles: ['officer', 'verifier', 'head'], note: 'collect' },
  { id: 'reject', from: OPEN, to: 'rejected', roles: ['verifier', 'head'], note: 'reason' },
];
export const HUB_OPEN_STATES = OPEN;
export const HUB_STATES: readonly SubmissionStatus[] = ['sent', 'accepted', 'verified', 'incomplete', 'processing', 'done', 'rejected'];

/** Working days a request may stay in each open state before it is flagged (and escalated to the head of unit). */
export const HUB_STATE_SLA_DAYS: Partial<Record<SubmissionStatus, number>> = { sent: 1, accepted: 2, verified: 2, incomplete: 10, processing: 5 };

export const HUB_MOVE_IDS = ['accept', 'verify', 'incomplete', 'resume', 'process', 'finish', 'reject'] as const satisfies readonly HubMoveId[];
/** The roles that work requests (the kabupaten admin oversees and never moves one). */
export const HUB_WORKER_ROLES = ['officer', 'verifier', 'head'] as const satisfies readonly HubRole[];

/**
 * A service's own workflow at the hub (the catalogue's `hubWorkflow`), over the defaults:
 * `verification: false` drops the diverifikasi step (diterima → diproses); `roles` says who may
 * make a move (e.g. only the head of unit finishes a permit).
 */
export interface HubWorkflowConfig {
  verification?: boolean | undefined;
  roles?: Partial<Record<HubMoveId, readonly HubRole[]>> | undefined;
  /** Its own SLA in working days: per open state (over HUB_STATE_SLA_DAYS) and overall (over the catalogue's `sla.days`). */
  sla?: HubSlaConfig | undefined;
}

/** The open states that carry an SLA of their own. */
export const HUB_SLA_STATES = ['sent', 'accepted', 'verified', 'incomplete', 'processing'] as const satisfies readonly SubmissionStatus[];
export type HubSlaState = (typeof HUB_SLA_STATES)[number];
/** Bounds of a service's own SLA days (per state and overall), in working days. */
export const HUB_SLA_MIN_DAYS = 1;
export const HUB_SLA_MAX_DAYS = 365;

export interface HubSlaConfig {
  states?: Partial<Record<HubSlaState, number>> | undefined;
  overall?: number | undefined;
}

/** A service's working days per open state: its own where it sets them, the hub's defaults elsewhere. */
export function stateSlaFor(config: HubWorkflowConfig | null | undefined): Record<HubSlaState, number> {
  const own = config?.sla?.states ?? {};
  return Object.fromEntries(HUB_SLA_STATES.map((s) => [s, own[s] ?? HUB_STATE_SLA_DAYS[s]!])) as Record<HubSlaState, number>;
}

/** A service's overall SLA at the hub: its own when set, else what the catalogue promises the resident (`sla.days`). */
export function overallSlaFor(config: HubWorkflowConfig | null | undefined, promisedDays: number): number {
  return config?.sla?.overall ?? promisedDays;
}

/** The moves of a service with `config` (the default workflow when none). */
export function workflowFor(config: HubWorkflowConfig | null | undefined): readonly HubMove[] {
  if (!config) return HUB_WORKFLOW;
  const verify = config.verification !== false;
  return HUB_WORKFLOW.filter((m) => verify || m.id !== 'verify').map((m) => {
    const from = verify ? m.from : m.id === 'process' ? (['accepted'] as const) : m.from.filter((s) => s !== 'verified');
    const roles = config.roles?.[m.id]?.filter((r) => r !== 'admin') ?? m.roles;
    return { ...m, from, roles };
  });
}

export function hubMovesFrom(status: SubmissionStatus, role: HubRole, workflow: readonly HubMove[] = HUB_WORKFLOW): HubMove[] {
  return workflow.filter((m) => m.from.includes(status) && m.roles.includes(role));
}

export type HubMoveProblem = 'unknown_move' | 'not_from_here' | 'role' | 'note_required';

export function hubMoveProblem(moveId: string, status: SubmissionStatus, role: HubRole, note: string | null, workflow: readonly HubMove[] = HUB_WORKFLOW): HubMoveProblem | null {
  const move = workflow.find((m) => m.id === moveId);
  if (!move) return 'unknown_move';
  if (!move.roles.includes(role)) return 'role';
  if (!move.from.includes(status)) return 'not_from_here';
  if (move.note !== 'optional' && (note ?? '').trim().length === 0) return 'note_required';
  return null;
}

/** The day (YYYY-MM-DD) n working days before `day`: a request older than that has used up n working days. */
export function workingDaysBefore(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  for (let left = n, i = 0; left > 0 && i < 4000; i++) {
    d.setUTCDate(d.getUTCDate() - 1);
    if (isWorkingDay(d.toISOString().slice(0, 10))) left--;
  }
  return d.toISOString().slice(0, 10);
}
