import { SKM_UNSUR } from '../catalogue/skm.js';
import type { IkmFullReport, IkmRow, ServicesReport, SlaReport } from './reports.js';

/** A report as one flat table: the CSV (a header row, one row per group with its count). */
export interface FlatTable {
  header: string[];
  rows: (string | number | null)[][];
}

export function servicesTable(r: ServicesReport): FlatTable {
  const rows: FlatTable['rows'] = [];
  const add = (dim: string, list: ServicesReport['byService']): void => {
    for (const g of list) rows.push([dim, g.key, g.label, g.count]);
  };
  add('service', r.byService);
  add('desa', r.byDesa);
  add('dusun', r.byDusun);
  add('channel', r.byChannel);
  add('status', r.byStatus);
  add('complaint', r.complaints.byService);
  add('complaint_status', r.complaints.byStatus);
  return { header: ['group', 'key', 'label', 'count'], rows };
}

export function slaTable(r: SlaReport): FlatTable {
  return {
    header: ['service_id', 'service', 'sla_days', 'count', 'met', 'met_pct', 'median_days', 'p90_days'],
    rows: r.rows.map((s) => [s.serviceId, s.label, s.slaDays, s.finished, s.met, s.metPct, s.medianDays, s.p90Days]),
  };
}

const ikmCells = (x: IkmRow): (string | number | null)[] => [
  x.responses,
  ...SKM_UNSUR.map((u) => (x.nrr[u] === null ? null : Math.round(x.nrr[u]! * 1000) / 1000)),
  x.ikm,
  x.converted,
  x.mutu,
  x.kinerja,
];

export function ikmTable(r: IkmFullReport): FlatTable {
  return {
    header: ['service_id', 'service', 'count', ...SKM_UNSUR.map((u) => `nrr_${u}`), 'ikm', 'ikm_x25', 'mutu', 'kinerja'],
    rows: [['all', 'Semua layanan', ...ikmCells(r.overall)], ...r.byService.map((s) => [s.serviceId, s.label, ...ikmCells(s)])],
  };
}
