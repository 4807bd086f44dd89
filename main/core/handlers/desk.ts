import { actorOf } from '../../../shared/api/access.js';
import type { deskCalls } from '../../../shared/api/calls/desk.js';
import { ApiFailure } from '../../../shared/api/result.js';
import type { Handlers } from '../dispatcher.js';
import { receiptView } from '../receipts.js';
import { submitRequest } from '../request-service.js';
import type { CoreServices } from '../services.js';

export function deskHandlers(s: CoreServices): Pick<Handlers, keyof typeof deskCalls> {
  return {
    'desk:submit': (req, ctx) => {
      if (ctx.principal.kind !== 'user') throw new ApiFailure('forbidden', 'a walk-in request is entered by a logged-in operator');
      const operator = { username: ctx.principal.username, name: ctx.principal.name };
      return receiptView(s, submitRequest(s, req, { channel: 'desk', operator, actor: actorOf(ctx.principal) }));
    },
    'desk:inbox': (req) => s.workflow.inbox(req.status, req.limit, req.offset),
    'desk:request': (req, ctx) => {
      const view = s.workflow.view(req.id, ctx.principal);
      s.store.audit.append(actorOf(ctx.principal), 'request.view', req.id);
      return view;
    },
    'desk:move': async (req, ctx) => {
      await s.workflow.move(req.id, req.move, req.note ?? null, ctx.principal);
      return s.workflow.view(req.id, ctx.principal);
    },
  };
}
