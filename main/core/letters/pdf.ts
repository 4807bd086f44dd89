import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { LetterContent } from '../../../shared/letters/content.js';

/**
 * Draws a letter as an A4 PDF with pdfkit, from its stored snapshot only, so the same snapshot
 * gives the same bytes (creation date = the letter's date; pdfkit derives the file ID from the
 * info dictionary). Standard PDF fonts (Times): nothing to ship or find on disk, and their
 * Latin-1 set covers Bahasa Indonesia. The QR is vector squares, sharp on any printer; the token
 * is also in the info dictionary (AnjunganLetterToken), so a PDF is verified without rendering.
 */
export const TOKEN_INFO_KEY = 'AnjunganLetterToken';
const A4 = { w: 595.28, h: 841.89 };
const M = { left: 70, right: 57, top: 40, bottom: 50 };
const WIDTH = A4.w - M.left - M.right;
const FONT = { regular: 'Times-Roman', bold: 'Times-Bold', italic: 'Times-Italic', small: 'Helvetica' } as const;

/** Text the standard fonts can draw: accents folded, anything outside Latin-1 becomes "?". */
export function pdfSafe(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[^\t\n\r\x20-\x7e\xa0-\xff]/g, '?');
}

export async function renderLetterPdf(c: LetterContent, logo: Buffer | null): Promise<Buffer> {
  const created = new Date(`${c.date}T00:00:00Z`);
  const doc = new PDFDocument({
    size: 'A4',
    margins: M,
    compress: true,
    autoFirstPage: true,
    bufferPages: true,
    info: {
      Title: pdfSafe(`${c.title} ${c.number}`),
      Subject: pdfSafe(c.serviceTitle),
      Author: pdfSafe(c.kop.lines.at(-1) ?? ''),
      Creator: 'Anjungan',
      Producer: 'Anjungan (pdfkit)',
      Keywords: `anjungan-letter ${c.token}`,
      CreationDate: created,
      ModDate: created,
      [TOKEN_INFO_KEY]: c.token,
    } as PDFKit.DocumentInfo,
  });
  const parts: Buffer[] = [];
  doc.on('data', (d: Buffer) => parts.push(d));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.on('error', reject);
  });
  drawKop(doc, c, logo);
  drawTitle(doc, c);
  drawBlocks(doc, c);
  drawSignature(doc, c);
  drawFooter(doc, c);
  doc.end();
  return done;
}

function drawKop(doc: PDFKit.PDFDocument, c: LetterContent, logo: Buffer | null): void {
  const top = M.top;
  if (logo) doc.image(logo, M.left, top, { fit: [62, 62], align: 'center', valign: 'center' });
  // The text is centred on the page whether or not there is a logo, as kop surat are.
  let y = top;
  c.kop.lines.forEach((line, i) => {
    const last = i === c.kop.lines.length - 1;
    doc.font(FONT.bold).fontSize(last ? 16 : 14);
    doc.text(pdfSafe(line), M.left + 40, y, { width: WIDTH - 80, align: 'center', lineBreak: false });
    y += last ? 19 : 16.5;
  });
  doc.font(FONT.italic).fontSize(10).text(pdfSafe(c.kop.address), M.left + 40, y + 1, { width: WIDTH - 80, align: 'center' });
  y = Math.max(doc.y, top + 64) + 4;
  doc.save().lineWidth(2.2).moveTo(M.left, y).lineTo(A4.w - M.right, y).stroke();
  doc.lineWidth(0.6).moveTo(M.left, y + 3.2).lineTo(A4.w - M.right, y + 3.2).stroke().restore();
  doc.y = y + 20;
}

function drawTitle(doc: PDFKit.PDFDocument, c: LetterContent): void {
  doc.font(FONT.bold).fontSize(13).text(pdfSafe(c.title), M.left, doc.y, { width: WIDTH, align: 'center', underline: true });
  doc.font(FONT.regular).fontSize(12).text(pdfSafe(`Nomor: ${c.number}`), M.left, doc.y + 2, { width: WIDTH, align: 'center' });
  doc.y += 18;
}

function drawBlocks(doc: PDFKit.PDFDocument, c: LetterContent): void {
  const labelX = M.left + 28;
  const colonX = M.left + 210;
  const valueX = colonX + 10;
  doc.font(FONT.regular).fontSize(12);
  for (const block of c.blocks) {
    if (block.kind === 'text') {
      for (const p of block.paragraphs) {
        doc.text(pdfSafe(p), M.left, doc.y, { width: WIDTH, align: 'justify', lineGap: 2.5 });
        doc.y += 8;
      }
      continue;
    }
    for (const row of block.rows) {
      if (doc.y > A4.h - M.bottom - 40) doc.addPage();
      const y = doc.y;
      doc.text(pdfSafe(row.label), labelX, y, { width: colonX - labelX - 6, lineGap: 2.5 });
      const afterLabel = doc.y;
      doc.text(':', colonX, y, { lineBreak: false });
      doc.text(pdfSafe(row.value), valueX, y, { width: A4.w - M.right - valueX, lineGap: 2.5 });
      doc.y = Math.max(doc.y, afterLabel) + 2;
    }
    doc.y += 8;
  }
}

/** Place and date, position, room to sign, name; the QR on the left of it. Kept together on one page. */
function drawSignature(doc: PDFKit.PDFDocument, c: LetterContent): void {
  const need = 175;
  if (doc.y + need > A4.h - M.bottom - 20) doc.addPage();
  const top = doc.y + 6;
  const x = M.left + WIDTH - 220;
  doc.font(FONT.regular).fontSize(12).text(pdfSafe(c.placeAndDate), x, top, { width: 220, align: 'center' });
  for (const line of c.signatory.position) doc.text(pdfSafe(line), x, doc.y, { width: 220, align: 'center' });
  const nameY = doc.y + 62;
  doc.font(FONT.bold).text(pdfSafe(c.signatory.name), x, nameY, { width: 220, align: 'center', underline: true });
  const qrSize = 92;
  drawQr(doc, c.token, M.left, top, qrSize);
  doc.font(FONT.small).fontSize(7).text(pdfSafe(c.verifyNote), M.left, top + qrSize + 4, { width: 180 });
  doc.y = Math.max(doc.y, nameY + 20);
}

/** The token as a QR of filled squares (one rectangle per dark run of a row), with a 4-module quiet zone. */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = size / (n + 8);
  doc.save();
  for (let r = 0; r < n; r++) {
    for (let col = 0; col < n; ) {
      if (qr.modules.get(r, col) !== 1) {
        col++;
        continue;
      }
      let end = col;
      while (end < n && qr.modules.get(r, end) === 1) end++;
      doc.rect(x + (col + 4) * cell, y + (r + 4) * cell, (end - col) * cell, cell);
      col = end;
    }
  }
  doc.fill('#000000').restore();
}

function drawFooter(doc: PDFKit.PDFDocument, c: LetterContent): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const text = pdfSafe(`${c.number} · registrasi ${c.registrationNo} · halaman ${i + 1} dari ${range.count}`);
    // Written inside the bottom margin: lift it temporarily so pdfkit does not start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(FONT.small).fontSize(7).fillColor('#555555').text(text, M.left, A4.h - 30, { width: WIDTH, align: 'center', lineBreak: false });
    doc.fillColor('#000000');
    doc.page.margins.bottom = bottom;
  }
}
