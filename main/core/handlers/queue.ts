import { actorOf } from '../../../shared/api/access.js';
import type { queueCalls } from '../../../shared/api/calls/queue.js';
import { ApiFailure } from '../../../shared/api/result.js';
import type { Handlers, HandlerContext } from '../dispatcher.js';
import { queueReport } from '../queue/queue-report.js';
import type { CoreServices } from '../services.js';

/** Tickets one kiosk page may take in a minute: a resident takes one, a child tapping takes a few. */
const TAKES_PER_MINUTE = 5;

/** The queue's calls: the service (main/core/queue) does the work; who may call what is in the contract. */
export function queueHandlers(s: CoreServices): Pick<Handlers, keyof typeof queueCalls> {
  const q = s.queue;
  const actor = (ctx: HandlerContext): string => actorOf(ctx.principal);
  return {
    'queue:take': (req, ctx) => {
      const resident = ctx.principal.kind === 'resident';
      if (resident && ctx.session && !ctx.session.allow('queue:take', TAKES_PER_MINUTE, 60_000)) {
        throw new ApiFailure('rate_limited', 'too many tickets from this kiosk in a minute; wait a moment');
      }
      return q.take(req, resident ? 'kiosk' : 'desk', actor(ctx));
    },
    'queue:board': () => q.board(),
    'queue:call-audio': (req) => q.callAudio(req.callId),
    'queue:counters': () => ({ counters: q.counters(), groups: q.groups() }),
    'queue:counters:set': (req, ctx) => ({ counters: q.setCounters(req.counters, actor(ctx)), groups: q.groups() }),
    'queue:running-text:set': (req, ctx) => ({ runningText: q.setRunningText(req.text, actor(ctx)) }),
    'queue:waiting': (req) => q.waiting(req),
    'queue:mine': (req) => q.mine(req.counter),
    'queue:next': (req, ctx) => q.next(req.counter, actor(ctx)),
    'queue:recall': (req, ctx) => q.recall(req.counter, req.ticketId, actor(ctx)),
    'queue:start': (req, ctx) => q.start(req.counter, req.ticketId, actor(ctx)),
    'queue:finish': (req, ctx) => q.finish(req.counter, req.ticketId, actor(ctx)),
    'queue:no-show': (req, ctx) => q.noShow(req.counter, req.ticketId, actor(ctx)),
    'queue:transfer': (req, ctx) => q.transfer(req.counter, req.ticketId, req.to, actor(ctx)),
    'queue:cancel': (req, ctx) => q.cancel(req.ticketId, actor(ctx)),
    'reports:queue': (req) => queueReport(s.store.queue, req.period, q.counters()),
  };
}
