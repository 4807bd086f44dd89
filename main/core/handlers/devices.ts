import type { deviceCalls } from '../../../shared/api/calls/devices.js';
import { ApiFailure } from '../../../shared/api/result.js';
import type { Handlers } from '../dispatcher.js';
import { receiptData } from '../receipts.js';
import type { CoreServices } from '../services.js';

export function deviceHandlers(s: CoreServices): Pick<Handlers, keyof typeof deviceCalls> {
  const d = s.devices;
  return {
    'devices:status': () => d.status(),
    'card:manual': (req) => d.manual(req.nik, req.uid),
    'print:receipt': (req) => {
      const sub = s.store.submissions.get(req.submissionId);
      if (!sub) throw new ApiFailure('not_found', `no submission ${req.submissionId}`);
      if (!d.printer) throw new ApiFailure('printer_not_ready', 'no receipt printer is configured');
      return d.printReceipt(sub.id, receiptData(s, sub));
    },
    'print:jobs': (req) => ({ items: d.queue.list(req.limit) }),
    'print:reprint': (req) => {
      const job = d.queue.reprint(req.submissionId);
      if (!job) throw new ApiFailure('not_found', `no receipt was printed for submission ${req.submissionId}`);
      return job;
    },
  };
}
