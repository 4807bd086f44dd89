import { HUB_OPEN_STATES, HUB_WORKFLOW, type HubSlaState, hubMoveProblem, hubMovesFrom, type HubMove, type HubMoveId } from '../../../shared/domain/hub-workflow.js';
import type { ConsoleErrorCode } from '../../../shared/console/errors.js';
import type { SubmissionStatus } from '../../../shared/domain/submission.js';
import { slaState } from '../../../shared/domain/working-days.js';
import type { HubBackend } from '../backend.js';
import { actorOf, type ConsoleUser } from './accounts.js';
import { appendHubAudit } from './audit.js';
import type { InboxRow } from './rows.js';

export interface ServiceInfo {
  id: string;
  agency: string;
  title: string;
  /** The service's overall SLA in working days (its own at the hub, else the catalogue's promise). */
  slaDays: number;
  /** Its working days per open state (its own, else the hub's defaults): what its due dates are computed from. */
  stateSla: Readonly<Record<HubSlaState, number>>;
  /** Complaints have their own flow (complaints.ts). */
  kind: 'request' | 'complaint';
  /** Its moves: the default workflow, or its own (the catalogue's hubWorkflow). */
  workflow: readonly HubMove[];
}
export type ServiceDirectory = () => Promise<Map<string, ServiceInfo>>;

export interface InboxFilter {
  statuses?: SubmissionStatus[] | undefined;
  service?: string | undefined;
  office?: string | undefined;
  /** Only requests at least this many days old. */
  minAgeDays?: number | undefined;
  breached?: boolean | undefined;
  page: number;
  pageSize: number;
}

/** A refusal of the console's (English message, for logs); `code` is what the UI says in Bahasa (by default, the status's). */
export class ConsoleError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    message: string,
    readonly code: ConsoleErrorCode = status === 400 ? 'bad_request' : status === 403 ? 'forbidden' : status === 404 ? 'not_found' : 'conflict',
  ) {
    super(message);
  }
}

/** Bulk moves at most this many requests at once. */
export const MAX_BULK = 100;

/**
 * The agencies' inbox and workflow: each officer sees only their agency's services (the admin
 * every one), every detail view is audited, every move is checked against the workflow and the
 * role, then written as a status event, which is what the kiosk's status stream carries down.
 */
export function consoleInbox(backend: HubBackend, directory: ServiceDirectory) {
  type Dir = Map<string, ServiceInfo>;
  const visibleServices = (dir: Dir, u: ConsoleUser): string[] | null =>
    u.role === 'admin' ? null : [...dir.values()].filter((s) => s.agency === u.agencyId).map((s) => s.id);
  const mayTouch = (dir: Dir, u: ConsoleUser, serviceId: string | null): boolean => {
    if (u.role === 'admin') return true;
    const s = serviceId ? dir.get(serviceId) : undefined;
    return s !== undefined && s.agency === u.agencyId;
  };
  const workflowOf = (dir: Dir, serviceId: string | null): readonly HubMove[] => (serviceId ? dir.get(serviceId)?.workflow : undefined) ?? HUB_WORKFLOW;
  const decorate = (dir: Dir, r: InboxRow, now: Date, u: ConsoleUser) => {
    const svc = r.service_id ? dir.get(r.service_id) : undefined;
    const since = r.state_since ?? r.received_at;
    // The state's deadline as the SQL keeps it (due_at): fixed by the service's days when the request entered the state,
    // so the flag, the breached filter and the escalations agree even after the service's SLA is changed.
    const stateBreached = r.due_at !== null && r.due_at <= now.toISOString();
    // The overall SLA is measured from receipt against the service's overall days as they are now (as the dashboards'
    // "SLA met" is counted when a request finishes): lengthening a service's overall SLA relieves its open requests too.
    const overall = slaState(r.received_at, svc?.slaDays ?? 10, now.toISOString());
    const open = HUB_OPEN_STATES.includes(r.status);
    return {
      id: r.id,
      registrationNo: r.registration_no,
      serviceId: r.service_id,
      serviceTitle: svc?.title ?? r.service_id ?? '?',
      officeCode: r.office_code,
      deviceId: r.device_id,
      status: r.status,
      receivedAt: r.received_at,
      stateSince: since,
      sla: overall,
      stateDueAt: r.due_at,
      breached: open && (stateBreached || overall.breached),
      /** Breaches go to the head of unit. */
      escalated: open && overall.breached,
      allowedMoves: u.role === 'admin' ? [] : hubMovesFrom(r.status, u.role, svc?.workflow).map((m) => m.id),
    };
  };

  return {
    async list(u: ConsoleUser, f: InboxFilter) {
      const now = new Date();
      const dir = await directory();
      const services = visibleServices(dir, u);
      const { rows, total } = await backend.run((q) =>
        q.inbox({
          services,
          statuses: f.statuses?.length ? f.statuses : null,
          service: f.service ?? null,
          office: f.office ?? null,
          receivedBefore: f.minAgeDays ? new Date(now.getTime() - f.minAgeDays * 86_400_000).toISOString() : null,
          // Each open state's SLA end is kept per request (due_at, hub migration 310): breached is due_at <= now.
          breachedAt: f.breached ? now.toISOString() : null,
          limit: f.pageSize,
          offset: (f.page - 1) * f.pageSize,
        }),
      );
      return { items: rows.map((r) => decorate(dir, r, now, u)), total, page: f.page, pageSize: f.pageSize };
    },

    async detail(u: ConsoleUser, id: string) {
      const now = new Date();
      const at = now.toISOString();
      const dir = await directory();
      return backend.transaction(async (q) => {
        const s = await q.selectSubmission(id);
        const owner = await q.lockSubmission(id);
        if (!s || !owner || !mayTouch(dir, u, owner.service_id)) throw new ConsoleError(404, `no request ${id} in your inbox`);
        await appendHubAudit(q, actorOf(u), 'submission.view', id, null, at);
        const events = await q.events(id, 200);
        let record: unknown = null;
        try {
          record = JSON.parse(s.record);
        } catch {
          record = s.record;
        }
        const row: InboxRow = { id: s.id, registration_no: s.registration_no, service_id: owner.service_id, device_id: s.device_id, office_code: null, status: s.status, received_at: s.received_at, state_since: events.at(-1)?.at ?? null, due_at: owner.due_at };
        return {
          ...decorate(dir, row, now, u),
          record,
          attachment: s.data ? { name: s.name, contentType: s.content_type, bytes: s.data.length } : null,
          history: events.map((e) => ({ status: e.status, note: e.note, at: e.at, actor: e.actor ?? (e.origin_device ? `device:${e.origin_device}` : 'hub') })),
          moves: u.role === 'admin' ? [] : hubMovesFrom(s.status, u.role, workflowOf(dir, owner.service_id)).map((m) => ({ id: m.id, to: m.to, note: m.note })),
        };
      });
    },

    async attachment(u: ConsoleUser, id: string) {
      const dir = await directory();
      return backend.transaction(async (q) => {
        const owner = await q.lockSubmission(id);
        const s = await q.selectSubmission(id);
        if (!owner || !s || !mayTouch(dir, u, owner.service_id) || !s.data) throw new ConsoleError(404, `no attachment for request ${id}`);
        await appendHubAudit(q, actorOf(u), 'attachment.view', id, { name: s.name }, new Date().toISOString());
        return { name: s.name, contentType: s.content_type, data: s.data };
      });
    },

    /** Moves each of `ids` (all in the same state) in one transaction: all move, or none does. */
    async move(u: ConsoleUser, ids: string[], moveId: HubMoveId, note: string | null) {
      if (ids.length === 0 || ids.length > MAX_BULK) throw new ConsoleError(400, `move 1 to ${MAX_BULK} requests at once`, 'bulk_size');
      const move = HUB_WORKFLOW.find((m) => m.id === moveId);
      if (!move) throw new ConsoleError(400, `no move ${moveId}`);
      const at = new Date().toISOString();
      const clean = note?.trim().slice(0, 2000) || null;
      const dir = await directory();
      return backend.transaction(async (q) => {
        let from: SubmissionStatus | null = null;
        for (const id of new Set(ids)) {
          const owner = await q.lockSubmission(id);
          if (!owner || !mayTouch(dir, u, owner.service_id)) throw new ConsoleError(404, `no request ${id} in your inbox`);
          if (from !== null && owner.status !== from) throw new ConsoleError(409, 'a bulk move takes requests in the same state only', 'bulk_mixed_states');
          from = owner.status;
          const problem = u.role === 'admin' ? 'role' : hubMoveProblem(moveId, owner.status, u.role, clean, workflowOf(dir, owner.service_id));
          if (problem === 'unknown_move') throw new ConsoleError(409, `the service of request ${id} has no move ${moveId} in its workflow`);
          if (problem === 'role') throw new ConsoleError(403, `a ${u.role} may not make the move ${moveId}`);
          if (problem === 'not_from_here') throw new ConsoleError(409, `request ${id} is ${owner.status}: the move ${moveId} does not start there`, 'stale_state');
          if (problem === 'note_required') throw new ConsoleError(400, move.note === 'missing' ? 'say what is missing' : move.note === 'collect' ? 'say where and when to collect' : 'give the reason', 'note_required');
          await q.moveSubmission(id, move.to, at);
          await q.insertConsoleEvent(owner, move.to, clean, at, actorOf(u));
          await appendHubAudit(q, actorOf(u), `submission.${moveId}`, id, { from: owner.status, to: move.to, note: clean }, at);
        }
        return { moved: [...new Set(ids)], to: move.to };
      });
    },
  };
}

export type ConsoleInbox = ReturnType<typeof consoleInbox>;
