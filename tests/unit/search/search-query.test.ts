import { describe, expect, it } from 'vitest';
import { parseSearchQuery } from '../../../shared/domain/search.js';

describe('parseSearchQuery', () => {
  it('reads a whole NIK as an exact NIK, and 6 to 15 digits as a NIK prefix', () => {
    expect(parseSearchQuery('3604051208850001')).toMatchObject({ kind: 'nik', nik: { digits: '3604051208850001', exact: true }, nameTokens: [] });
    expect(parseSearchQuery('3604 0512 0885 0001').nik).toEqual({ digits: '3604051208850001', exact: true });
    expect(parseSearchQuery('360405')).toMatchObject({ kind: 'nik', nik: { digits: '360405', exact: false } });
    expect(parseSearchQuery('36040').nik).toBeNull();
  });

  it('reads the three phone forms as one number, never as a NIK when it starts with 0 or +', () => {
    for (const q of ['081234567890', '+6281234567890', '6281234567890', '0812-3456-7890']) expect(parseSearchQuery(q).phone).toBe('81234567890');
    expect(parseSearchQuery('081234567890')).toMatchObject({ kind: 'phone', nik: null });
    expect(parseSearchQuery('+6281234567890').nik).toBeNull();
  });

  it('offers a one-word query as a code: as typed, upper case and normalised (O→0, I/L→1)', () => {
    expect(parseSearchQuery('7kq2m9xo').codes).toEqual(['7kq2m9xo', '7KQ2M9XO', '7KQ2M9X0']);
    expect(parseSearchQuery('052001-K7Q2-261123-0001')).toMatchObject({ kind: 'code', nameTokens: [] });
    expect(parseSearchQuery('052001-K7Q2-261123-0001').codes).toContain('052001-K7Q2-261123-0001');
    expect(parseSearchQuery('Ahmad Suhendra').codes).toEqual([]);
  });

  it('reads words as name tokens, bounded to six, and never matches names when the query has digits', () => {
    expect(parseSearchQuery('Ahmad Suhendar')).toMatchObject({ kind: 'name', nameTokens: ['ahmad', 'suhendar'] });
    expect(parseSearchQuery('a b c d e f g h').nameTokens).toHaveLength(6);
    expect(parseSearchQuery('ahmad 3604').nameTokens).toEqual([]);
    expect(parseSearchQuery('--').kind).toBe('other');
  });
});
