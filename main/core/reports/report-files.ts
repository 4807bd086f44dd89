import { DEFAULT_SETTINGS, DesaCode, Settings } from '../../../shared/domain/settings.js';
import type { QueueReport } from '../../../shared/queue/report.js';
import type { Period, ReportKind } from '../../../shared/reports/reports.js';
import { ikmTable, servicesTable, slaTable, type FlatTable } from '../../../shared/reports/tables.js';
import { toCsv } from '../csv.js';
import { queuePdf, queueTable } from '../queue/queue-report.js';
import { ikmPdf, servicesPdf, slaPdf, type Kop } from './pdf.js';
import { reportKop, type ReportService } from './report-service.js';

export type ReportFormat = 'csv' | 'pdf';

/** Where every report comes from: the request tallies (services, sla, ikm) and the queue's tallies (queue). */
export interface ReportSource {
  reports: ReportService;
  queue: (period: Period) => QueueReport;
}

/** One report as a flat table (the CSV's rows). */
export function reportTable(src: ReportSource, kind: ReportKind, period: Period): FlatTable {
  if (kind === 'services') return servicesTable(src.reports.services(period));
  if (kind === 'sla') return slaTable(src.reports.sla(period));
  if (kind === 'queue') return queueTable(src.queue(period));
  return ikmTable(src.reports.ikm(period));
}

export function reportCsv(src: ReportSource, kind: ReportKind, period: Period): { csv: string; rows: number } {
  const t = reportTable(src, kind, period);
  return { csv: toCsv(t.header, t.rows), rows: t.rows.length };
}

export function reportPdf(src: ReportSource, kind: ReportKind, period: Period, kop: Kop, now: Date): Promise<Buffer> {
  if (kind === 'services') return servicesPdf(src.reports.services(period), kop, now);
  if (kind === 'sla') return slaPdf(src.reports.sla(period), kop, now);
  if (kind === 'queue') return queuePdf(src.queue(period), kop, now);
  return ikmPdf(src.reports.ikm(period), kop, now);
}

/** The office and the dusun mapping from stored settings without the core (the CLI): a bad stored value falls back to its default. */
export function dusunFromStored(stored: Record<string, unknown>): Pick<Settings, 'officeCode' | 'dusunMap'> {
  const code = DesaCode.safeParse(stored['officeCode']);
  const map = Settings.shape.dusunMap.safeParse(stored['dusunMap']);
  return { officeCode: code.success ? code.data : DEFAULT_SETTINGS.officeCode, dusunMap: map.success ? map.data : DEFAULT_SETTINGS.dusunMap };
}

/** The kop from stored settings without the core (the CLI): a bad stored value falls back to its default. */
export function kopFromStored(stored: Record<string, unknown>): Kop {
  const code = DesaCode.safeParse(stored['officeCode']);
  const address = Settings.shape.letterOfficeAddress.safeParse(stored['letterOfficeAddress']);
  return reportKop({
    officeCode: code.success ? code.data : DEFAULT_SETTINGS.officeCode,
    letterOfficeAddress: address.success ? address.data : DEFAULT_SETTINGS.letterOfficeAddress,
  });
}
