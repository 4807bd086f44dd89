import type { reportCalls } from '../../../shared/api/calls/reports.js';
import type { Handlers } from '../dispatcher.js';
import { queueReport } from '../queue/queue-report.js';
import { reportCsv, reportPdf, type ReportSource } from '../reports/report-files.js';
import { reportKop, reportService } from '../reports/report-service.js';
import type { CoreServices } from '../services.js';

/** The reports through the same code as the CLI (main/core/reports), with the catalogue of the moment (reports:queue is in handlers/queue.ts). */
export function reportHandlers(s: CoreServices): Pick<Handlers, keyof typeof reportCalls> {
  // The dusun mapping of the moment: an admin's change shows in the next report (nothing re-tallied).
  const reports = () => reportService({ reports: s.store.reports, services: s.catalogue.get().services, dusun: s.settings.get() });
  // The CSV and the PDF of the queue report read what reports:queue reads (the 0140 tallies, the admin's counter names).
  const source = (): ReportSource => ({ reports: reports(), queue: (p) => queueReport(s.store.queue, p, s.queue.counters()) });
  const name = (kind: string, p: { from: string; to: string }, ext: string): string => `laporan-${kind}-${p.from}_${p.to}.${ext}`;
  return {
    'reports:services': (req) => reports().services(req.period),
    'reports:sla': (req) => reports().sla(req.period),
    'reports:ikm': (req) => reports().ikm(req.period),
    'reports:csv': (req) => ({ ...reportCsv(source(), req.kind, req.period), filename: name(req.kind, req.period, 'csv') }),
    'reports:pdf': async (req) => {
      const pdf = await reportPdf(source(), req.kind, req.period, reportKop(s.settings.get()), s.now());
      return { pdfBase64: pdf.toString('base64'), filename: name(req.kind, req.period, 'pdf') };
    },
  };
}
