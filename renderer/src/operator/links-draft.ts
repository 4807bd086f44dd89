import { LinkWindow, SyncLink, SyncLinks } from '../../../shared/sync/links.js';

/**
 * The links editor's rows as typed (strings) and their conversion to the `syncLinks` setting.
 * Pure, so the rules are unit-tested; the core checks the same schema again on save.
 */
export interface LinkDraft {
  name: string;
  url: string;
  /** Megabytes a day, as the CLI's `budget=50MB` counts them (1 MB = 1,048,576 bytes); empty: no limit. */
  budgetMb: string;
  /** Windows separated by commas or spaces, e.g. "18:00-20:00, 05:00-06:30"; empty: any time. */
  windows: string;
}

export type LinkField = 'name' | 'url' | 'budgetMb' | 'windows';
export type LinkProblem = 'name' | 'url' | 'budget' | 'windows' | 'duplicate';

export type DraftResult =
  | { ok: true; links: SyncLink[] }
  | { ok: false; rows: Partial<Record<LinkField, LinkProblem>>[]; tooMany: boolean };

export const MAX_LINKS = 8;
const MB = 1024 * 1024;

export function draftOf(link: SyncLink): LinkDraft {
  return {
    name: link.name,
    url: link.url,
    budgetMb: link.dailyBudgetBytes === null ? '' : String(Math.round((link.dailyBudgetBytes / MB) * 100) / 100),
    windows: link.windows.join(', '),
  };
}

export const emptyDraft = (): LinkDraft => ({ name: '', url: '', budgetMb: '', windows: '' });

/** "1,5" (Indonesian decimal comma) and "1.5" both read as one and a half. */
function budgetBytes(text: string): number | null | undefined {
  const s = text.trim().replace(',', '.');
  if (s === '') return null;
  if (!/^\d+(\.\d+)?$/.test(s)) return undefined;
  return Math.round(Number(s) * MB);
}

export function linksFromDrafts(drafts: readonly LinkDraft[]): DraftResult {
  const rows = drafts.map((d) => {
    const problems: Partial<Record<LinkField, LinkProblem>> = {};
    const budget = budgetBytes(d.budgetMb);
    const windows = d.windows.split(/[\s,;]+/).filter(Boolean);
    const link = { name: d.name.trim(), url: d.url.trim(), dailyBudgetBytes: budget ?? null, windows };
    if (!SyncLink.shape.name.safeParse(link.name).success) problems.name = 'name';
    if (!SyncLink.shape.url.safeParse(link.url).success) problems.url = 'url';
    if (budget === undefined || !SyncLink.shape.dailyBudgetBytes.safeParse(link.dailyBudgetBytes).success) problems.budgetMb = 'budget';
    if (windows.length > 6 || windows.some((w) => !LinkWindow.safeParse(w).success)) problems.windows = 'windows';
    return { link, problems };
  });
  const seen = new Set<string>();
  for (const r of rows) {
    const key = r.link.name.toLowerCase();
    if (key && seen.has(key) && !r.problems.name) r.problems.name = 'duplicate';
    seen.add(key);
  }
  const tooMany = drafts.length > MAX_LINKS;
  if (tooMany || rows.some((r) => Object.keys(r.problems).length > 0)) return { ok: false, rows: rows.map((r) => r.problems), tooMany };
  // The setting's own schema has the last word (a rule added there is kept here too).
  const parsed = SyncLinks.safeParse(rows.map((r) => r.link));
  return parsed.success ? { ok: true, links: parsed.data } : { ok: false, rows: rows.map(() => ({})), tooMany };
}

/** The row moved one place up (-1) or down (+1); the order is the order the engine tries them. */
export function moveDraft<T>(list: readonly T[], i: number, by: -1 | 1): T[] {
  const j = i + by;
  if (j < 0 || j >= list.length) return [...list];
  const out = [...list];
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}
