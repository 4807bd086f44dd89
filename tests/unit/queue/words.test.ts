import { describe, expect, it } from 'vitest';
import { numberToWords } from '../../../shared/queue/words.js';
import { callText } from '../../../shared/queue/ticket.js';

describe('numberToWords (Indonesian)', () => {
  const cases: [number, string][] = [
    [0, 'nol'],
    [1, 'satu'],
    [9, 'sembilan'],
    [10, 'sepuluh'],
    [11, 'sebelas'],
    [12, 'dua belas'],
    [19, 'sembilan belas'],
    [20, 'dua puluh'],
    [21, 'dua puluh satu'],
    [99, 'sembilan puluh sembilan'],
    [100, 'seratus'],
    [101, 'seratus satu'],
    [110, 'seratus sepuluh'],
    [111, 'seratus sebelas'],
    [115, 'seratus lima belas'],
    [200, 'dua ratus'],
    [345, 'tiga ratus empat puluh lima'],
    [999, 'sembilan ratus sembilan puluh sembilan'],
    [1000, 'seribu'],
    [1001, 'seribu satu'],
    [1100, 'seribu seratus'],
    [2000, 'dua ribu'],
    [11000, 'sebelas ribu'],
    [100000, 'seratus ribu'],
    [1000000, 'satu juta'],
    [2500000, 'dua juta lima ratus ribu'],
    [1000000000, 'satu miliar'],
  ];
  it.each(cases)('%i → %s', (n, words) => {
    expect(numberToWords(n)).toBe(words);
  });

  it('speaks every number 0–999 as distinct words without gaps or doubled spaces', () => {
    const seen = new Set<string>();
    for (let n = 0; n <= 999; n++) {
      const w = numberToWords(n);
      expect(w).toMatch(/^[a-z]+( [a-z]+)*$/);
      expect(w).not.toMatch(/satu (puluh|ratus|belas|ribu)/);
      seen.add(w);
    }
    expect(seen.size).toBe(1000);
  });

  it('refuses what is not a speakable whole number', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1e12]) expect(() => numberToWords(bad)).toThrow(RangeError);
  });

  it('builds the call text from group, number and counter', () => {
    expect(callText('A', 12, 2)).toBe('Nomor antrean A dua belas, silakan ke loket dua');
    expect(callText('B', 100, 11)).toBe('Nomor antrean B seratus, silakan ke loket sebelas');
  });
});
