/**
 * What the register search knows of a stored submission: the applicant's NIK, name and phone,
 * pulled out of whatever payload it has. A request captured here keeps them in
 * `payload.applicant` and `payload.answers.noHp`; an imported record is arbitrary JSON, so the
 * usual keys are looked for at the top and one level down in `payload`:
 * `applicant` or `pemohon` objects, or plain `nik` / `nama` members.
 */

/** Bounds: a name is cut to this many characters and tokens before indexing. */
export const MAX_NAME_LENGTH = 200;
export const MAX_NAME_TOKENS = 8;
export const MAX_TOKEN_LENGTH = 24;

export interface SearchTerms {
  /** 16 digits, or null. */
  nik: string | null;
  /** The name as written (trimmed, bounded), for display; null when none. */
  nama: string | null;
  /** National significant number: "81234567890" for 0812-3456-7890, +62 812…, 62812…; or null. */
  phone: string | null;
  /** Distinct normalised name tokens (see nameTokens). */
  tokens: string[];
}

/** Keys that hold a phone number in answers, applicant objects or records (compared case-insensitively). */
const PHONE_KEYS = new Set(['nohp', 'nomorhp', 'hp', 'telepon', 'notelp', 'notelepon', 'phone', 'telp', 'nowa', 'whatsapp']);

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null);

/** A name's searchable words: lower case, accents and apostrophes dropped, split on anything not a-z. */
export function nameTokens(text: string): string[] {
  const folded = text
    .slice(0, MAX_NAME_LENGTH)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’`]/g, '');
  const out: string[] = [];
  for (const t of folded.split(/[^a-z]+/)) {
    const token = t.slice(0, MAX_TOKEN_LENGTH);
    if (token !== '' && !out.includes(token)) out.push(token);
    if (out.length === MAX_NAME_TOKENS) break;
  }
  return out;
}

/** Digits of a phone as typed (0812…, +62 812…, 62-812…) → "812…", or null if it is not an Indonesian mobile or fixed number. */
export function normalisePhone(text: string): string | null {
  const compact = text.replace(/[\s.\-()/]/g, '');
  const m = /^(?:\+62|62|0)([1-9]\d{6,12})$/.exec(compact);
  return m ? m[1]! : null;
}

/** A 16-digit NIK (spaces, dots and dashes allowed between digits), or null. */
export function normaliseNik(value: unknown): string | null {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : typeof value === 'string' ? value : null;
  if (text === null) return null;
  const digits = text.replace(/[\s.-]/g, '');
  return /^\d{16}$/.test(digits) ? digits : null;
}

function nameOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const name = value.trim().replace(/\s+/g, ' ').slice(0, MAX_NAME_LENGTH);
  return name === '' ? null : name;
}

function phoneIn(obj: Obj | null): string | null {
  if (!obj) return null;
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'string' && PHONE_KEYS.has(k.toLowerCase())) {
      const p = normalisePhone(v);
      if (p) return p;
    }
  }
  return null;
}

/** The applicant's search terms of a stored payload (a request, or an imported record of any shape). */
export function searchTermsOf(payload: unknown): SearchTerms {
  const root = asObject(payload);
  let nik: string | null = null;
  let nama: string | null = null;
  let phone: string | null = null;
  // The request model first, then the interchange format's nested payload.
  for (const layer of [root, asObject(root?.['payload'])]) {
    if (!layer) continue;
    const who = asObject(layer['applicant']) ?? asObject(layer['pemohon']);
    nik ??= normaliseNik(who?.['nik']) ?? normaliseNik(layer['nik']);
    nama ??= nameOf(who?.['nama']) ?? nameOf(who?.['name']) ?? nameOf(layer['nama']) ?? nameOf(layer['name']);
    phone ??= phoneIn(asObject(layer['answers'])) ?? phoneIn(who) ?? phoneIn(layer);
  }
  return { nik, nama, phone, tokens: nama ? nameTokens(nama) : [] };
}
