import type { CountRow, Period } from '../../../shared/reports/reports.js';
import { percentile } from '../../../shared/reports/reports.js';
import type { FlatTable } from '../../../shared/reports/tables.js';
import { defaultCounterName, type QueueCounter } from '../../../shared/queue/board.js';
import type { QueueReport, QueueTimeRow } from '../../../shared/queue/report.js';
import type { QueueQueries } from '../../db/queries/queue.js';
import { barChart, M, n, start, table, type Kop } from '../reports/pdf.js';

const STATE_LABEL: Record<string, string> = {
  issued: 'Menunggu',
  called: 'Dipanggil',
  serving: 'Dilayani',
  done: 'Selesai',
  no_show: 'Tidak hadir',
  cancelled: 'Dibatalkan',
  transferred: 'Dialihkan',
};
const LANE_LABEL: Record<string, string> = { none: 'Reguler', lansia: 'Lansia', disabilitas: 'Disabilitas', ibu_hamil: 'Ibu hamil' };

interface Acc {
  wait: Map<number, number>;
  serve: Map<number, number>;
  noShow: number;
}
const acc = (): Acc => ({ wait: new Map(), serve: new Map(), noShow: 0 });
const sum = (h: Map<number, number>): number => [...h.values()].reduce((a, b) => a + b, 0);

function row(key: string, label: string, a: Acc): QueueTimeRow {
  return {
    key,
    label,
    called: sum(a.wait),
    served: sum(a.serve),
    noShow: a.noShow,
    waitMedianS: percentile(a.wait, 0.5),
    waitP90S: percentile(a.wait, 0.9),
    serveMedianS: percentile(a.serve, 0.5),
    serveP90S: percentile(a.serve, 0.9),
  };
}

const hourLabel = (h: string): string => `${h}.00-${h}.59`;

/**
 * The queue report from the tallies of migration 0140 (a few thousand rows for a year, however
 * many tickets): the desk's reports:queue, its CSV and PDF (main/core/reports/report-files.ts) and the CLI's `report queue` all come here.
 */
export function queueReport(q: QueueQueries, period: Period, counters: readonly QueueCounter[]): QueueReport {
  const byCounter = new Map<string, Acc>();
  const byHour = new Map<string, Acc>();
  const overall = acc();
  for (const t of q.tallies(period.from, period.to)) {
    const map = t.dim === 'counter' ? byCounter : byHour;
    const a = map.get(t.key) ?? acc();
    map.set(t.key, a);
    // Every tally is written once per dimension: the hour rows alone make the overall figures.
    const targets = t.dim === 'hour' ? [a, overall] : [a];
    for (const x of targets) {
      if (t.kind === 'no_show') x.noShow += t.n;
      else x[t.kind].set(t.bucket, (x[t.kind].get(t.bucket) ?? 0) + t.n);
    }
  }
  const names = new Map(counters.map((c) => [String(c.number), c.name]));
  const byState: CountRow[] = [];
  const byLane: CountRow[] = [];
  let issued = 0;
  for (const s of q.stateTallies(period.from, period.to)) {
    if (s.n === 0) continue;
    if (s.dim === 'state') {
      issued += s.n;
      byState.push({ key: s.key, label: STATE_LABEL[s.key] ?? s.key, count: s.n });
    } else byLane.push({ key: s.key, label: LANE_LABEL[s.key] ?? s.key, count: s.n });
  }
  byState.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  byLane.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  return {
    period,
    issued,
    byState,
    byLane,
    byCounter: [...byCounter.entries()].sort((a, b) => Number(a[0]) - Number(b[0])).map(([k, a]) => row(k, names.get(k) ?? defaultCounterName(Number(k)), a)),
    byHour: [...byHour.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([k, a]) => row(k, hourLabel(k), a)),
    overall: row('all', 'Semua', overall),
  };
}

/** The CSV: a header row, then one row per counter, per hour of day, and the whole period. */
export function queueTable(r: QueueReport): FlatTable {
  const cells = (dim: string, x: QueueTimeRow): (string | number | null)[] => [dim, x.key, x.label, x.called, x.served, x.noShow, x.waitMedianS, x.waitP90S, x.serveMedianS, x.serveP90S];
  return {
    header: ['group', 'key', 'label', 'count', 'served', 'no_show', 'wait_median_s', 'wait_p90_s', 'serve_median_s', 'serve_p90_s'],
    rows: [...r.byCounter.map((x) => cells('counter', x)), ...r.byHour.map((x) => cells('hour', x)), cells('all', r.overall)],
  };
}

const minutes = (s: number | null): string => (s === null ? '-' : n(s / 60, 1));

/** The PDF: kop, period, then waiting and serving times per counter and per hour as vector bars, each with its table. */
export function queuePdf(r: QueueReport, kop: Kop, now: Date): Promise<Buffer> {
  const { doc, done } = start('Laporan Antrean', kop, r.period, now);
  const o = r.overall;
  doc.font('Helvetica').fontSize(10).text(
    `Nomor diambil: ${n(r.issued)}   Dipanggil: ${n(o.called)}   Tidak hadir: ${n(o.noShow)}   Tunggu median: ${minutes(o.waitMedianS)} menit   Layanan median: ${minutes(o.serveMedianS)} menit`,
    M.left,
    doc.y,
    { width: 483 },
  );
  doc.y += 8;
  const header = ['', 'Dipanggil', 'Dilayani', 'Tidak hadir', 'Tunggu median', 'Tunggu p90', 'Layanan median', 'Layanan p90'];
  const widths = [103, 50, 50, 50, 60, 55, 60, 55];
  const rows = (list: QueueTimeRow[]): string[][] =>
    list.map((x) => [x.label, n(x.called), n(x.served), n(x.noShow), minutes(x.waitMedianS), minutes(x.waitP90S), minutes(x.serveMedianS), minutes(x.serveP90S)]);
  const bars = (list: QueueTimeRow[], pick: (x: QueueTimeRow) => number | null) =>
    list.filter((x) => pick(x) !== null).map((x) => ({ label: x.label, value: pick(x)! / 60, text: `${minutes(pick(x))} menit` }));
  barChart(doc, 'Waktu tunggu median per loket (menit)', bars(r.byCounter, (x) => x.waitMedianS));
  barChart(doc, 'Waktu layanan median per loket (menit)', bars(r.byCounter, (x) => x.serveMedianS));
  table(doc, ['Loket', ...header.slice(1)], rows(r.byCounter), widths);
  barChart(doc, 'Waktu tunggu median per jam (menit)', bars(r.byHour, (x) => x.waitMedianS));
  table(doc, ['Jam', ...header.slice(1)], rows(r.byHour), widths);
  barChart(doc, 'Nomor per status', r.byState.map((s) => ({ label: s.label, value: s.count, text: n(s.count) })));
  barChart(doc, 'Nomor per jalur', r.byLane.map((s) => ({ label: s.label, value: s.count, text: n(s.count) })));
  doc.end();
  return done;
}
