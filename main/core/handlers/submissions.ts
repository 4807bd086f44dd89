import type { submissionCalls } from '../../../shared/api/calls/submissions.js';
import { ApiFailure } from '../../../shared/api/result.js';
import { actorOf } from '../../../shared/api/access.js';
import type { Handlers } from '../dispatcher.js';
import type { CoreServices } from '../services.js';

export function submissionHandlers(s: CoreServices): Pick<Handlers, keyof typeof submissionCalls> {
  return {
    'submissions:list': (req) => s.store.submissions.list(req.limit, req.offset, req.status),
    'submissions:get': (req, ctx) => {
      const sub = s.store.submissions.get(req.id);
      if (!sub) throw new ApiFailure('not_found', `no submission ${req.id}`);
      s.store.audit.append(actorOf(ctx.principal), 'request.view', sub.id);
      return { ...sub, history: s.store.submissions.history(req.id) };
    },
  };
}
