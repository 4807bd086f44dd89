import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deletionVariants, editDistance, maxEdits } from '../../../shared/domain/fuzzy.js';

describe('maxEdits', () => {
  it('tolerates no edit under 4 letters, one for 4 to 7, two from 8', () => {
    expect([1, 3, 4, 7, 8, 12].map(maxEdits)).toEqual([0, 0, 1, 1, 2, 2]);
  });
});

describe('editDistance (optimal string alignment)', () => {
  it('counts insertions, deletions, substitutions and adjacent transpositions as one edit each', () => {
    expect(editDistance('suhendar', 'suhendra', 2)).toBe(1);
    expect(editDistance('ahmad', 'achmad', 2)).toBe(1);
    expect(editDistance('ahmad', 'ahmat', 2)).toBe(1);
    expect(editDistance('siti', 'siti', 2)).toBe(0);
    expect(editDistance('muhammad', 'mohamad', 2)).toBe(2);
  });

  it('stops at limit + 1 once the distance is known to be larger', () => {
    expect(editDistance('suhendra', 'hidayat', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });

  it('is symmetric and never above the plain Levenshtein bound of the longer length', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-e]{0,9}$/), fc.stringMatching(/^[a-e]{0,9}$/), (a, b) => {
        const d = editDistance(a, b, 20);
        expect(editDistance(b, a, 20)).toBe(d);
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
    );
  });
});

describe('deletionVariants', () => {
  it('holds the word and every word one or two letters shorter', () => {
    expect(deletionVariants('siti').sort()).toEqual(['iti', 'sii', 'sit', 'siti', 'sti'].sort());
    expect(deletionVariants('abc')).toEqual(['abc']);
    expect(deletionVariants('suhendra')).toContain('shendr');
    expect(deletionVariants('suhendra').every((v) => v.length >= 6)).toBe(true);
  });

  it('makes any two words within the edit budget share a variant (what the index relies on)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-f]{4,10}$/), fc.stringMatching(/^[a-f]{4,10}$/), (a, b) => {
        const k = Math.min(maxEdits(a.length), maxEdits(b.length));
        if (editDistance(a, b, k) > k) return;
        const va = new Set(deletionVariants(a, k));
        expect(deletionVariants(b, k).some((v) => va.has(v))).toBe(true);
      }),
    );
  });
});
