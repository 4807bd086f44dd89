import { z } from 'zod';

/**
 * Several ways up (issue 12 §3): an ordered list of upstreams (the office LAN hub, the kecamatan
 * relay, a mobile link), each with an optional daily byte budget (metered data) and time windows
 * (a VSAT window at 18–20). Pure: the engine asks `chooseLink` which one to use now.
 */

/** "HH:MM-HH:MM" in office time; a window may run past midnight (22:00-02:00). */
const WINDOW_FORM = /^([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
export const LinkWindow = z
  .string()
  .regex(WINDOW_FORM, 'a time window such as 18:00-20:00')
  // zod runs this even after the pattern failed: only a well-formed window is measured.
  .refine((w) => !WINDOW_FORM.test(w) || windowMinutes(w).from !== windowMinutes(w).to, 'a time window must not start and end at the same minute');

export const SyncLink = z
  .object({
    name: z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9 ._-]+$/, 'a link name: letters, digits, space, ".", "_" or "-"'),
    url: z.string().max(300).regex(/^https?:\/\/[^\s]+$/, 'an http(s) URL such as http://10.0.0.5:4790'),
    /** Bytes up and down a day (office time); null: unmetered. */
    dailyBudgetBytes: z.number().int().min(64 * 1024).max(1_000_000_000_000).nullable(),
    /** When the link may be used; empty: always. */
    windows: z.array(LinkWindow).max(6),
  })
  .strict();
export type SyncLink = z.infer<typeof SyncLink>;

export const SyncLinks = z
  .array(SyncLink)
  .max(8, 'at most 8 links')
  .refine((ls) => new Set(ls.map((l) => l.name)).size === ls.length, 'link names must differ');

/** Kabupaten Serang keeps WIB (UTC+7) all year: windows and the budget's day are in it, whatever the machine's zone. */
export const OFFICE_UTC_OFFSET_MINUTES = 7 * 60;

/** Minute of the office day (0–1439) of an instant. */
export function officeMinute(at: Date): number {
  const m = Math.floor(at.getTime() / 60_000) + OFFICE_UTC_OFFSET_MINUTES;
  return ((m % 1440) + 1440) % 1440;
}

/** The office's calendar day (YYYY-MM-DD) of an instant: a budget starts again at midnight WIB. */
export function officeDay(at: Date): string {
  return new Date(at.getTime() + OFFICE_UTC_OFFSET_MINUTES * 60_000).toISOString().slice(0, 10);
}

function windowMinutes(w: string): { from: number; to: number } {
  const [a, b] = w.split('-') as [string, string];
  const min = (t: string): number => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  return { from: min(a), to: min(b) % 1440 };
}

/** Whether a link's windows allow it at this minute of the office day (no windows: always). */
export function windowOpen(windows: readonly string[], minute: number): boolean {
  if (windows.length === 0) return true;
  return windows.some((w) => {
    const { from, to } = windowMinutes(w);
    return from < to ? minute >= from && minute < to : minute >= from || minute < to;
  });
}

/** Minutes until the next window opens (0 when open now; null when it never closes). */
export function minutesUntilOpen(windows: readonly string[], minute: number): number {
  if (windowOpen(windows, minute)) return 0;
  let best = 1440;
  for (const w of windows) best = Math.min(best, (windowMinutes(w).from - minute + 1440) % 1440);
  return best;
}

export type LinkState = 'in_use' | 'ready' | 'down' | 'closed' | 'over_budget';

/** What the desk shows for each link. */
export interface LinkStatus {
  name: string;
  url: string;
  state: LinkState;
  /** Bytes carried today (office day), up and down. */
  usedToday: number;
  dailyBudgetBytes: number | null;
  windows: string[];
  /** The link's last measured upload speed; null until a large enough upload was timed. */
  bytesPerSecond: number | null;
  /** Minutes until a closed link's next window. */
  opensInMinutes: number | null;
}

/** What the engine knows of a link right now. */
export interface LinkFacts {
  usedToday: number;
  /** Bytes of a batch today's budget could not carry: the link is spent for the day (its small exchanges too). */
  held?: number;
  /** The link failed and is not tried again before this time (ms since epoch). */
  downUntil: number;
}

/**
 * The first link, in the office's order, that is up, inside a window and under its budget; when
 * every allowed link failed lately, the first of those anyway (a failure only reorders: with one
 * link, or all down, the engine must still notice a link come back at once). `needBytes` is
 * what the next step would carry: a budget that cannot hold it refuses the link.
 */
export function chooseLink(links: readonly SyncLink[], facts: (name: string) => LinkFacts, at: Date, needBytes = 0, skip: ReadonlySet<string> = new Set()): number | null {
  const minute = officeMinute(at);
  let fallback: number | null = null;
  for (let i = 0; i < links.length; i++) {
    const l = links[i]!;
    if (skip.has(l.name)) continue;
    const s = linkState(l, facts(l.name), minute, at.getTime(), needBytes);
    if (s === 'ready') return i;
    if (s === 'down') fallback ??= i;
  }
  return fallback;
}

/** A link's state, not counting whether it is the one in use. */
export function linkState(link: SyncLink, f: LinkFacts, minute: number, nowMs: number, needBytes = 0): Exclude<LinkState, 'in_use'> {
  if (!windowOpen(link.windows, minute)) return 'closed';
  if (link.dailyBudgetBytes !== null && f.usedToday + (f.held ?? 0) + needBytes >= link.dailyBudgetBytes) return 'over_budget';
  if (f.downUntil > nowMs) return 'down';
  return 'ready';
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, k: 1024, mb: 1024 ** 2, m: 1024 ** 2, gb: 1024 ** 3, g: 1024 ** 3 };

/**
 * The command-line form of a link: `NAME=URL[,budget=SIZE][,window=HH:MM-HH:MM]...`, e.g.
 * `vsat=http://10.8.0.1:4790,budget=50MB,window=18:00-20:00`. Throws an English error naming the fault.
 */
export function parseLinkSpec(spec: string): SyncLink {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new Error(`link "${spec}": expected NAME=URL[,budget=SIZE][,window=HH:MM-HH:MM]`);
  const name = spec.slice(0, eq).trim();
  const [url = '', ...opts] = spec.slice(eq + 1).split(',');
  let dailyBudgetBytes: number | null = null;
  const windows: string[] = [];
  for (const o of opts) {
    const [k, v = ''] = o.split('=', 2) as [string, string?];
    if (k === 'budget') {
      const m = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/.exec(v.trim());
      const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
      if (!m || unit === undefined) throw new Error(`link "${name}": budget "${v}" is not a size such as 50MB`);
      dailyBudgetBytes = Math.round(Number(m[1]) * unit);
    } else if (k === 'window') windows.push(v.trim());
    else throw new Error(`link "${name}": unknown option "${k}" (budget, window)`);
  }
  const parsed = SyncLink.safeParse({ name, url: url.trim(), dailyBudgetBytes, windows });
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new Error(`link "${name}": ${i.path.join('.') || 'link'}: ${i.message}`);
  }
  return parsed.data;
}
