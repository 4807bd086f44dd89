import type { AgencyDefinition } from './agency.js';
import type { ServiceDefinition } from './schema.js';

/**
 * Service search as residents type it on the kiosk: their own words ("KTP", "kartu kuning",
 * "akte"), any case, with or without accents and hyphens, a typo or two, half a word while
 * typing. Pure and synchronous: the whole catalogue (100+ services) is searched on every key.
 */

/** "E-KTP (baru)" -> "ektp baru": lower case, no accents, hyphens joined, other punctuation a space. */
export function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/([\p{L}\p{N}])[-‐–]+(?=[\p{L}\p{N}])/gu, '$1')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words of a text; a hyphenated word counts joined ("ktpel") and as its parts ("ktp", "el"). */
export function wordsOf(text: string): string[] {
  const out = new Set(normalise(text).split(' ').filter(Boolean));
  for (const part of text.toLowerCase().split(/\s+/)) {
    if (!/[-‐–]/.test(part)) continue;
    for (const piece of normalise(part.replace(/[-‐–]/g, ' ')).split(' ')) if (piece) out.add(piece);
  }
  return [...out];
}

/**
 * Optimal-string-alignment distance (Damerau–Levenshtein with adjacent swaps), or `max + 1` as
 * soon as it is certain to exceed `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/** How many typos a word of this length may carry: none under 4 letters, 1 up to 7, 2 from 8. */
export function typosAllowed(length: number): number {
  return length < 4 ? 0 : length < 8 ? 1 : 2;
}

/** Where a word was found, best first; the score of a match is its place's weight. */
const WEIGHT = {
  phrase: 1000, // the whole query is one of the service's keywords or its title
  contains: 200, // the whole query (2+ words) appears in a keyword or the title
  keyword: 40,
  title: 30,
  agency: 20,
  summary: 10,
  prefixKeyword: 8,
  prefixTitle: 8,
  prefixAgency: 6,
  prefixSummary: 4,
  fuzzyKeyword: 3,
  fuzzyTitle: 3,
  fuzzyAgency: 2,
  fuzzySummary: 1,
} as const;

interface Doc<S> {
  service: S;
  rank: number;
  phrases: string[];
  keyword: string[];
  title: string[];
  agency: string[];
  summary: string[];
}

export type Searchable = Pick<ServiceDefinition, 'id' | 'title' | 'summary' | 'keywords' | 'agency'>;
export type SearchableAgency = Pick<AgencyDefinition, 'id' | 'name' | 'fullName' | 'keywords'>;

export interface SearchIndex<S extends Searchable> {
  docs: Doc<S>[];
}

/** Prepares the catalogue once (services in display order: ties are shown in that order). */
export function buildIndex<S extends Searchable>(services: S[], agencies: SearchableAgency[]): SearchIndex<S> {
  const byId = new Map(agencies.map((a) => [a.id, a]));
  const docs = services.map((s, rank) => {
    const a = byId.get(s.agency);
    const agencyText = a ? [a.name, a.fullName, ...a.keywords] : [s.agency];
    return {
      service: s,
      rank,
      phrases: [s.title, ...s.keywords].map(normalise),
      keyword: unique(s.keywords.flatMap(wordsOf)),
      title: wordsOf(s.title),
      agency: unique(agencyText.flatMap(wordsOf)),
      summary: wordsOf(s.summary),
    };
  });
  return { docs };
}

/** The services matching `query`, best first; empty for an empty query or when nothing matches. */
export function search<S extends Searchable>(index: SearchIndex<S>, query: string): S[] {
  const phrase = normalise(query);
  const terms = unique(phrase.split(' ').filter(Boolean));
  if (terms.length === 0) return [];
  const scored = index.docs.map((doc) => {
    let score = 0;
    let matched = 0;
    for (const term of terms) {
      const s = termScore(term, doc);
      if (s > 0) matched++;
      score += s;
    }
    if (doc.phrases.includes(phrase)) score += WEIGHT.phrase;
    else if (terms.length > 1 && doc.phrases.some((p) => ` ${p} `.includes(` ${phrase} `))) score += WEIGHT.contains;
    return { doc, score, matched };
  });
  // Every word should match; when no service has them all (extra words such as "mau buat"), the most.
  const most = Math.max(...scored.map((r) => r.matched));
  if (most === 0) return [];
  return scored
    .filter((r) => r.matched === most)
    .sort((x, y) => y.score - x.score || x.doc.rank - y.doc.rank)
    .map((r) => r.doc.service);
}

/** The best place one query word is found in a service: exact, then as a prefix, then with typos. */
function termScore(term: string, doc: Doc<unknown>): number {
  if (doc.keyword.includes(term)) return WEIGHT.keyword;
  if (doc.title.includes(term)) return WEIGHT.title;
  if (doc.agency.includes(term)) return WEIGHT.agency;
  if (doc.summary.includes(term)) return WEIGHT.summary;
  const prefix = (words: string[]): boolean => words.some((w) => w.startsWith(term));
  if (prefix(doc.keyword)) return WEIGHT.prefixKeyword;
  if (prefix(doc.title)) return WEIGHT.prefixTitle;
  if (prefix(doc.agency)) return WEIGHT.prefixAgency;
  if (prefix(doc.summary)) return WEIGHT.prefixSummary;
  const max = typosAllowed(term.length);
  if (max === 0) return 0;
  const near = (words: string[]): boolean => words.some((w) => typosAllowed(w.length) > 0 && editDistance(term, w, max) <= max);
  if (near(doc.keyword)) return WEIGHT.fuzzyKeyword;
  if (near(doc.title)) return WEIGHT.fuzzyTitle;
  if (near(doc.agency)) return WEIGHT.fuzzyAgency;
  if (near(doc.summary)) return WEIGHT.fuzzySummary;
  return 0;
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
