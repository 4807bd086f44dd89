import { actorOf } from '../../../shared/api/access.js';
import type { searchCalls } from '../../../shared/api/calls/search.js';
import type { Handlers } from '../dispatcher.js';
import { searchRegister } from '../search-service.js';
import type { CoreServices } from '../services.js';

export function searchHandlers(s: CoreServices): Pick<Handlers, keyof typeof searchCalls> {
  return {
    'requests:search': (req, ctx) => searchRegister(s.store, actorOf(ctx.principal), req.query, { limit: req.limit, offset: req.offset }),
  };
}
