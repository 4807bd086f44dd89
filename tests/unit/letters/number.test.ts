import { describe, expect, it } from 'vitest';
import { formatLetterNumber, LetterNumberPattern, numberFileName, patternProblems, romanMonth } from '../../../shared/letters/number.js';
import { DEFAULT_SETTINGS, Settings } from '../../../shared/domain/settings.js';

const parts = { kode: '470', sequence: 7, officeCode: '36.04.05.2001', date: '2026-11-23', device: '3QS5' };

describe('letter numbers', () => {
  it('bulan romawi I to XII', () => {
    expect(Array.from({ length: 12 }, (_, i) => romanMonth(i + 1))).toEqual(['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII']);
    expect(() => romanMonth(0)).toThrow();
    expect(() => romanMonth(13)).toThrow();
  });

  it('formats the brief\'s pattern and the default', () => {
    expect(formatLetterNumber('470/{nomor}/{kode desa}/{bulan romawi}/{tahun}', parts)).toBe('470/007/2001/XI/2026');
    expect(formatLetterNumber(DEFAULT_SETTINGS.letterNumberPattern, { ...parts, kode: '474.1', sequence: 1234, date: '2027-01-02' })).toBe('474.1/1234/2001/I/2027');
    expect(formatLetterNumber('{kode}/{nomor}/{perangkat}/{bulan}.{tahun}', parts)).toBe('470/007/3QS5/11.2026');
    expect(numberFileName('470/007/2001/XI/2026')).toBe('470-007-2001-XI-2026');
  });

  it('refuses a pattern without {nomor}, with an unknown part, or with odd characters; and a number that grows too long', () => {
    expect(patternProblems('470/{kode desa}/{tahun}')).toEqual(['the pattern needs {nomor}, the running number']);
    expect(patternProblems('{nomer}/{nomor}')).toEqual([expect.stringMatching(/unknown part \{nomer\}/)]);
    expect(patternProblems('{nomor}\\{tahun}')).toEqual([expect.stringMatching(/only letters, digits/)]);
    expect(LetterNumberPattern.safeParse('{nomor}/{tahun').success).toBe(false);
    expect(Settings.safeParse({ ...DEFAULT_SETTINGS, letterNumberPattern: '470/{tahun}' }).success).toBe(false);
    expect(() => formatLetterNumber('{nomor}/KETERANGAN-DOMISILI-DESA-KRAMATWATU/{tahun}', parts)).toThrow(/longer than 40/);
  });
});
