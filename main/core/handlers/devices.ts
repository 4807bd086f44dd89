import type { deviceCalls } from '../../../shared/api/calls/devices.js';
import { ApiFailure } from '../../../shared/api/result.js';
import { actorOf } from '../../../shared/api/access.js';
import type { Handlers } from '../dispatcher.js';
import { assertOwn } from './kiosk.js';
import { receiptData } from '../receipts.js';
import type { CoreServices } from '../services.js';

export function deviceHandlers(s: CoreServices): Pick<Handlers, keyof typeof deviceCalls> {
  const d = s.devices;
  return {
    'devices:status': () => d.status(),
    'card:manual': (req) => d.manual(req.nik, req.uid),
    'print:receipt': (req, ctx) => {
      assertOwn(ctx, req.submissionId);
      const sub = s.store.submissions.get(req.submissionId);
      if (!sub) throw new ApiFailure('not_found', `no submission ${req.submissionId}`);
      if (!d.printer) throw new ApiFailure('printer_not_ready', 'no receipt printer is configured');
      const job = d.printReceipt(sub.id, receiptData(s, sub));
      s.store.audit.append(actorOf(ctx.principal), 'print.receipt', sub.id, { job: job.id });
      return job;
    },
    'print:jobs': (req) => ({ items: d.queue.list(req.limit) }),
    'print:reprint': (req, ctx) => {
      const job = d.queue.reprint(req.submissionId);
      if (!job) throw new ApiFailure('not_found', `no receipt was printed for submission ${req.submissionId}`);
      s.store.audit.append(actorOf(ctx.principal), 'print.reprint', req.submissionId, { job: job.id });
      return job;
    },
  };
}
