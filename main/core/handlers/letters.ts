import { actorOf } from '../../../shared/api/access.js';
import type { letterCalls } from '../../../shared/api/calls/letters.js';
import type { Handlers } from '../dispatcher.js';
import type { CoreServices } from '../services.js';

export function letterHandlers(s: CoreServices): Pick<Handlers, keyof typeof letterCalls> {
  return {
    'letters:issue': (req, ctx) => s.letters.issue(req.submissionId, actorOf(ctx.principal)),
    'letters:get': (req, ctx) => s.letters.get(req.submissionId, actorOf(ctx.principal)),
    'letters:print': (req, ctx) => s.letters.print(req.submissionId, actorOf(ctx.principal)),
    'letters:verify': (req) => s.letters.verify(req.token, req.nik),
  };
}
