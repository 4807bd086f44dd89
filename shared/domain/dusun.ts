import { z } from 'zod';

/**
 * The office's dusun (hamlets, issue 11 §2 "per dusun/desa"): a dusun groups several RW of the
 * office's desa. Requests store the applicant's RT/RW (from the e-KTP: three digits, "005") and
 * the desa, never a dusun, so the admin sets which RW belong to which dusun (the setting
 * `dusunMap`), and the services report maps RW to dusun when it is read (nothing is re-tallied
 * when the mapping changes). Pure: the schema, the editor's rules and the report's grouping.
 */

export const MAX_DUSUN = 30;
export const MAX_RW_PER_DUSUN = 60;
export const DUSUN_NAME_MAX = 40;

/** An RW as the app stores it: three digits, 001 to 999. */
export const Rw = z.string().regex(/^(?!000)\d{3}$/, 'an RW of three digits, 001 to 999');

const NAME_FORM = /^[\p{L}\p{N}][\p{L}\p{N} .'()/-]*$/u;
export const DusunName = z
  .string()
  .trim()
  .min(1)
  .max(DUSUN_NAME_MAX)
  .regex(NAME_FORM, 'a dusun name: letters, digits, spaces and . \' ( ) / -, starting with a letter or digit');

export const Dusun = z
  .object({
    name: DusunName,
    rws: z.array(Rw).min(1, 'a dusun holds at least one RW').max(MAX_RW_PER_DUSUN),
  })
  .strict();
export type Dusun = z.infer<typeof Dusun>;

const nameKey = (name: string): string => name.trim().toLocaleLowerCase('id').replace(/\s+/g, ' ');

export const DusunMap = z
  .array(Dusun)
  .max(MAX_DUSUN, `at most ${MAX_DUSUN} dusun`)
  .superRefine((list, ctx) => {
    const names = new Map<string, number>();
    const owner = new Map<string, number>();
    list.forEach((d, i) => {
      const k = nameKey(d.name);
      if (names.has(k)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `dusun "${d.name}" is named twice` });
      names.set(k, i);
      d.rws.forEach((rw, j) => {
        const held = owner.get(rw);
        if (held !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'rws', j], message: `RW ${rw} is in two dusun (${list[held]!.name}, ${d.name})` });
        else owner.set(rw, i);
      });
    });
  });
export type DusunMap = z.infer<typeof DusunMap>;

/** "5", "05", "005" and " 5 " are RW 005 (as the e-KTP writes it); anything else is not an RW (null). */
export function normalRw(text: string): string | null {
  const s = text.trim();
  if (!/^\d{1,3}$/.test(s)) return null;
  const rw = s.padStart(3, '0');
  return rw === '000' ? null : rw;
}

// --- The Pengaturan editor's rows, as typed, to the setting (checked again by DusunMap on save) ---

export interface DusunDraft {
  name: string;
  /** RW numbers separated by commas or spaces: "1, 2, 003". */
  rws: string;
}
export type DusunProblem =
  | { field: 'name'; code: 'name' | 'duplicate' }
  | { field: 'rws'; code: 'empty' | 'tooMany' }
  | { field: 'rws'; code: 'rw'; rw: string }
  | { field: 'rws'; code: 'taken'; rw: string; other: string };
export type DusunDraftResult = { ok: true; map: DusunMap } | { ok: false; rows: DusunProblem[][]; tooMany: boolean };

export const draftOfDusun = (d: Dusun): DusunDraft => ({ name: d.name, rws: d.rws.join(', ') });

/** The editor's rows to the setting, or each row's problems (every one, so the admin sees them all at once). */
export function dusunFromDrafts(drafts: readonly DusunDraft[]): DusunDraftResult {
  const names = new Set<string>();
  const owner = new Map<string, string>();
  const parsed = drafts.map((d) => {
    const problems: DusunProblem[] = [];
    const name = d.name.trim().replace(/\s+/g, ' ');
    if (!DusunName.safeParse(name).success) problems.push({ field: 'name', code: 'name' });
    else if (names.has(nameKey(name))) problems.push({ field: 'name', code: 'duplicate' });
    names.add(nameKey(name));
    const tokens = d.rws.split(/[\s,;]+/).filter(Boolean);
    const rws: string[] = [];
    for (const tok of tokens) {
      const rw = normalRw(tok);
      if (rw === null) problems.push({ field: 'rws', code: 'rw', rw: tok.slice(0, 12) });
      else if (rws.includes(rw)) continue;
      else if (owner.has(rw)) problems.push({ field: 'rws', code: 'taken', rw, other: owner.get(rw)! });
      else {
        owner.set(rw, name);
        rws.push(rw);
      }
    }
    if (tokens.length === 0) problems.push({ field: 'rws', code: 'empty' });
    if (rws.length > MAX_RW_PER_DUSUN) problems.push({ field: 'rws', code: 'tooMany' });
    return { dusun: { name, rws: [...rws].sort() }, problems };
  });
  const tooMany = drafts.length > MAX_DUSUN;
  if (tooMany || parsed.some((p) => p.problems.length > 0)) return { ok: false, rows: parsed.map((p) => p.problems), tooMany };
  // The setting's own schema has the last word.
  const map = DusunMap.safeParse(parsed.map((p) => p.dusun));
  return map.success ? { ok: true, map: map.data } : { ok: false, rows: parsed.map(() => []), tooMany };
}

// --- The services report's grouping per dusun ---

/** The report's key of requests of this desa whose RW no dusun holds (or that have no RW). */
export const NO_DUSUN_KEY = '';
/** The report's key of requests whose applicant lives in another desa: not one of this office's dusun. */
export const OTHER_DESA_KEY = '(luar desa)';

/** A desa name as compared: "KRAMATWATU", "Desa Kramatwatu" and "kramat watu" are one desa. */
export function desaKey(name: string): string {
  return name
    .toLocaleLowerCase('id')
    .replace(/^\s*(desa|kelurahan|kel\.)\s+/, '')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

export interface RwCount {
  /** The desa as stored with the request ('' when none was). */
  desa: string;
  /** The RW as stored ('' when none was). */
  rw: string;
  count: number;
}

/**
 * Requests per dusun of the office's desa, most first (then the two groups below): a request of this desa (or whose desa was
 * not recorded: a desa office serves its own residents) counts in the dusun holding its RW, else
 * under NO_DUSUN_KEY; a request from another desa counts under OTHER_DESA_KEY, never in a dusun,
 * even when its RW number is one of them. `officeDesa` null (an office code outside the wilayah
 * list): every request counts as this desa's. Every request counts exactly once.
 */
export function countsPerDusun(rows: readonly RwCount[], officeDesa: string | null, map: DusunMap): { key: string; count: number }[] {
  const dusunOf = new Map<string, string>();
  for (const d of map) for (const rw of d.rws) dusunOf.set(rw, d.name);
  const own = officeDesa === null ? null : desaKey(officeDesa);
  const sums = new Map<string, number>();
  for (const r of rows) {
    const ours = own === null || r.desa.trim() === '' || desaKey(r.desa) === own;
    const rw = normalRw(r.rw);
    const key = !ours ? OTHER_DESA_KEY : ((rw !== null && dusunOf.get(rw)) || NO_DUSUN_KEY);
    sums.set(key, (sums.get(key) ?? 0) + r.count);
  }
  // The dusun first (most first), then this desa's requests without one, then the other desa's.
  const rank = (key: string): number => (key === NO_DUSUN_KEY ? 1 : key === OTHER_DESA_KEY ? 2 : 0);
  return [...sums.entries()]
    .filter(([, n]) => n > 0)
    .sort((a, b) => rank(a[0]) - rank(b[0]) || b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key, count]) => ({ key, count }));
}
