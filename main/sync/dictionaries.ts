import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOGUE_DIR } from '../paths.js';
import { DICTIONARY_ID } from '../../shared/sync/container.js';

/**
 * The zstd dictionaries for batch records (container codec 3), shipped and versioned with the
 * catalogue: `main/catalogue/dictionaries/<id>.zdict`, id `records-N`, trained offline by
 * `tests/bench/train-dictionary.mjs` on records of the catalogue's services. A dictionary
 * file is never changed once shipped (a batch built with it may wait weeks on a kiosk or a stick):
 * a new catalogue gets `records-N+1` beside it. The hub decodes with any it holds and lists them on
 * its status page; a kiosk compresses with the newest the link's hub listed.
 */
export interface Dictionaries {
  get(id: string): Buffer | undefined;
  ids(): string[];
}

export const DICTIONARY_DIR = join(CATALOGUE_DIR, 'dictionaries');

/** Ordered by version (records-2 after records-1), so the last is the newest. */
function byVersion(a: string, b: string): number {
  const n = (s: string): number => Number(/-(\d+)$/.exec(s)?.[1] ?? 0);
  return n(a) - n(b) || a.localeCompare(b);
}

export function loadDictionaries(dir: string = DICTIONARY_DIR): Dictionaries {
  const map = new Map<string, Buffer>();
  if (existsSync(dir)) {
    for (const f of readdirSync(dir)) {
      const id = f.replace(/\.zdict$/, '');
      if (id === f || !DICTIONARY_ID.test(id)) continue;
      map.set(id, readFileSync(join(dir, f)));
    }
  }
  const ids = [...map.keys()].sort(byVersion);
  return { get: (id) => map.get(id), ids: () => [...ids] };
}

let shipped: Dictionaries | null = null;
/** The dictionaries shipped with this build (read once). */
export function shippedDictionaries(): Dictionaries {
  return (shipped ??= loadDictionaries());
}

/** The newest dictionary both this device and the link's hub hold, or null (then plain zstd). */
export function pickDictionary(local: Dictionaries, hubListed: readonly string[] | null | undefined): string | null {
  if (!hubListed?.length) return null;
  const both = local.ids().filter((id) => hubListed.includes(id));
  return both.at(-1) ?? null;
}
