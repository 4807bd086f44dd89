import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { TOKEN_INFO_KEY } from './pdf.js';

/** Largest PDF read to find a token (a letter is ~10-60 KB; a logo adds at most 512 KiB). */
export const MAX_PDF_BYTES = 4 * 1024 * 1024;

/**
 * The token in a letter PDF's info dictionary, without rendering it: Anjungan writes it as
 * `/AnjunganLetterToken N 0 R` pointing to an uncompressed string object. null when the file
 * holds none (not an Anjungan letter, or re-saved by a program that packed its objects).
 */
export function tokenFromPdf(path: string): string | null {
  const size = statSync(path).size;
  if (size > MAX_PDF_BYTES) throw new Error(`${path} is larger than ${MAX_PDF_BYTES} bytes; not a letter from Anjungan`);
  const buf = Buffer.alloc(size);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buf, 0, size, 0);
  } finally {
    closeSync(fd);
  }
  return tokenFromPdfBytes(buf);
}

export function tokenFromPdfBytes(bytes: Buffer): string | null {
  const text = bytes.toString('latin1');
  if (!text.startsWith('%PDF-')) return null;
  const key = `/${TOKEN_INFO_KEY}`;
  const direct = new RegExp(`${key}\\s*\\(([A-Za-z0-9_-]{1,400})\\)`).exec(text);
  if (direct) return direct[1]!;
  const ref = new RegExp(`${key}\\s+(\\d+)\\s+(\\d+)\\s+R`).exec(text);
  if (!ref) return null;
  const obj = new RegExp(`(?:^|[\\r\\n])${ref[1]}\\s+${ref[2]}\\s+obj\\s*\\(([A-Za-z0-9_-]{1,400})\\)\\s*endobj`).exec(text);
  return obj ? obj[1]! : null;
}
