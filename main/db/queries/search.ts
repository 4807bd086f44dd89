import type { Database } from 'better-sqlite3';
import { editDistance, deletionVariants, maxEdits } from '../../../shared/domain/fuzzy.js';
import { MAX_SEARCH_LIMIT, MAX_SEARCH_OFFSET, parseSearchQuery, type MatchedBy, type SearchHit, type SearchResult } from '../../../shared/domain/search.js';
import { searchTermsOf } from '../../../shared/domain/search-terms.js';
import type { SubmissionStatus } from '../../../shared/domain/submission.js';
import { packDocs, QUALITY, rankByWords, slotOf, unpackBlocks, type Candidate } from '../search-postings.js';

/** Candidate index tokens per query word, each kind: bounds the postings one query reads. */
const MAX_PREFIX_TOKENS = 16;
const MAX_FUZZY_TOKENS = 16;
/** A word is matched as a prefix ("suhe" while typing) from this many letters. */
const MIN_PREFIX = 3;

/** Keeps the search index (migration 0080) in step with a write; called by the store's own write paths only. */
export interface SearchIndexer {
  /** Indexes a new submission; call inside the transaction that inserts it. */
  add(submissionId: string, payload: unknown): void;
}

export function searchIndexer(db: Database): SearchIndexer {
  const insertDoc = db.prepare('INSERT INTO search_doc (submission_id, nik, nama, phone) VALUES (?, ?, ?, ?)');
  // One statement counts the new document for all of its known tokens (df is also where its posting goes).
  const bumpTokens = db.prepare<[string], { token: string; token_id: number; df: number }>(
    'UPDATE search_token SET df = df + 1 WHERE token IN (SELECT value FROM json_each(?)) RETURNING token, token_id, df',
  );
  const insertToken = db.prepare<[string], { token_id: number }>('INSERT INTO search_token (token, df) VALUES (?, 1) RETURNING token_id');
  const insertVariant = db.prepare('INSERT OR IGNORE INTO search_variant (variant, token_id) VALUES (?, ?)');
  const insertBlock = db.prepare('INSERT INTO search_posting (token_id, block, docs) VALUES (?, ?, ?)');
  // || makes TEXT even of two BLOBs; CAST takes the same bytes back as a BLOB (no read needed).
  const appendBlock = db.prepare('UPDATE search_posting SET docs = CAST(docs || ? AS BLOB) WHERE token_id = ? AND block = ?');

  const post = (tokenId: number, df: number, doc: number): void => {
    const { block, opens } = slotOf(df - 1);
    if (opens) insertBlock.run(tokenId, block, packDocs([doc]));
    else appendBlock.run(packDocs([doc]), tokenId, block);
  };

  return {
    add(submissionId, payload) {
      const t = searchTermsOf(payload);
      const doc = Number(insertDoc.run(submissionId, t.nik, t.nama, t.phone).lastInsertRowid);
      if (t.tokens.length === 0) return;
      const known = new Set<string>();
      for (const row of bumpTokens.all(JSON.stringify(t.tokens))) {
        known.add(row.token);
        post(row.token_id, row.df, doc);
      }
      for (const token of t.tokens) {
        if (known.has(token)) continue;
        const tokenId = insertToken.get(token)!.token_id;
        for (const v of deletionVariants(token)) insertVariant.run(v, tokenId);
        post(tokenId, 1, doc);
      }
    },
  };
}

interface TokenRow {
  token_id: number;
  token: string;
  df: number;
}

interface HitRow {
  doc: number;
  nik: string | null;
  nama: string | null;
  id: string;
  registration_no: string;
  tracking_code: string;
  service_id: string;
  status: SubmissionStatus;
  created_at: string;
}

/** One kind of match, best first, read a page at a time. */
interface Group {
  by: MatchedBy;
  size: number;
  /** `count` documents from rank `from`, each with its score. */
  slice(from: number, count: number): { doc: number; score: number }[];
}

const listGroup = (by: MatchedBy, docs: ArrayLike<number>, score: (i: number) => number): Group => ({
  by,
  size: docs.length,
  slice: (from, count) => Array.from({ length: Math.max(0, Math.min(count, docs.length - from)) }, (_, k) => ({ doc: docs[from + k]!, score: score(from + k) })),
});

const newestFirst = (docs: number[]): number[] => docs.sort((a, b) => b - a);

/**
 * The register search: NIK (exact or prefix), name (case- and typo-tolerant, best first),
 * registration number, tracking code, phone; paged. Identifier matches come first, then NIK
 * prefix or name matches. Ties go newest first (doc numbers rise in capture order).
 */
export function searchQueries(db: Database) {
  const q = {
    tokenExact: db.prepare<[string], TokenRow>('SELECT token_id, token, df FROM search_token WHERE token = ?'),
    tokenPrefix: db.prepare<[string, string, number], TokenRow>(
      'SELECT token_id, token, df FROM search_token WHERE token >= ? AND token < ? ORDER BY df DESC LIMIT ?',
    ),
    tokenFuzzy: db.prepare<[string], TokenRow>(
      'SELECT DISTINCT t.token_id, t.token, t.df FROM search_variant v JOIN search_token t ON t.token_id = v.token_id ' +
        'WHERE v.variant IN (SELECT value FROM json_each(?)) LIMIT 500',
    ),
    postings: db.prepare<[number], Buffer>('SELECT docs FROM search_posting WHERE token_id = ? ORDER BY block').pluck(),
    nikExact: db.prepare<[string], number>('SELECT doc FROM search_doc WHERE nik = ?').pluck(),
    // Identifier matches are listed before a NIK prefix; the prefix group leaves them out (@skip).
    nikRangeCount: db.prepare<{ lo: string; hi: string; skip: string }, number>(
      'SELECT count(*) FROM search_doc WHERE nik >= @lo AND nik < @hi AND doc NOT IN (SELECT value FROM json_each(@skip))',
    ).pluck(),
    nikRangePage: db.prepare<{ lo: string; hi: string; skip: string; limit: number; offset: number }, number>(
      'SELECT doc FROM search_doc WHERE nik >= @lo AND nik < @hi AND doc NOT IN (SELECT value FROM json_each(@skip)) ' +
        'ORDER BY doc DESC LIMIT @limit OFFSET @offset',
    ).pluck(),
    maxDoc: db.prepare<[], number | null>('SELECT max(doc) FROM search_doc').pluck(),
    phone: db.prepare<[string], number>('SELECT doc FROM search_doc WHERE phone = ?').pluck(),
    codes: db.prepare<{ codes: string }, { doc: number; by: 'registration' | 'tracking' }>(
      "SELECT d.doc, 'registration' AS by FROM submissions s JOIN search_doc d ON d.submission_id = s.id " +
        'WHERE s.registration_no IN (SELECT value FROM json_each(@codes)) ' +
        "UNION SELECT d.doc, 'tracking' AS by FROM submissions s JOIN search_doc d ON d.submission_id = s.id " +
        'WHERE s.tracking_code IN (SELECT value FROM json_each(@codes))',
    ),
    hits: db.prepare<[string], HitRow>(
      'SELECT d.doc, d.nik, d.nama, s.id, s.registration_no, s.tracking_code, s.service_id, s.status, s.created_at ' +
        'FROM search_doc d JOIN submissions s ON s.id = d.submission_id WHERE d.doc IN (SELECT value FROM json_each(?))',
    ),
  };

  /** Index tokens that may stand for one query word, each with its best match quality. */
  function candidates(word: string): Map<number, number> {
    const found = new Map<number, number>();
    const offer = (id: number, quality: number) => found.set(id, Math.max(found.get(id) ?? 0, quality));
    const exact = q.tokenExact.get(word);
    if (exact) offer(exact.token_id, QUALITY.exact);
    if (word.length >= MIN_PREFIX) {
      for (const t of q.tokenPrefix.all(word, nextString(word), MAX_PREFIX_TOKENS + 1)) if (t.token !== word) offer(t.token_id, QUALITY.prefix);
    }
    const edits = maxEdits(word.length);
    if (edits > 0) {
      const near = q.tokenFuzzy
        .all(JSON.stringify(deletionVariants(word, edits)))
        .map((t) => ({ t, d: editDistance(word, t.token, edits) }))
        .filter((c) => c.d > 0 && c.d <= edits)
        .sort((a, b) => a.d - b.d || b.t.df - a.t.df)
        .slice(0, MAX_FUZZY_TOKENS);
      for (const { t, d } of near) offer(t.token_id, d === 1 ? QUALITY.fuzzy1 : QUALITY.fuzzy2);
    }
    return found;
  }

  function byName(words: string[], skip: Set<number>): Group | null {
    const perWord: Candidate[][] = words.map((w) => [...candidates(w)].map(([id, quality]) => ({ docs: unpackBlocks(q.postings.all(id)), quality })));
    if (perWord.every((c) => c.length === 0)) return null;
    const ranked = rankByWords(perWord, q.maxDoc.get() ?? 0, skip);
    return listGroup('name', ranked.docs, ranked.score);
  }

  /** Paged in SQL: a six-digit prefix (a whole kecamatan) may match a tenth of the register. */
  function byNikPrefix(digits: string, skip: Set<number>): Group {
    const params = { lo: digits, hi: nextString(digits), skip: JSON.stringify([...skip]) };
    const score = Math.round((digits.length / 16) * 1000) / 1000;
    return {
      by: 'nik',
      size: q.nikRangeCount.get(params)!,
      slice: (from, count) => q.nikRangePage.all({ ...params, limit: count, offset: from }).map((doc) => ({ doc, score })),
    };
  }

  function toHit(r: HitRow, by: MatchedBy, score: number): SearchHit {
    return {
      id: r.id,
      registrationNo: r.registration_no,
      trackingCode: r.tracking_code,
      nik: r.nik,
      nama: r.nama,
      serviceId: r.service_id,
      status: r.status,
      createdAt: r.created_at,
      matchedBy: by,
      score,
    };
  }

  return {
    /** One page of matches for what was typed in the search box (limit 1..100, offset 0..10,000). */
    find(query: string, page: { limit: number; offset: number }): SearchResult {
      const limit = Math.max(1, Math.min(MAX_SEARCH_LIMIT, Math.floor(page.limit)));
      const offset = Math.max(0, Math.min(MAX_SEARCH_OFFSET, Math.floor(page.offset)));
      const parsed = parseSearchQuery(query);
      // Identifier matches first (each document once), then the NIK prefix or name matches without them.
      const seen = new Set<number>();
      const groups: Group[] = [];
      const exact = (by: MatchedBy, docs: number[]) => {
        const fresh = newestFirst(docs.filter((d) => !seen.has(d)));
        for (const d of fresh) seen.add(d);
        if (fresh.length > 0) groups.push(listGroup(by, fresh, () => 1));
      };
      if (parsed.codes.length > 0) {
        const rows = q.codes.all({ codes: JSON.stringify(parsed.codes) });
        for (const by of ['registration', 'tracking'] as const) exact(by, rows.filter((r) => r.by === by).map((r) => r.doc));
      }
      if (parsed.nik?.exact) exact('nik', q.nikExact.all(parsed.nik.digits));
      if (parsed.phone) exact('phone', q.phone.all(parsed.phone));
      if (parsed.nik && !parsed.nik.exact) groups.push(byNikPrefix(parsed.nik.digits, seen));
      if (parsed.nameTokens.length > 0) {
        const names = byName(parsed.nameTokens, seen);
        if (names) groups.push(names);
      }
      const { picked, total } = pageOf(groups, offset, limit);
      const rows = new Map(q.hits.all(JSON.stringify(picked.map((p) => p.doc))).map((r) => [r.doc, r]));
      const items: SearchHit[] = [];
      for (const p of picked) {
        const r = rows.get(p.doc);
        if (r) items.push(toHit(r, p.by, p.score));
      }
      return { items, total, kind: parsed.kind };
    },
  };
}
export type SearchQueries = ReturnType<typeof searchQueries>;

/** The page at `offset` of the groups laid end to end (no document is in two groups), and their total. */
function pageOf(groups: Group[], offset: number, limit: number): { picked: { doc: number; by: MatchedBy; score: number }[]; total: number } {
  const picked: { doc: number; by: MatchedBy; score: number }[] = [];
  let start = 0;
  for (const g of groups) {
    const from = Math.max(0, offset + picked.length - start);
    if (picked.length < limit && from < g.size) for (const p of g.slice(from, limit - picked.length)) picked.push({ ...p, by: g.by });
    start += g.size;
  }
  return { picked, total: start };
}

/** The smallest string greater than every string starting with `s` (for prefix ranges). */
function nextString(s: string): string {
  return s.slice(0, -1) + String.fromCharCode(s.charCodeAt(s.length - 1) + 1);
}
