import { z } from 'zod';

/**
 * Letter numbers ("nomor surat") from a pattern an office can set, for example
 * `470/{nomor}/{kode desa}/{bulan romawi}/{tahun}` -> 470/007/2001/XI/2026. The sequence
 * ({nomor}) starts again at 1 every calendar year, per office (main/db/queries/letters.ts).
 */
export const NUMBER_TOKENS = ['kode', 'nomor', 'kode desa', 'bulan romawi', 'bulan', 'tahun', 'perangkat'] as const;
export type NumberToken = (typeof NUMBER_TOKENS)[number];

/** Longest letter number: it travels in the QR token, so it is kept short. */
export const MAX_NUMBER_LENGTH = 40;

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'] as const;

/** 1..12 -> I..XII (bulan romawi, as Indonesian letter numbers write the month). */
export function romanMonth(month: number): string {
  const r = ROMAN[month - 1];
  if (!r) throw new Error(`month out of range: ${month}`);
  return r;
}

/** Problems of a pattern: unknown {token}, no {nomor}, stray braces or characters a file name or QR should not carry. */
export function patternProblems(pattern: string): string[] {
  const problems: string[] = [];
  const tokens = [...pattern.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!);
  for (const t of tokens) if (!(NUMBER_TOKENS as readonly string[]).includes(t)) problems.push(`unknown part {${t}} (use ${NUMBER_TOKENS.map((n) => `{${n}}`).join(', ')})`);
  if (!tokens.includes('nomor')) problems.push('the pattern needs {nomor}, the running number');
  const rest = pattern.replace(/\{[^{}]*\}/g, '');
  if (/[{}]/.test(rest)) problems.push('a brace without its pair');
  if (!/^[A-Za-z0-9./ -]*$/.test(rest)) problems.push('only letters, digits, "/", ".", "-" and spaces between the parts');
  return problems;
}

export const LetterNumberPattern = z
  .string()
  .trim()
  .min(6)
  .max(80)
  .superRefine((p, ctx) => {
    for (const message of patternProblems(p)) ctx.addIssue({ code: 'custom', message });
  });

export interface NumberParts {
  /** The template's classification code (kode klasifikasi surat), e.g. 470. */
  kode: string;
  sequence: number;
  /** The desa code of the office, 36.04.KK.2NNN. */
  officeCode: string;
  /** The letter's date as yyyy-mm-dd (the office's calendar day). */
  date: string;
  /** Short code of the issuing device (for offices with more than one issuing desk). */
  device: string;
}

/** The number for these parts; throws when the result is longer than MAX_NUMBER_LENGTH. */
export function formatLetterNumber(pattern: string, p: NumberParts): string {
  const [year, month] = p.date.split('-').map(Number) as [number, number];
  const values: Record<NumberToken, string> = {
    kode: p.kode,
    nomor: String(p.sequence).padStart(3, '0'),
    'kode desa': p.officeCode.split('.').at(-1) ?? p.officeCode,
    'bulan romawi': romanMonth(month),
    bulan: String(month).padStart(2, '0'),
    tahun: String(year),
    perangkat: p.device,
  };
  const out = pattern.replace(/\{([^{}]*)\}/g, (whole, name: string) => values[name as NumberToken] ?? whole);
  if (out.length > MAX_NUMBER_LENGTH) throw new Error(`letter number "${out}" is longer than ${MAX_NUMBER_LENGTH} characters; shorten the pattern`);
  return out;
}

/** The number as a file name: "470/007/2001/XI/2026" -> "470-007-2001-XI-2026". */
export function numberFileName(number: string): string {
  return number.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '').replace(/\.{2,}/g, '.') || 'surat';
}
