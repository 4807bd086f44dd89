import { actorOf } from '../../../shared/api/access.js';
import type { privacyCalls } from '../../../shared/api/calls/privacy.js';
import { ApiFailure } from '../../../shared/api/result.js';
import { officeName } from '../../../shared/domain/wilayah.js';
import type { Handlers } from '../dispatcher.js';
import { purgeDue } from '../privacy/purge.js';
import { subjectReport, subjectReportPdf } from '../privacy/subject-report.js';
import { reportKop } from '../reports/report-service.js';
import type { CoreServices } from '../services.js';

/** The office's name as the report prints it. */
export function officeText(officeCode: string): string {
  const o = officeName(officeCode);
  return o ? `Desa ${o.desa}, Kecamatan ${o.kecamatan}, Kabupaten Serang` : 'Kantor desa';
}

export function privacyHandlers(s: CoreServices): Pick<Handlers, keyof typeof privacyCalls> {
  return {
    'privacy:subject-report': async (_req, ctx) => {
      // The resident proves who they are with the e-KTP on this desk's reader; a typed NIK is not enough.
      const card = s.devices.lastCard;
      if (!card || card.source === 'manual') throw new ApiFailure('not_found', 'no e-KTP was read on this desk\'s reader; ask the resident to tap their card');
      const now = s.now();
      const settings = s.settings.get();
      const report = subjectReport(s.store.privacy, s.catalogue.get().services, card.biodata.nik, officeText(settings.officeCode), now);
      s.store.audit.append(actorOf(ctx.principal), 'privacy.subject-report', null, { nik: report.nikMasked, requests: report.requests.length });
      const pdf = await subjectReportPdf(report, reportKop(settings), now);
      return { report, pdfBase64: pdf.toString('base64'), filename: `data-pribadi-${now.toISOString().slice(0, 10)}.pdf` };
    },
    'privacy:purge': (req, ctx) => {
      const r = purgeDue(s.store.privacy, s.catalogue.get().services, s.now(), { dryRun: req.dryRun });
      s.store.audit.append(actorOf(ctx.principal), req.dryRun ? 'privacy.purge.dry-run' : 'privacy.purge', null, { purged: r.purged, examined: r.examined });
      return { examined: r.examined, purged: r.purged, waitingForHub: r.waitingForHub, withinRetention: r.withinRetention, dryRun: req.dryRun };
    },
  };
}
