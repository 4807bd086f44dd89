import PDFDocument from 'pdfkit';
import { SKM_UNSUR } from '../../../shared/catalogue/skm.js';
import type { IkmFullReport, Period, ServicesReport, SlaReport } from '../../../shared/reports/reports.js';
import { pdfSafe } from '../letters/pdf.js';

/**
 * A report as an A4 PDF with pdfkit (the letters' library): the office's kop, the period, and
 * each chart drawn as vector bars (pdfkit paths) from the same rows as the table under it.
 */
const A4 = { w: 595.28, h: 841.89 };
export const M = { left: 56, right: 56, top: 40, bottom: 50 };
const WIDTH = A4.w - M.left - M.right;
const BAR_COLOR = '#1f5f99';
/** At most this many bars in one chart (a bound; the table lists them all). */
const MAX_BARS = 15;

export interface Kop {
  lines: string[];
  address: string;
}
interface Bar {
  label: string;
  value: number;
  text: string;
}
export type Doc = PDFKit.PDFDocument;

const day = (d: string): string => {
  const [y, m, dd] = d.split('-');
  return `${dd}-${m}-${y}`;
};
export const periodText = (p: Period): string => (p.from === p.to ? day(p.from) : `${day(p.from)} s.d. ${day(p.to)}`);

export function start(title: string, kop: Kop, period: Period, now: Date): { doc: Doc; done: Promise<Buffer> } {
  const doc = new PDFDocument({ size: 'A4', margins: M, compress: true, bufferPages: true, info: { Title: pdfSafe(title), Creator: 'Anjungan', Producer: 'Anjungan (pdfkit)', CreationDate: now } });
  const parts: Buffer[] = [];
  doc.on('data', (d: Buffer) => parts.push(d));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.on('error', reject);
  });
  let y = M.top;
  kop.lines.forEach((line, i) => {
    const last = i === kop.lines.length - 1;
    doc.font('Times-Bold').fontSize(last ? 15 : 13).text(pdfSafe(line), M.left, y, { width: WIDTH, align: 'center', lineBreak: false });
    y += last ? 18 : 15.5;
  });
  doc.font('Times-Italic').fontSize(10).text(pdfSafe(kop.address), M.left, y + 1, { width: WIDTH, align: 'center' });
  y = doc.y + 4;
  doc.save().lineWidth(2.2).moveTo(M.left, y).lineTo(A4.w - M.right, y).stroke();
  doc.lineWidth(0.6).moveTo(M.left, y + 3.2).lineTo(A4.w - M.right, y + 3.2).stroke().restore();
  doc.font('Helvetica-Bold').fontSize(14).text(pdfSafe(title), M.left, y + 16, { width: WIDTH, align: 'center' });
  doc.font('Helvetica').fontSize(10).text(pdfSafe(`Periode: ${periodText(period)}`), M.left, doc.y + 2, { width: WIDTH, align: 'center' });
  doc.y += 14;
  return { doc, done };
}

export function room(doc: Doc, h: number): void {
  if (doc.y + h > A4.h - M.bottom) doc.addPage();
}

/** Horizontal bars, a label left of each and the value right of it: vector paths only. */
export function barChart(doc: Doc, heading: string, bars: Bar[], max?: number): void {
  const shown = bars.slice(0, MAX_BARS);
  const rowH = 16;
  room(doc, 30 + Math.max(1, shown.length) * rowH);
  doc.font('Helvetica-Bold').fontSize(11).fillColor('black').text(pdfSafe(heading), M.left, doc.y);
  let y = doc.y + 4;
  const labelW = 170;
  const x0 = M.left + labelW + 6;
  const barW = WIDTH - labelW - 60;
  const top = max ?? Math.max(1, ...shown.map((b) => b.value));
  if (shown.length === 0) {
    doc.font('Helvetica-Oblique').fontSize(9).text('Tidak ada data pada periode ini.', M.left, y);
    doc.y += 8;
    return;
  }
  doc.save().lineWidth(0.5).strokeColor('#888').moveTo(x0, y).lineTo(x0, y + shown.length * rowH).stroke().restore();
  for (const b of shown) {
    doc.font('Helvetica').fontSize(8.5).fillColor('black').text(pdfSafe(b.label), M.left, y + 3, { width: labelW, align: 'right', lineBreak: false, ellipsis: true });
    const w = Math.max(0.5, (b.value / top) * barW);
    doc.save().rect(x0, y + 2, w, rowH - 5).fill(BAR_COLOR).restore();
    doc.font('Helvetica').fontSize(8.5).fillColor('black').text(pdfSafe(b.text), x0 + w + 4, y + 3, { lineBreak: false });
    y += rowH;
  }
  doc.y = y + 10;
}

/** A plain table: header in bold, a thin rule under it. */
export function table(doc: Doc, header: string[], rows: string[][], widths: number[]): void {
  const rowH = 14;
  const draw = (cells: string[], bold: boolean): void => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5).fillColor('black');
    // A header may wrap onto a second line ("Tunggu median"): its row is as tall as its tallest cell.
    const h = bold ? Math.max(rowH, ...cells.map((c, i) => doc.heightOfString(pdfSafe(c), { width: widths[i]! - 4 }) + 5)) : rowH;
    room(doc, h);
    let x = M.left;
    const y = doc.y;
    cells.forEach((c, i) => {
      const opts = { width: widths[i]! - 4, align: i === 0 ? ('left' as const) : ('right' as const) };
      doc.text(pdfSafe(c), x + 2, y + 3, bold ? opts : { ...opts, lineBreak: false, ellipsis: true });
      x += widths[i]!;
    });
    doc.y = y + h;
    if (bold) doc.save().lineWidth(0.6).moveTo(M.left, doc.y).lineTo(M.left + widths.reduce((a, b) => a + b, 0), doc.y).stroke().restore();
  };
  draw(header, true);
  for (const r of rows) draw(r, false);
  doc.y += 12;
}

export const n = (v: number | null, digits = 0): string => (v === null ? '-' : v.toLocaleString('id-ID', { minimumFractionDigits: digits, maximumFractionDigits: digits }));

export function servicesPdf(r: ServicesReport, kop: Kop, now: Date): Promise<Buffer> {
  const { doc, done } = start('Laporan Permohonan Layanan', kop, r.period, now);
  doc.font('Helvetica').fontSize(10).text(`Jumlah permohonan: ${n(r.total)}`, M.left, doc.y);
  doc.y += 8;
  const parts: [string, ServicesReport['byService']][] = [
    ['Per layanan', r.byService],
    ['Per desa', r.byDesa],
    [r.dusunDesa ? `Per dusun (Desa ${r.dusunDesa})` : 'Per dusun', r.byDusun],
    ['Per saluran', r.byChannel],
    ['Per status', r.byStatus],
  ];
  for (const [heading, rows] of parts) {
    barChart(doc, heading, rows.map((g) => ({ label: g.label, value: g.count, text: n(g.count) })));
    table(doc, [heading.replace('Per ', '').replace(/^./, (c) => c.toUpperCase()), 'Jumlah'], rows.map((g) => [g.label, n(g.count)]), [380, 103]);
  }
  const c = r.complaints;
  room(doc, 40);
  doc.font('Helvetica-Bold').fontSize(12).fillColor('black').text(pdfSafe(`Pengaduan: ${n(c.total)}`), M.left, doc.y);
  doc.y += 6;
  barChart(doc, 'Pengaduan per status', c.byStatus.map((g) => ({ label: g.label, value: g.count, text: n(g.count) })));
  table(doc, ['Status pengaduan', 'Jumlah'], c.byStatus.map((g) => [g.label, n(g.count)]), [380, 103]);
  table(doc, ['Layanan pengaduan', 'Jumlah'], c.byService.map((g) => [g.label, n(g.count)]), [380, 103]);
  doc.end();
  return done;
}

export function slaPdf(r: SlaReport, kop: Kop, now: Date): Promise<Buffer> {
  const { doc, done } = start('Laporan Ketepatan Waktu (SLA)', kop, r.period, now);
  barChart(doc, 'Selesai tepat waktu (% dari yang selesai)', r.rows.filter((s) => s.metPct !== null).map((s) => ({ label: s.label, value: s.metPct!, text: `${n(s.metPct, 1)}%` })), 100);
  table(
    doc,
    ['Layanan', 'SLA (hari kerja)', 'Selesai', 'Tepat waktu', '%', 'Median', 'P90'],
    r.rows.map((s) => [s.label, n(s.slaDays), n(s.finished), n(s.met), s.metPct === null ? '-' : n(s.metPct, 1), n(s.medianDays), n(s.p90Days)]),
    [173, 60, 50, 55, 45, 50, 50],
  );
  doc.end();
  return done;
}

export function ikmPdf(r: IkmFullReport, kop: Kop, now: Date): Promise<Buffer> {
  const { doc, done } = start('Laporan Indeks Kepuasan Masyarakat (IKM)', kop, r.period, now);
  const o = r.overall;
  doc.font('Helvetica').fontSize(10).text(
    pdfSafe(`Responden: ${n(o.responses)}   IKM: ${o.converted === null ? '-' : n(o.converted, 2)}   Mutu: ${o.mutu ?? '-'} (${o.kinerja ?? '-'})   (PermenPAN-RB 14/2017)`),
    M.left,
    doc.y,
  );
  doc.y += 8;
  barChart(doc, 'NRR per unsur (skala 1-4)', SKM_UNSUR.filter((u) => o.nrr[u] !== null).map((u) => ({ label: u.toUpperCase(), value: o.nrr[u]!, text: n(o.nrr[u], 3) })), 4);
  table(
    doc,
    ['Unsur', 'NRR', 'NRR tertimbang (x 1/9)'],
    SKM_UNSUR.map((u) => [u.toUpperCase(), n(o.nrr[u], 3), n(o.weighted[u], 4)]),
    [200, 120, 163],
  );
  barChart(doc, 'IKM per layanan (x 25)', r.byService.filter((s) => s.converted !== null).map((s) => ({ label: s.label, value: s.converted!, text: n(s.converted, 2) })), 100);
  table(
    doc,
    ['Layanan', 'Responden', 'IKM', 'IKM x 25', 'Mutu'],
    r.byService.map((s) => [s.label, n(s.responses), n(s.ikm, 3), n(s.converted, 2), s.mutu ?? '-']),
    [223, 65, 65, 70, 60],
  );
  doc.end();
  return done;
}
