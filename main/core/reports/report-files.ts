import { DEFAULT_SETTINGS, DesaCode, Settings } from '../../../shared/domain/settings.js';
import type { Period, ReportKind } from '../../../shared/reports/reports.js';
import { ikmTable, servicesTable, slaTable, type FlatTable } from '../../../shared/reports/tables.js';
import { toCsv } from '../csv.js';
import { ikmPdf, servicesPdf, slaPdf, type Kop } from './pdf.js';
import { reportKop, type ReportService } from './report-service.js';

export type ReportFormat = 'csv' | 'pdf';

/** One report as a flat table (the CSV's rows). */
export function reportTable(reports: ReportService, kind: ReportKind, period: Period): FlatTable {
  if (kind === 'services') return servicesTable(reports.services(period));
  if (kind === 'sla') return slaTable(reports.sla(period));
  return ikmTable(reports.ikm(period));
}

export function reportCsv(reports: ReportService, kind: ReportKind, period: Period): { csv: string; rows: number } {
  const t = reportTable(reports, kind, period);
  return { csv: toCsv(t.header, t.rows), rows: t.rows.length };
}

export function reportPdf(reports: ReportService, kind: ReportKind, period: Period, kop: Kop, now: Date): Promise<Buffer> {
  if (kind === 'services') return servicesPdf(reports.services(period), kop, now);
  if (kind === 'sla') return slaPdf(reports.sla(period), kop, now);
  return ikmPdf(reports.ikm(period), kop, now);
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
