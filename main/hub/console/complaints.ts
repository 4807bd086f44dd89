import {
  callbackPhone,
  COMPLAINT_MOVES,
  COMPLAINT_SLA_DAYS,
  complaintKioskNote,
  complaintMoveProblem,
  complaintMovesFrom,
  type ComplaintMoveId,
  type ComplaintState,
} from '../../../shared/domain/complaint-workflow.js';
import { workingDaysBefore } from '../../../shared/domain/hub-workflow.js';
import { slaState, wibDay } from '../../../shared/domain/working-days.js';
import type { HubBackend } from '../backend.js';
import { actorOf, type ConsoleUser } from './accounts.js';
import { appendHubAudit } from './audit.js';
import type { ComplaintListRow } from './back-office-rows.js';
import { ConsoleError, type ServiceDirectory } from './inbox.js';

export interface ComplaintFilter {
  states?: ComplaintState[] | undefined;
  breached?: boolean | undefined;
  /** Only those whose resident asked to be called back. */
  callback?: boolean | undefined;
  page: number;
  pageSize: number;
}

/** The instant a state's working days ran out for anything in it since before then. */
function cutoff(now: Date, days: number): string {
  return new Date(Date.parse(`${workingDaysBefore(wibDay(now.toISOString()), days)}T00:00:00+07:00`)).toISOString();
}

/**
 * Complaints at the hub (shared/domain/complaint-workflow.ts): the kabupaten admin sees every
 * complaint, agency staff those dispatched to their agency. Listing shows the resident's callback
 * number, so each list is audited with the ids shown; every move is audited and written as a status
 * event, which the kiosk's status stream carries to "Cek status".
 */
export function consoleComplaints(backend: HubBackend, directory: ServiceDirectory, agencies: () => Promise<Map<string, string>>) {
  const complaintServices = async (): Promise<string[]> => [...(await directory()).values()].filter((s) => s.kind === 'complaint').map((s) => s.id);
  const decorate = (r: ComplaintListRow, titles: Map<string, string>, names: Map<string, string>, u: ConsoleUser, now: Date) => {
    const state: ComplaintState = r.state ?? 'new';
    const since = r.state_since ?? r.received_at;
    const days = COMPLAINT_SLA_DAYS[state];
    const sla = days === null ? null : slaState(since, days, now.toISOString());
    let record: { payload?: unknown } = {};
    try {
      record = JSON.parse(r.record) as { payload?: unknown };
    } catch {
      // A record the hub could not read shows without its answers.
    }
    return {
      id: r.id,
      registrationNo: r.registration_no,
      serviceId: r.service_id,
      serviceTitle: (r.service_id && titles.get(r.service_id)) ?? r.service_id ?? '?',
      officeCode: r.office_code,
      receivedAt: r.received_at,
      state,
      stateSince: since,
      agencyId: r.agency_id,
      agencyName: r.agency_id ? (names.get(r.agency_id) ?? r.agency_id) : null,
      note: r.note,
      answers: record.payload ?? null,
      callbackPhone: callbackPhone(record.payload),
      sla,
      breached: sla?.breached ?? false,
      moves: complaintMovesFrom(state, u.role, r.agency_id !== null && r.agency_id === u.agencyId).map((m) => ({ id: m.id, noteRequired: m.noteRequired })),
    };
  };

  return {
    async list(u: ConsoleUser, f: ComplaintFilter) {
      const now = new Date();
      const dir = await directory();
      const services = await complaintServices();
      if (u.role !== 'admin' && !u.agencyId) return { items: [], total: 0, page: f.page, pageSize: f.pageSize };
      const { rows, total } = await backend.run((q) =>
        q.complaints({
          services,
          agency: u.role === 'admin' ? null : u.agencyId,
          states: f.states?.length ? f.states : null,
          breach: f.breached ? { newBefore: cutoff(now, COMPLAINT_SLA_DAYS.new!), verifiedBefore: cutoff(now, COMPLAINT_SLA_DAYS.verified!), dispatchedBefore: cutoff(now, COMPLAINT_SLA_DAYS.dispatched!) } : null,
          // In the query, so pages are whole and a callback on page 2 is on page 2 (not filtered out of page 1's rows).
          callback: f.callback === true,
          limit: f.pageSize,
          offset: (f.page - 1) * f.pageSize,
        }),
      );
      const titles = new Map([...dir.values()].map((s) => [s.id, s.title]));
      const names = await agencies();
      const items = rows.map((r) => decorate(r, titles, names, u, now));
      if (items.length) {
        // Personal data shown: the ids listed and, by name, those whose phone number was on the screen.
        const phones = items.filter((i) => i.callbackPhone !== null).map((i) => i.id);
        await backend.transaction((q) => appendHubAudit(q, actorOf(u), 'complaints.view', null, { ids: items.map((i) => i.id), callbacks: phones.length, phoneShown: phones }, now.toISOString()));
      }
      return { items, total, page: f.page, pageSize: f.pageSize };
    },

    async move(u: ConsoleUser, id: string, moveId: ComplaintMoveId, note: string | null, agencyId: string | null) {
      const move = COMPLAINT_MOVES.find((m) => m.id === moveId);
      if (!move) throw new ConsoleError(400, `no complaint move ${moveId}`);
      const clean = note?.trim().slice(0, 2000) || null;
      const services = new Set(await complaintServices());
      const names = await agencies();
      if (moveId === 'dispatch' && agencyId !== null && !names.has(agencyId)) throw new ConsoleError(400, `no agency ${agencyId} in the catalogue`, 'unknown_agency');
      const at = new Date().toISOString();
      return backend.transaction(async (q) => {
        const owner = await q.lockSubmission(id);
        if (!owner || !owner.service_id || !services.has(owner.service_id)) throw new ConsoleError(404, `no complaint ${id}`);
        const row = await q.lockComplaint(id);
        const state: ComplaintState = row?.state ?? 'new';
        const own = row?.agency_id != null && row.agency_id === u.agencyId;
        if (u.role !== 'admin' && !own) throw new ConsoleError(404, `no complaint ${id}`);
        const problem = complaintMoveProblem(moveId, state, u.role, own, clean, agencyId);
        if (problem === 'role') throw new ConsoleError(403, `a ${u.role} may not make the complaint move ${moveId}`);
        if (problem === 'not_from_here') throw new ConsoleError(409, `complaint ${id} is ${state}: the move ${moveId} does not start there`, 'stale_state');
        if (problem === 'note_required') throw new ConsoleError(400, moveId === 'follow_up' ? 'say what was done' : 'give the reason', 'note_required');
        if (problem === 'agency_required') throw new ConsoleError(400, 'name the agency to dispatch to', 'agency_required');
        const agency = moveId === 'dispatch' ? agencyId : (row?.agency_id ?? null);
        await q.upsertComplaint({ submission_id: id, state: move.to, agency_id: agency, note: clean, state_since: at, updated_by: actorOf(u) });
        const kioskNote = complaintKioskNote(moveId, clean, agency ? (names.get(agency) ?? agency) : null);
        await q.moveSubmission(id, move.kiosk.status, at);
        await q.insertConsoleEvent(owner, move.kiosk.status, kioskNote, at, actorOf(u));
        await appendHubAudit(q, actorOf(u), `complaint.${moveId}`, id, { from: state, to: move.to, agency, note: clean }, at);
        return { id, state: move.to, status: move.kiosk.status, note: kioskNote };
      });
    },
  };
}

export type ConsoleComplaints = ReturnType<typeof consoleComplaints>;
