import type { syncCalls } from '../../../shared/api/calls/sync.js';
import type { Handlers } from '../dispatcher.js';
import type { CoreServices } from '../services.js';

export function syncHandlers(s: CoreServices): Pick<Handlers, keyof typeof syncCalls> {
  return {
    'sync:status': () => s.sync.status(),
    'sync:now': () => s.sync.now(),
  };
}
