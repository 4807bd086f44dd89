import { z } from 'zod';
import { isDay, MAX_PERIOD_DAYS, REPORT_KINDS, type IkmFullReport, type ServicesReport, type SlaReport } from '../../reports/reports.js';
import { call } from '../define.js';

/** A period of office days (WIB), both ends included, at most ~5 years. */
export const ReportPeriod = z
  .object({ from: z.string().refine(isDay, 'expected a date YYYY-MM-DD'), to: z.string().refine(isDay, 'expected a date YYYY-MM-DD') })
  .strict()
  .refine((p) => p.to >= p.from, 'to is before from')
  .refine((p) => Date.parse(`${p.to}T00:00:00Z`) - Date.parse(`${p.from}T00:00:00Z`) <= MAX_PERIOD_DAYS * 86_400_000, 'the period is too long');

const Kind = z.enum(REPORT_KINDS);
const ACCESS = ['reports.read'] as const;

/** The office's reports (issue 11 §2): counts only, never a resident's data. */
export const reportCalls = {
  'reports:services': call<ServicesReport>()(ACCESS, z.object({ period: ReportPeriod }).strict()),
  'reports:sla': call<SlaReport>()(ACCESS, z.object({ period: ReportPeriod }).strict()),
  'reports:ikm': call<IkmFullReport>()(ACCESS, z.object({ period: ReportPeriod }).strict()),
  /** One report as CSV: a header row, one row per group with its count. */
  'reports:csv': call<{ csv: string; rows: number; filename: string }>()(ACCESS, z.object({ kind: Kind, period: ReportPeriod }).strict()),
  /** One report as a PDF (kop, period, vector charts), base64. */
  'reports:pdf': call<{ pdfBase64: string; filename: string }>()(ACCESS, z.object({ kind: Kind, period: ReportPeriod }).strict()),
};
