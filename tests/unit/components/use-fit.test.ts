import { describe, expect, it } from 'vitest';
import { start, step } from '../../../renderer/src/components/use-fit.js';

/** Runs the search against a screen where levels 0..fitsUpTo fit on one page (-1: none does). */
function settle(max: number, fitsUpTo: number): { level: number; measurements: number; tried: number[] } {
  let s = start(max);
  const tried: number[] = [];
  while (!s.done) {
    tried.push(s.level);
    s = step(s, s.level <= fitsUpTo);
    if (tried.length > 64) throw new Error('the search does not end');
  }
  return { level: s.level, measurements: tried.length, tried };
}

describe('useFit: the roomiest layout that fits on one page', () => {
  it('finds the roomiest fitting level for every screen, in a logarithmic number of renders', () => {
    for (let max = 0; max <= 40; max++) {
      for (let fitsUpTo = -1; fitsUpTo <= max; fitsUpTo++) {
        const r = settle(max, fitsUpTo);
        expect(r.level, `max ${max}, fits up to ${fitsUpTo}`).toBe(Math.max(fitsUpTo, 0));
        expect(r.measurements).toBeLessThanOrEqual(Math.ceil(Math.log2(max + 2)) + 1);
        expect(r.tried.every((l) => l >= 0 && l <= max)).toBe(true);
      }
    }
  });

  it('tries the roomiest layout first, so a screen where everything fits takes one render', () => {
    expect(settle(12, 12)).toEqual({ level: 12, measurements: 1, tried: [12] });
  });

  it('stays at layout 0 (the list pages) when even the tightest needs pages', () => {
    expect(settle(5, -1).level).toBe(0);
  });

  it('ignores measurements after it has settled', () => {
    let s = start(3);
    while (!s.done) s = step(s, s.level <= 1);
    expect(step(s, false)).toBe(s);
    expect(step(s, true)).toBe(s);
  });
});
