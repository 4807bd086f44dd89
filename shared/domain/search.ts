import { normaliseLookupCode } from './identifiers.js';
import { nameTokens, normalisePhone } from './search-terms.js';
import type { SubmissionStatus } from './submission.js';

/**
 * The register search (issue 10 §5): one box that takes a NIK (whole or its first digits), a
 * name with typos, a registration number, a tracking code or a phone number. This file reads
 * the box; main/db/queries/search.ts answers it.
 */

export const MAX_QUERY_LENGTH = 100;
export const MAX_SEARCH_LIMIT = 100;
/** Paging stops here: nobody reads past it, and it bounds the work of one page. */
export const MAX_SEARCH_OFFSET = 10_000;
/** A NIK prefix needs at least the kabupaten and kecamatan (PPKKCC). */
export const MIN_NIK_PREFIX = 6;
/** At most this many words of a query are matched against names. */
export const MAX_QUERY_TOKENS = 6;

export type MatchedBy = 'nik' | 'name' | 'registration' | 'tracking' | 'phone';

/** What the query looked like, for the audit log (never the text itself). */
export type QueryKind = 'name' | 'nik' | 'phone' | 'code' | 'other';

export interface SearchHit {
  id: string;
  registrationNo: string;
  trackingCode: string;
  nik: string | null;
  nama: string | null;
  serviceId: string;
  status: SubmissionStatus;
  createdAt: string;
  matchedBy: MatchedBy;
  /** 0..1, higher is better; 1 = an identifier matched exactly, or every name word exactly. */
  score: number;
}

export interface SearchResult {
  items: SearchHit[];
  /** Every match, not only this page. */
  total: number;
  kind: QueryKind;
}

export interface ParsedQuery {
  kind: QueryKind;
  /** NIK digits: the whole NIK (exact) or its first 6..15 digits (prefix). */
  nik: { digits: string; exact: boolean } | null;
  /** National significant number (see normalisePhone). */
  phone: string | null;
  /** Spellings to look up exactly as registration number or tracking code. */
  codes: string[];
  /** Name words (a query with digits has none). */
  nameTokens: string[];
}

/** Reads the search box. Pure; the caller has trimmed and bounded the text. */
export function parseSearchQuery(input: string): ParsedQuery {
  const text = input.trim().slice(0, MAX_QUERY_LENGTH);
  const oneWord = text !== '' && !/\s/.test(text);
  const hasDigit = /\d/.test(text);
  const digits = text.replace(/[\s.\-()]/g, '');
  const numeric = /^\+?\d+$/.test(digits);

  let nik: ParsedQuery['nik'] = null;
  let phone: string | null = null;
  if (numeric) {
    const d = digits.replace('+', '');
    // A NIK starts with a province code (11..94), never with 0.
    if (!digits.startsWith('+') && !d.startsWith('0')) {
      if (d.length === 16) nik = { digits: d, exact: true };
      else if (d.length >= MIN_NIK_PREFIX && d.length < 16) nik = { digits: d, exact: false };
    }
    phone = normalisePhone(digits);
  }

  const codes: string[] = [];
  if (oneWord && text.length <= 40) {
    const canonical = normaliseLookupCode(text);
    for (const c of [text, text.toUpperCase(), canonical, canonical.replace(/-/g, '')]) if (!codes.includes(c)) codes.push(c);
  }

  const tokens = hasDigit ? [] : nameTokens(text).slice(0, MAX_QUERY_TOKENS);
  return { kind: kindOf(numeric, nik, phone, tokens, hasDigit), nik, phone, codes, nameTokens: tokens };
}

function kindOf(numeric: boolean, nik: ParsedQuery['nik'], phone: string | null, tokens: string[], hasDigit: boolean): QueryKind {
  if (numeric) return nik?.exact ? 'nik' : phone ? 'phone' : nik ? 'nik' : 'other';
  if (hasDigit) return 'code';
  return tokens.length > 0 ? 'name' : 'other';
}
