import { z } from 'zod';
import { call } from '../define.js';
import type { KioskReceipt } from './kiosk.js';
import type { StoredRequest } from '../../domain/request.js';
import { RequestDraft } from '../../domain/request.js';
import { SubmissionId, SubmissionStatus, type StatusEntry } from '../../domain/submission.js';
import type { SlaState } from '../../domain/working-days.js';
import type { MoveId } from '../../domain/workflow.js';

export interface InboxItem {
  id: string;
  registrationNo: string;
  serviceId: string;
  serviceTitle: string;
  status: SubmissionStatus;
  applicantName: string;
  channel: 'kiosk' | 'desk' | null;
  createdAt: string;
  updatedAt: string;
  sla: SlaState;
}

export interface DeskRequestView {
  id: string;
  registrationNo: string;
  trackingCode: string;
  serviceId: string;
  serviceTitle: string;
  completion: 'desa' | 'forward';
  /** For a forwarded service: the agency to ask about it. */
  forwardTo: string | null;
  status: SubmissionStatus;
  /** The stored request (null for an imported record). */
  request: StoredRequest | null;
  history: (StatusEntry & { actor: string | null })[];
  /** The moves this user may make now (empty for forwarded services: the agency moves them). */
  moves: { id: MoveId; to: SubmissionStatus; note: 'missing' | 'reason' | 'optional' }[];
  sla: SlaState | null;
  delivered: boolean;
  /** Held by the kecamatan's relay ("di kecamatan"), when it went through one. */
  relayAt: string | null;
  /** Acknowledged by the hub ("diterima kabupaten"). */
  deliveredAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const MoveIdSchema = z.enum(['check', 'incomplete', 'resume', 'approve', 'sign', 'return', 'collect', 'reject']);

export const deskCalls = {
  /** A walk-in request entered by an operator: the same checks as the kiosk, the operator recorded. */
  'desk:submit': call<KioskReceipt>()(['requests.create'], RequestDraft),
  /** The desa's inbox: its own services' requests by state, oldest first, with SLA in working days. */
  'desk:inbox': call<{ items: InboxItem[]; total: number; byStatus: Record<string, number> }>()(
    ['requests.read'],
    z
      .object({
        status: SubmissionStatus.optional(),
        limit: z.number().int().min(1).max(200).default(50),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
  ),
  /** One request with its history and the moves the user may make (each view is audited). */
  'desk:request': call<DeskRequestView>()(['requests.read'], z.object({ id: SubmissionId }).strict()),
  'desk:move': call<DeskRequestView>()(
    ['workflow.move'],
    z.object({ id: SubmissionId, move: MoveIdSchema, note: z.string().trim().max(500).optional() }).strict(),
  ),
};
