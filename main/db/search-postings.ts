/**
 * The name index's postings, without SQL: which documents (search_doc.doc, rising in capture
 * order) hold a token, stored in blocks of BLOCK_DOCS little-endian uint32s, and the merging and
 * ranking of those lists for a query. Blocks keep a common token ("siti", tens of thousands of
 * requests) to a few hundred rows to read, and an append touches one small row.
 * Shared by migration 0080 (bulk build) and main/db/queries/search.ts (append, query).
 */

export const BLOCK_DOCS = 256;

/** Where the n-th posting of a token goes (0-based): its block and whether it opens that block. */
export function slotOf(n: number): { block: number; opens: boolean } {
  return { block: Math.floor(n / BLOCK_DOCS), opens: n % BLOCK_DOCS === 0 };
}

export function packDocs(docs: ArrayLike<number>): Buffer {
  const buf = Buffer.allocUnsafe(docs.length * 4);
  for (let i = 0; i < docs.length; i++) buf.writeUInt32LE(docs[i]!, i * 4);
  return buf;
}

/** A token's blocks, in block order, as one rising list. */
export function unpackBlocks(blocks: readonly Buffer[]): Uint32Array {
  let n = 0;
  for (const b of blocks) n += b.length >>> 2;
  const out = new Uint32Array(n);
  let i = 0;
  for (const b of blocks) for (let o = 0; o + 4 <= b.length; o += 4) out[i++] = b.readUInt32LE(o);
  return out;
}

/** Match quality of one query word against one indexed token. */
export const QUALITY = { exact: 4, prefix: 3, fuzzy1: 2, fuzzy2: 1 } as const;
const MAX_QUALITY = QUALITY.exact;

/** One candidate token of a query word: its documents (rising) and how well it matches the word. */
export interface Candidate {
  docs: Uint32Array;
  quality: number;
}

export interface Ranked {
  /** Documents, best first: more query words matched, then better matches, then newest. */
  docs: Uint32Array;
  /** Per document, its score in 0..1 (1: every word matched exactly). */
  score(i: number): number;
}

/**
 * Per-document tallies and a bitset of the documents touched, kept between queries (one search
 * runs at a time on a connection, synchronously) and left all zero after each.
 */
const scratch = { matched: new Uint8Array(0), quality: new Uint8Array(0), stamp: new Uint8Array(0), touched: new Uint32Array(0) };

function tallies(maxDoc: number): typeof scratch {
  if (scratch.matched.length <= maxDoc) {
    const size = Math.max(maxDoc + 1, Math.ceil(scratch.matched.length * 1.5));
    Object.assign(scratch, { matched: new Uint8Array(size), quality: new Uint8Array(size), stamp: new Uint8Array(size), touched: new Uint32Array((size >>> 5) + 1) });
  }
  return scratch;
}

/**
 * Ranks the documents that match any query word. One pass over the postings into dense
 * per-document tallies (documents are numbered 1..maxDoc), so no list is merged or copied;
 * then the touched documents, newest first, go through a counting sort on the rank key.
 * `skip` documents are left out (they were already listed by an identifier match).
 */
export function rankByWords(words: Candidate[][], maxDoc: number, skip: ReadonlySet<number> = new Set()): Ranked {
  const { matched, quality, stamp, touched } = tallies(maxDoc);
  let count = 0;
  for (let w = 0; w < words.length; w++) {
    const mark = w + 1;
    // Best candidates first: the first time a word reaches a document is its best match there.
    const candidates = [...words[w]!].sort((a, b) => b.quality - a.quality);
    for (const c of candidates) {
      const docs = c.docs;
      const q = c.quality;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i]!;
        if (doc > maxDoc || stamp[doc] === mark) continue;
        if (matched[doc] === 0) {
          count++;
          touched[doc >>> 5] = touched[doc >>> 5]! | (1 << (doc & 31));
        }
        stamp[doc] = mark;
        matched[doc] = matched[doc]! + 1;
        quality[doc] = quality[doc]! + q;
      }
    }
  }
  for (const doc of skip) if (doc <= maxDoc) matched[doc] = 0;

  const n = words.length;
  const stride = MAX_QUALITY * n + 1;
  const maxKey = n * stride + MAX_QUALITY * n;
  // Touched documents from the highest (newest) down, with their keys; the tallies are cleared on the way.
  const order = new Uint32Array(count);
  const keys = new Uint16Array(count);
  const slots = new Uint32Array(maxKey + 2);
  let total = 0;
  for (let word = maxDoc >>> 5; word >= 0; word--) {
    let bits = touched[word]!;
    if (bits === 0) continue;
    touched[word] = 0;
    while (bits !== 0) {
      const bit = 31 - Math.clz32(bits);
      bits = (bits ^ (1 << bit)) >>> 0;
      const doc = word * 32 + bit;
      if (matched[doc] !== 0) {
        const key = matched[doc]! * stride + quality[doc]!;
        order[total] = doc;
        keys[total++] = key;
        slots[maxKey - key + 1]!++;
      }
      matched[doc] = 0;
      quality[doc] = 0;
      stamp[doc] = 0;
    }
  }
  for (let b = 1; b < slots.length; b++) slots[b]! += slots[b - 1]!;
  const docs = new Uint32Array(total);
  const docKeys = new Uint16Array(total);
  for (let i = 0; i < total; i++) {
    const at = slots[maxKey - keys[i]!]!++;
    docs[at] = order[i]!;
    docKeys[at] = keys[i]!;
  }
  return { docs, score: (i) => Math.round((docKeys[i]! / maxKey) * 1000) / 1000 };
}
