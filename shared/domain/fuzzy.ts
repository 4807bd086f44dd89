/**
 * Typo tolerance for name search, SymSpell style: two words within k edits share a word made by
 * deleting at most k letters from each. The index stores each distinct name token's deletions
 * once; a query generates its own and looks them up, then the true distance is checked here.
 */

/** Edits tolerated for a word of this length: none for short words (too many false friends). */
export function maxEdits(length: number): 0 | 1 | 2 {
  if (length >= 8) return 2;
  if (length >= 4) return 1;
  return 0;
}

/** The word and every word made by deleting 1..edits letters from it (distinct). */
export function deletionVariants(word: string, edits: number = maxEdits(word.length)): string[] {
  const out = new Set<string>([word]);
  let frontier = [word];
  for (let e = 0; e < edits; e++) {
    const next: string[] = [];
    for (const w of frontier) {
      for (let i = 0; i < w.length; i++) {
        const v = w.slice(0, i) + w.slice(i + 1);
        if (v.length > 0 && !out.has(v)) {
          out.add(v);
          next.push(v);
        }
      }
    }
    frontier = next;
  }
  return [...out];
}

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transposition, so
 * "suhendar"/"suhendra" is 1), or `limit + 1` as soon as it is known to exceed `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (a === b) return 0;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return Math.min(prev[n]!, limit + 1);
}
