import { describe, expect, it } from 'vitest';
import { BLOCK_DOCS, packDocs, QUALITY, rankByWords, slotOf, unpackBlocks } from '../../../main/db/search-postings.js';

const u32 = (...xs: number[]) => Uint32Array.from(xs);

describe('posting blocks', () => {
  it('place the n-th posting of a token: a new block every BLOCK_DOCS', () => {
    expect(slotOf(0)).toEqual({ block: 0, opens: true });
    expect(slotOf(1)).toEqual({ block: 0, opens: false });
    expect(slotOf(BLOCK_DOCS)).toEqual({ block: 1, opens: true });
  });

  it('pack and unpack documents as little-endian uint32, blocks in order', () => {
    const a = packDocs([1, 2, 70000]);
    expect(a.toString('hex')).toBe('010000000200000070110100');
    expect([...unpackBlocks([a, packDocs([4294967295])])]).toEqual([1, 2, 70000, 4294967295]);
  });
});

describe('rankByWords', () => {
  const c = (quality: number, ...docs: number[]) => ({ docs: u32(...docs), quality });

  it('ranks all words matched first, then better matches, then newest; each word counts its best candidate once', () => {
    const ahmad = [c(QUALITY.exact, 1, 2, 3, 9)];
    const suhendar = [c(QUALITY.fuzzy1, 3, 9), c(QUALITY.exact, 2, 7), c(QUALITY.prefix, 2)];
    const ranked = rankByWords([ahmad, suhendar], 10);
    // 2: both exact; 9 and 3: both words, one fuzzy (9 newer); then one word each, newest first.
    expect([...ranked.docs]).toEqual([2, 9, 3, 7, 1]);
    expect(ranked.score(0)).toBe(1);
    expect(ranked.score(1)).toBeLessThan(1);
    for (let i = 1; i < ranked.docs.length; i++) expect(ranked.score(i)).toBeLessThanOrEqual(ranked.score(i - 1));
  });

  it('gives the same order whether it sorts the few matches or walks every document', () => {
    const words = [[c(QUALITY.exact, 5, 6, 8)], [c(QUALITY.prefix, 6, 7, 8), c(QUALITY.fuzzy2, 5)]];
    expect([...rankByWords(words, 8).docs]).toEqual([...rankByWords(words, 1000).docs]);
    expect([...rankByWords(words, 8).docs]).toEqual([8, 6, 5, 7]);
  });

  it('leaves out skipped documents and handles nothing at all', () => {
    expect([...rankByWords([[c(QUALITY.exact, 1, 2, 3)]], 3, new Set([2])).docs]).toEqual([3, 1]);
    expect(rankByWords([], 0).docs).toHaveLength(0);
    expect(rankByWords([[]], 5).docs).toHaveLength(0);
  });
});
