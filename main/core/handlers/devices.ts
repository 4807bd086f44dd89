import type { deviceCalls } from '../../../shared/api/calls/devices.js';
import { ApiFailure } from '../../../shared/api/result.js';
import type { ReceiptData } from '../../../shared/devices/receipt.js';
import { officeName } from '../../../shared/domain/wilayah.js';
import type { Handlers } from '../dispatcher.js';
import type { CoreServices } from '../services.js';

/** "23/11/2026 09.30": the office's local time, as Indonesian forms write it. */
function localStamp(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()} ${p(d.getHours())}.${p(d.getMinutes())}`;
}

export function deviceHandlers(s: CoreServices): Pick<Handlers, keyof typeof deviceCalls> {
  const d = s.devices;
  const simOnly = (what: string): never => {
    throw new ApiFailure('device_unavailable', `${what} works only with the sim driver`);
  };
  return {
    'devices:status': () => d.status(),
    'card:manual': (req) => d.manual(req.nik, req.uid),
    'print:receipt': (req) => {
      const sub = s.store.submissions.get(req.submissionId);
      if (!sub) throw new ApiFailure('not_found', `no submission ${req.submissionId}`);
      if (!d.printer) throw new ApiFailure('printer_not_ready', 'no receipt printer is configured');
      const settings = s.settings.get();
      const office = officeName(settings.officeCode);
      const receipt: ReceiptData = {
        officeName: req.office ?? (office ? `Desa ${office.desa}` : 'Kantor Desa'),
        ...(office ? { officeLine: `Kecamatan ${office.kecamatan}, Kabupaten Serang` } : {}),
        serviceTitle: req.serviceTitle ?? sub.serviceId,
        registrationNo: sub.registrationNo,
        trackingCode: sub.trackingCode,
        issuedAt: localStamp(new Date(sub.createdAt)),
        ...(req.queueNo ? { queueNo: req.queueNo } : {}),
        requirements: req.requirements ?? [],
        ...(req.sla ? { sla: req.sla } : {}),
      };
      return d.printReceipt(sub.id, receipt);
    },
    'print:jobs': (req) => ({ items: d.queue.list(req.limit) }),
    'print:reprint': (req) => {
      const job = d.queue.reprint(req.submissionId);
      if (!job) throw new ApiFailure('not_found', `no receipt was printed for submission ${req.submissionId}`);
      return job;
    },
    'sim:insert-card': (req) => {
      const sim = d.simReader ?? simOnly('sim:insert-card');
      try {
        return { nik: sim.insert(req.nik ?? req.index ?? 0).biodata.nik };
      } catch (err) {
        throw new ApiFailure('not_found', err instanceof Error ? err.message : String(err));
      }
    },
    'sim:remove-card': () => {
      const sim = d.simReader ?? simOnly('sim:remove-card');
      const had = sim.cardPresent !== null;
      sim.remove();
      return { removed: had };
    },
    'sim:printer-state': (req) => {
      const patch = Object.fromEntries(Object.entries(req).filter(([, v]) => v !== undefined));
      return d.setSimPrinter(patch) ?? simOnly('sim:printer-state');
    },
  };
}
