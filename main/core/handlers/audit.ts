import { actorOf } from '../../../shared/api/access.js';
import type { auditCalls } from '../../../shared/api/calls/audit.js';
import type { Handlers } from '../dispatcher.js';
import type { CoreServices } from '../services.js';
import { toCsv } from '../csv.js';

/** At most this many rows in one export (a bound; narrow the period for more). */
const MAX_EXPORT_ROWS = 100_000;

export function auditHandlers(s: CoreServices): Pick<Handlers, keyof typeof auditCalls> {
  return {
    'audit:list': (req) => {
      const { limit, offset, ...filter } = req;
      return { ...s.store.audit.list(filter, limit, offset), chain: s.store.audit.verifyChain() };
    },
    'audit:export': (req, ctx) => {
      const { items } = s.store.audit.list(req, MAX_EXPORT_ROWS, 0);
      s.store.audit.append(actorOf(ctx.principal), 'audit.export', null, { rows: items.length, filter: req });
      const rows = [...items].reverse().map((r) => [r.seq, r.at, r.actor, r.action, r.subject, r.deviceId, r.detail]);
      return { csv: toCsv(['seq', 'at', 'actor', 'action', 'subject', 'device', 'detail'], rows), rows: items.length };
    },
  };
}
