import { ComplaintMoveBody, ComplaintParams, DashboardParams, type ConsoleRoute } from '../../../shared/console/api.js';
import type { ConsoleCatalogue } from './catalogue.js';
import type { ConsoleComplaints } from './complaints.js';
import type { ConsoleDashboard } from './dashboard.js';
import type { ConsoleInbox } from './inbox.js';
import { body, idIn, params, send, type Ctx } from './route-kit.js';

/** The console's working parts, built once per hub server. */
export interface BackOffice {
  catalogue: ConsoleCatalogue;
  inbox: ConsoleInbox;
  complaints: ConsoleComplaints;
  dashboard: ConsoleDashboard;
  /** After a publication: the service directory, the tallies' SLA table and the services' own state SLAs follow it (resolves when written). */
  catalogueChanged(): Promise<void>;
}

type Handlers = Pick<Record<ConsoleRoute, (x: Ctx) => Promise<void>>, 'complaints' | 'complaint.move' | 'escalations' | 'dashboard' | 'agencies'>;

/** Complaints, escalations and dashboards (issue 13 §2, §3); the access of each is in CONSOLE_ACCESS. */
export function backOfficeHandlers(p: BackOffice): Handlers {
  return {
    async complaints({ res, url, session }) {
      const q = params(url, ComplaintParams, ['state']);
      send(res, 200, await p.complaints.list(session!.user, { ...q, states: q.state, breached: q.breached === '1', callback: q.callback === '1' }));
    },
    async 'complaint.move'({ req, res, url, session }) {
      const b = await body(req, ComplaintMoveBody);
      send(res, 200, await p.complaints.move(session!.user, idIn(url, 'complaints'), b.move, b.note ?? null, b.agencyId ?? null));
    },
    async escalations({ res, session }) {
      // The head of unit sees their agency's breaches; the admin every agency's and the complaints not verified in time.
      const u = session!.user;
      const [requests, complaints] = await Promise.all([
        p.inbox.list(u, { breached: true, page: 1, pageSize: 100 }),
        p.complaints.list(u, { breached: true, page: 1, pageSize: 100 }),
      ]);
      send(res, 200, { requests, complaints });
    },
    async dashboard({ res, url, session }) {
      const q = params(url, DashboardParams);
      send(res, 200, await p.dashboard.view(session!.user, q.dim, q.from, q.to));
    },
    async agencies({ res }) {
      send(res, 200, { items: [...(await p.catalogue.agencies())].map(([id, name]) => ({ id, name })) });
    },
  };
}
