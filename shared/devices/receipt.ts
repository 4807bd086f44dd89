/**
 * The receipt as data: what a resident takes home after a submission. buildReceipt() is pure and
 * knows nothing of ESC/POS; native/printer turns the elements into printer bytes and the
 * simulator turns those bytes back into text and a picture, so the layout is testable anywhere.
 */
export interface ReceiptData {
  officeName: string;
  /** e.g. "Kecamatan Kramatwatu, Kabupaten Serang". */
  officeLine?: string;
  serviceTitle: string;
  registrationNo: string;
  trackingCode: string;
  /** Already formatted for the office's locale, e.g. "23/11/2026 09.30 WIB". */
  issuedAt: string;
  queueNo?: string;
  requirements: string[];
  /** e.g. "3 hari kerja". */
  sla?: string;
  /** A queue ticket taken without a request: printed as a ticket (no registration number, no QR). */
  ticket?: { label: string; lane: string | null; ahead: number };
}

export type Align = 'left' | 'center' | 'right';
export type ReceiptElement =
  | { kind: 'text'; text: string; align: Align; bold: boolean; size: 1 | 2 }
  | { kind: 'rule' }
  | { kind: 'qr'; data: string; cellSize: number }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut' };

export type PaperColumns = 32 | 48;
export const PAPER_COLUMNS: Record<'58mm' | '80mm', PaperColumns> = { '58mm': 32, '80mm': 48 };

/** Printers here get ASCII only (code pages differ per model): é → e, other symbols → '?'. */
export function asciiFold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\u2026/g, '...')
    .replace(/[^\x20-\x7e]/g, '?');
}

/** Word wrap to `width` columns; lines after the first get `indent`; over-long words are split. */
export function wrap(text: string, width: number, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  const room = (): number => Math.max(1, width - (lines.length > 0 ? indent.length : 0));
  for (let w of asciiFold(text).split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + w.length <= room()) {
      line += ` ${w}`;
      continue;
    }
    if (line) lines.push(line);
    while (w.length > room()) {
      lines.push(w.slice(0, room()));
      w = w.slice(room());
    }
    line = w;
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines.map((l, i) => (i > 0 ? indent + l : l)) : [''];
}

function text(t: string, columns: number, opts: Partial<{ align: Align; bold: boolean; size: 1 | 2; indent: string }> = {}): ReceiptElement[] {
  const size = opts.size ?? 1;
  return wrap(t, Math.floor(columns / size), opts.indent).map((line) => ({
    kind: 'text',
    text: line,
    align: opts.align ?? 'left',
    bold: opts.bold ?? false,
    size,
  }));
}

/** Label and value on one line when they fit ("Tanggal    23/11/2026 09.30"), else on two. */
function pair(label: string, value: string, columns: number): ReceiptElement[] {
  const l = asciiFold(label);
  const v = asciiFold(value);
  if (l.length + 1 + v.length <= columns) {
    return [{ kind: 'text', text: `${l}${' '.repeat(columns - l.length - v.length)}${v}`, align: 'left', bold: false, size: 1 }];
  }
  return [...text(l, columns), ...text(v, columns, { align: 'right' })];
}

export function buildReceipt(d: ReceiptData, columns: PaperColumns): ReceiptElement[] {
  if (d.ticket) return buildTicket(d, d.ticket, columns);
  const out: ReceiptElement[] = [
    ...text(d.officeName, columns, { align: 'center', bold: true }),
    ...(d.officeLine ? text(d.officeLine, columns, { align: 'center' }) : []),
    { kind: 'rule' },
    ...text(d.serviceTitle, columns, { align: 'center', bold: true }),
    { kind: 'feed', lines: 1 },
    ...text('Nomor registrasi', columns, { align: 'center' }),
  ];
  // Large when it fits in double width (20 chars at 48 columns); 58 mm paper keeps it bold only.
  out.push(...(d.registrationNo.length <= columns / 2 ? text(d.registrationNo, columns, { align: 'center', bold: true, size: 2 }) : text(d.registrationNo, columns, { align: 'center', bold: true })));
  out.push({ kind: 'feed', lines: 1 });
  if (d.queueNo) {
    out.push(...text('Nomor antrean', columns, { align: 'center' }), ...text(d.queueNo, columns, { align: 'center', bold: true, size: 2 }), { kind: 'feed', lines: 1 });
  }
  out.push(...pair('Tanggal', d.issuedAt, columns), ...pair('Kode lacak', d.trackingCode, columns));
  if (d.sla) out.push(...pair('Perkiraan selesai', d.sla, columns));
  if (d.requirements.length > 0) {
    out.push({ kind: 'rule' }, ...text('Persyaratan yang dibawa:', columns, { bold: true }));
    d.requirements.forEach((r, i) => out.push(...text(`${i + 1}. ${r}`, columns, { indent: '   ' })));
  }
  out.push(
    { kind: 'rule' },
    { kind: 'qr', data: d.trackingCode, cellSize: columns >= 48 ? 8 : 6 },
    ...text(`Pindai untuk melacak: ${d.trackingCode}`, columns, { align: 'center' }),
    { kind: 'feed', lines: 1 },
    ...text('Simpan struk ini.', columns, { align: 'center', bold: true }),
    { kind: 'feed', lines: 3 },
    { kind: 'cut' },
  );
  return out;
}

/** "Ambil nomor antrean": the office, the number very large, the lane, the time, how many wait ahead. */
function buildTicket(d: ReceiptData, t: NonNullable<ReceiptData['ticket']>, columns: PaperColumns): ReceiptElement[] {
  return [
    ...text(d.officeName, columns, { align: 'center', bold: true }),
    ...(d.officeLine ? text(d.officeLine, columns, { align: 'center' }) : []),
    { kind: 'rule' },
    ...text('Nomor antrean', columns, { align: 'center' }),
    ...text(t.label, columns, { align: 'center', bold: true, size: 2 }),
    ...(t.lane ? text(`Jalur prioritas: ${t.lane}`, columns, { align: 'center', bold: true }) : []),
    { kind: 'feed', lines: 1 },
    ...text(d.serviceTitle, columns, { align: 'center' }),
    ...pair('Tanggal', d.issuedAt, columns),
    ...pair('Menunggu di depan Anda', String(t.ahead), columns),
    { kind: 'rule' },
    ...text('Tunggu nomor Anda dipanggil.', columns, { align: 'center', bold: true }),
    { kind: 'feed', lines: 3 },
    { kind: 'cut' },
  ];
}

/** Plain-text view of the layout (what the simulator's .txt should also show). */
export function receiptText(elements: ReceiptElement[], columns: number): string {
  const lines: string[] = [];
  for (const e of elements) {
    if (e.kind === 'text') {
      const width = Math.floor(columns / e.size);
      const pad = e.align === 'center' ? Math.floor((width - e.text.length) / 2) : e.align === 'right' ? width - e.text.length : 0;
      lines.push(' '.repeat(Math.max(0, pad)) + e.text);
    } else if (e.kind === 'rule') lines.push('-'.repeat(columns));
    else if (e.kind === 'qr') lines.push(`[QR ${e.data}]`);
    else if (e.kind === 'feed') for (let i = 0; i < e.lines; i++) lines.push('');
  }
  return lines.join('\n');
}
