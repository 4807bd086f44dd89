import { officeName } from '../../../shared/domain/wilayah.js';
import type { Settings } from '../../../shared/domain/settings.js';
import { countsPerDusun, NO_DUSUN_KEY, OTHER_DESA_KEY, type DusunMap } from '../../../shared/domain/dusun.js';
import {
  ikmRow,
  slaReport,
  type ComplaintsReport,
  type CountRow,
  type IkmFullReport,
  type Period,
  type ServicesReport,
  type SlaReport,
} from '../../../shared/reports/reports.js';
import type { ServiceDefinition } from '../../../shared/catalogue/schema.js';
import type { ReportQueries, TallyDim } from '../../db/queries/reports.js';

/** What a report names: services by title, states and channels in Bahasa Indonesia. */
const STATUS_LABELS: Record<string, string> = {
  received: 'Diterima',
  sent: 'Dikirim ke kabupaten',
  accepted: 'Diterima OPD',
  checking: 'Diperiksa',
  verified: 'Diverifikasi',
  incomplete: 'Perlu dilengkapi',
  awaiting_signature: 'Menunggu tanda tangan',
  processing: 'Diproses',
  done: 'Selesai',
  ready: 'Siap diambil',
  collected: 'Sudah diambil',
  rejected: 'Ditolak',
};
const CHANNEL_LABELS: Record<string, string> = { kiosk: 'Anjungan (kiosk)', desk: 'Loket (desk)' };
/** The service `anjungan import` stores its lines under (main/db/queries/sync.ts importRecord). */
const IMPORT_SERVICE = { id: 'import', title: 'Data impor (anjungan import)' };

export interface ReportSources {
  reports: ReportQueries;
  services: readonly (Pick<ServiceDefinition, 'id' | 'title' | 'sla'> & { kind?: ServiceDefinition['kind'] })[];
  /** The office (its desa is the dusun's) and the admin's RW -> dusun mapping, read at each report; none: no dusun set. */
  dusun?: Pick<Settings, 'officeCode' | 'dusunMap'>;
}

/** Sums counts per key, most first (ties by key), dropping zeros. */
function grouped(items: readonly { key: string; count: number }[], label: (key: string) => string): CountRow[] {
  const m = new Map<string, number>();
  for (const i of items) m.set(i.key, (m.get(i.key) ?? 0) + i.count);
  return [...m.entries()]
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key, count]) => ({ key, label: label(key), count }));
}

/** The three reports, through one code path for the desk, the PDF and the CLI. */
export function reportService(src: ReportSources) {
  const titles = new Map([[IMPORT_SERVICE.id, IMPORT_SERVICE.title], ...src.services.map((s) => [s.id, s.title] as const)]);
  const complaintIds = new Set(src.services.filter((s) => s.kind === 'complaint').map((s) => s.id));
  const label = (dim: TallyDim, key: string): string => {
    if (dim === 'service') return titles.get(key) ?? key;
    if (dim === 'status') return STATUS_LABELS[key] ?? key;
    if (dim === 'channel') return CHANNEL_LABELS[key] ?? key;
    return key === '' ? '(tidak tercatat)' : key;
  };
  const rows = (dim: TallyDim, p: Period): CountRow[] =>
    src.reports.counts(dim, p).map((r) => ({ key: r.key, label: label(dim, r.key), count: r.count }));

  const dusunDesa = src.dusun ? (officeName(src.dusun.officeCode)?.desa ?? null) : null;
  const dusunLabel = (key: string): string =>
    key === NO_DUSUN_KEY ? 'Tanpa dusun' : key === OTHER_DESA_KEY ? (dusunDesa ? `Luar Desa ${dusunDesa}` : 'Luar desa') : key;
  // The mapping is applied here, to migration 0250's tally per desa and RW: a changed mapping shows at once, nothing is re-tallied.
  const byDusun = (p: Period): CountRow[] =>
    countsPerDusun(src.reports.rwCounts(p), dusunDesa, src.dusun?.dusunMap ?? ([] as DusunMap)).map((r) => ({ ...r, label: dusunLabel(r.key) }));

  const complaints = (period: Period): ComplaintsReport => {
    const of = src.reports.serviceStatus(period).filter((r) => complaintIds.has(r.serviceId));
    const byService = grouped(of.map((r) => ({ key: r.serviceId, count: r.count })), (k) => label('service', k));
    return {
      total: byService.reduce((a, r) => a + r.count, 0),
      byService,
      byStatus: grouped(of.map((r) => ({ key: r.status, count: r.count })), (k) => label('status', k)),
    };
  };

  return {
    services(period: Period): ServicesReport {
      const byService = rows('service', period);
      return {
        period,
        total: byService.reduce((a, r) => a + r.count, 0),
        byService,
        byDesa: rows('desa', period),
        byDusun: byDusun(period),
        dusunDesa,
        byChannel: rows('channel', period),
        byStatus: rows('status', period),
        complaints: complaints(period),
      };
    },
    sla(period: Period): SlaReport {
      const svc = new Map(src.services.map((s) => [s.id, { label: s.title, slaDays: s.sla.days }]));
      return slaReport(period, src.reports.finishTallies(period), svc);
    },
    ikm(period: Period): IkmFullReport {
      const { overall, byService } = src.reports.skm(period);
      return {
        period,
        overall: ikmRow(overall.responses, overall.sums),
        byService: byService.map((g) => ({
          serviceId: g.serviceId!,
          label: titles.get(g.serviceId!) ?? g.serviceId!,
          ...ikmRow(g.responses, g.sums),
        })),
      };
    },
  };
}
export type ReportService = ReturnType<typeof reportService>;

/** The kop of a report: the same three lines as the letters' (main/core/letters/content.ts). */
export function reportKop(settings: Pick<Settings, 'officeCode' | 'letterOfficeAddress'>): { lines: string[]; address: string } {
  const office = officeName(settings.officeCode);
  return {
    lines: office
      ? ['PEMERINTAH KABUPATEN SERANG', `KECAMATAN ${office.kecamatan.toLocaleUpperCase('id')}`, `DESA ${office.desa.toLocaleUpperCase('id')}`]
      : ['PEMERINTAH KABUPATEN SERANG'],
    address: settings.letterOfficeAddress,
  };
}
