import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { glyph } from './font5x7.js';
import type { PrintedLine } from './interpreter.js';

/**
 * A printed receipt → plain text and a PNG at printer-dot scale (203 dpi: 576 dots for 80 mm,
 * 384 for 58 mm). A normal character cell is 12x24 dots, the size of ESC/POS font A.
 */
const CELL_W = 12;
const CELL_H = 24;
const MARGIN = 16;

export function receiptToText(lines: PrintedLine[], columns: number): string {
  return lines
    .map((l) => {
      if (l.kind === 'qr') return `${' '.repeat(Math.max(0, Math.floor((columns - 6 - l.data.length) / 2)))}[QR: ${l.data}]`;
      const width = Math.floor(columns / l.w);
      const pad = l.align === 'center' ? Math.floor((width - l.text.length) / 2) : l.align === 'right' ? width - l.text.length : 0;
      return (' '.repeat(Math.max(0, pad)) + l.text).trimEnd();
    })
    .join('\n');
}

function qrMatrix(data: string, ec: 'L' | 'M' | 'Q' | 'H'): { size: number; dark: (r: number, c: number) => boolean } {
  const qr = QRCode.create(data, { errorCorrectionLevel: ec });
  return { size: qr.modules.size, dark: (r, c) => qr.modules.get(r, c) === 1 };
}

export function receiptToPng(lines: PrintedLine[], columns: number): Buffer {
  const width = columns * CELL_W;
  const qrs = new Map<PrintedLine, ReturnType<typeof qrMatrix>>();
  let height = MARGIN * 2;
  for (const l of lines) {
    if (l.kind === 'qr') {
      const m = qrMatrix(l.data, l.ec);
      qrs.set(l, m);
      height += (m.size + 8) * l.module; // 4-module quiet zone above and below
    } else height += CELL_H * l.h;
  }
  const png = new PNG({ width, height });
  png.data.fill(255);
  const dot = (x: number, y: number): void => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const i = (y * width + x) * 4;
    png.data[i] = png.data[i + 1] = png.data[i + 2] = 0;
    png.data[i + 3] = 255;
  };
  let y = MARGIN;
  for (const l of lines) {
    if (l.kind === 'qr') {
      const m = qrs.get(l)!;
      const side = (m.size + 8) * l.module;
      const x0 = l.align === 'center' ? Math.floor((width - side) / 2) : l.align === 'right' ? width - side : 0;
      for (let r = 0; r < m.size; r++)
        for (let c = 0; c < m.size; c++)
          if (m.dark(r, c))
            for (let dy = 0; dy < l.module; dy++)
              for (let dx = 0; dx < l.module; dx++) dot(x0 + (c + 4) * l.module + dx, y + (r + 4) * l.module + dy);
      y += side;
      continue;
    }
    const cw = CELL_W * l.w;
    const textW = l.text.length * cw;
    let x = l.align === 'center' ? Math.floor((width - textW) / 2 / CELL_W) * CELL_W : l.align === 'right' ? width - textW : 0;
    for (const ch of l.text) {
      const rows = glyph(ch.charCodeAt(0));
      // Glyph 5x7 scaled 2x (4x for double size) inside the 12x24 cell, one dot of left bearing.
      const sx = 2 * l.w;
      const sy = 2 * l.h;
      const ox = x + l.w;
      const oy = y + 4 * l.h;
      rows.forEach((bits, r) => {
        for (let c = 0; c < 5; c++) {
          if (!(bits & (0x10 >> c))) continue;
          for (let dy = 0; dy < sy; dy++)
            for (let dx = 0; dx < sx + (l.bold ? 1 : 0); dx++) dot(ox + c * sx + dx, oy + r * sy + dy);
        }
      });
      x += cw;
    }
    y += CELL_H * l.h;
  }
  return PNG.sync.write(png, { colorType: 0 });
}
