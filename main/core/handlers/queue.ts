import type { queueCalls } from '../../../shared/api/calls/queue.js';
import { ApiFailure } from '../../../shared/api/result.js';
import type { Handlers } from '../dispatcher.js';
import type { CoreServices } from '../services.js';

type QueueCallName = keyof typeof queueCalls;

const notYet = (name: QueueCallName) => (): never => {
  throw new ApiFailure('internal', `${name}: not yet (the queue's service lands in the next commit)`);
};

/** The queue's calls (contract first: the service behind them follows). */
export function queueHandlers(_s: CoreServices): Pick<Handlers, QueueCallName> {
  return {
    'queue:take': notYet('queue:take'),
    'queue:board': notYet('queue:board'),
    'queue:call-audio': notYet('queue:call-audio'),
    'queue:counters': notYet('queue:counters'),
    'queue:counters:set': notYet('queue:counters:set'),
    'queue:running-text:set': notYet('queue:running-text:set'),
    'queue:waiting': notYet('queue:waiting'),
    'queue:mine': notYet('queue:mine'),
    'queue:next': notYet('queue:next'),
    'queue:recall': notYet('queue:recall'),
    'queue:start': notYet('queue:start'),
    'queue:finish': notYet('queue:finish'),
    'queue:no-show': notYet('queue:no-show'),
    'queue:transfer': notYet('queue:transfer'),
    'queue:cancel': notYet('queue:cancel'),
    'reports:queue': notYet('reports:queue'),
  };
}
