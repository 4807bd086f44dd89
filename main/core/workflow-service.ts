import { actorOf, type Principal } from '../../shared/api/access.js';
import type { DeskRequestView, InboxItem } from '../../shared/api/calls/desk.js';
import { ApiFailure } from '../../shared/api/result.js';
import type { ServiceDefinition } from '../../shared/catalogue/schema.js';
import { requestOf } from '../../shared/domain/request.js';
import type { Submission, SubmissionStatus } from '../../shared/domain/submission.js';
import { DESA_OPEN_STATES, findMove, moveProblem, movesFrom, type MoveId } from '../../shared/domain/workflow.js';
import { slaState } from '../../shared/domain/working-days.js';
import type { CoreServices } from './services.js';
import { deliverySteps } from './delivery-steps.js';

type Deps = Pick<CoreServices, 'store' | 'catalogue' | 'events' | 'now'>;

/** Called when a signatory signs, before the request moves on: issues the letter (or throws, and nothing moves). */
export type SignHook = (submission: Submission, signer: Principal & { kind: 'user' }) => Promise<void> | void;

const PROBLEM_TEXT = {
  not_from_here: 'that move is not possible from the current state',
  role: 'this role may not make that move',
  note_required: 'that move needs a note (what is missing, or the reason)',
} as const;

/**
 * The desa's own workflow at the desk: its inbox, one request's view, and the moves, each
 * allowed only from its states and by its roles (shared/domain/workflow.ts). A move writes the
 * status with who made it, queues it for the hub, and is audited, in one transaction.
 */
export class WorkflowService {
  constructor(
    private readonly s: Deps,
    private readonly onSign: SignHook = () => undefined,
  ) {}

  private desaServices(): ServiceDefinition[] {
    return this.s.catalogue.get().services.filter((svc) => svc.completion === 'desa' && svc.kind === 'request');
  }

  inbox(status: SubmissionStatus | undefined, limit: number, offset: number): { items: InboxItem[]; total: number; byStatus: Record<string, number> } {
    const services = this.desaServices();
    const page = this.s.store.submissions.inbox(services.map((x) => x.id), status ? [status] : DESA_OPEN_STATES, limit, offset);
    const now = this.s.now().toISOString();
    return {
      total: page.total,
      byStatus: page.byStatus,
      items: page.items.map((sub) => {
        const svc = services.find((x) => x.id === sub.serviceId)!;
        const request = requestOf(sub.payload);
        return {
          id: sub.id,
          registrationNo: sub.registrationNo,
          serviceId: sub.serviceId,
          serviceTitle: svc.title,
          status: sub.status,
          applicantName: request?.applicant.nama ?? '',
          channel: request?.channel ?? null,
          createdAt: sub.createdAt,
          updatedAt: sub.updatedAt,
          sla: slaState(sub.createdAt, svc.sla.days, now),
        };
      }),
    };
  }

  view(id: string, principal: Principal): DeskRequestView {
    const sub = this.s.store.submissions.get(id);
    if (!sub) throw new ApiFailure('not_found', `no submission ${id}`);
    const svc = this.s.catalogue.find(sub.serviceId);
    const desa = svc?.completion === 'desa';
    const role = principal.kind === 'user' ? principal.role : null;
    const finished = ['ready', 'collected', 'rejected', 'done'].includes(sub.status);
    return {
      id: sub.id,
      registrationNo: sub.registrationNo,
      trackingCode: sub.trackingCode,
      serviceId: sub.serviceId,
      serviceTitle: svc?.title ?? sub.serviceId,
      completion: desa ? 'desa' : 'forward',
      forwardTo: svc?.forwardTo ?? null,
      status: sub.status,
      request: requestOf(sub.payload),
      history: this.s.store.submissions.historyWithActors(sub.id),
      // The in-process caller (role null) sees every move; a desk user only theirs.
      moves: desa ? movesFrom(sub.status, role).map((m) => ({ id: m.id, to: m.to, note: m.note })) : [],
      sla: svc ? slaState(sub.createdAt, svc.sla.days, finished ? sub.updatedAt : this.s.now().toISOString()) : null,
      delivered: this.s.store.kiosk.outboxState(sub.id) === 'delivered',
      ...deliverySteps(this.s.store.sync.delivery(sub.id)),
      createdAt: sub.createdAt,
      updatedAt: sub.updatedAt,
    };
  }

  async move(id: string, moveId: MoveId, note: string | null, principal: Principal): Promise<void> {
    if (principal.kind !== 'user') throw new ApiFailure('forbidden', 'only a logged-in desk user moves a request');
    const sub = this.s.store.submissions.get(id);
    if (!sub) throw new ApiFailure('not_found', `no submission ${id}`);
    if (this.s.catalogue.find(sub.serviceId)?.completion !== 'desa') {
      throw new ApiFailure('conflict', `${sub.serviceId} is completed by the agency; its state comes from the hub`);
    }
    const move = findMove(moveId);
    const problem = moveProblem(move, sub.status, principal.role, note);
    if (problem) throw new ApiFailure(problem === 'role' ? 'forbidden' : problem === 'note_required' ? 'invalid_request' : 'conflict', `${moveId}: ${PROBLEM_TEXT[problem]}`, { problem });
    if (moveId === 'sign') await this.onSign(sub, principal);
    const at = this.s.now().toISOString();
    const text = note?.trim() || null;
    this.s.store.transaction(() => {
      // Re-read inside the transaction: two desks moving the same request at once must not both win.
      if (this.s.store.submissions.get(id)!.status !== sub.status) throw new ApiFailure('conflict', 'the request was moved meanwhile; reload it');
      this.s.store.submissions.setStatus(id, move.to, text, at, 'local', actorOf(principal));
      this.s.store.statusOutbox.add(id, move.to, text, at);
      this.s.store.audit.append(actorOf(principal), `workflow.${moveId}`, id, { from: sub.status, to: move.to });
    });
    this.s.events.emit('submissions:changed', { id });
  }
}
