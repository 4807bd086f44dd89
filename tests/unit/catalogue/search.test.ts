import { afterAll, describe, expect, it } from 'vitest';
import { readCatalogue } from '../../../main/catalogue/catalogue-service.js';
import type { ServiceDefinition } from '../../../shared/catalogue/schema.js';
import { buildIndex, editDistance, normalise, search, typosAllowed, wordsOf } from '../../../shared/catalogue/search.js';
import { writeBigCatalogue } from '../../fixtures/big-catalogue.js';
import { tempDir } from '../../helpers/tmp.js';

// The 30-agency catalogue of the e2e tests: the shipped services among 100 others.
const dir = tempDir('anjungan-search-');
afterAll(() => dir.cleanup());
writeBigCatalogue(dir.dir);
const catalogue = readCatalogue([dir.dir]);
const index = buildIndex(catalogue.services, catalogue.agencies);
const ids = (q: string): string[] => search(index, q).map((s) => s.id);

describe('the big catalogue', () => {
  it('is valid: 30 agencies, more than 100 services, 3 to 6 (or more for the shipped ones) each', () => {
    expect(catalogue.errors).toEqual([]);
    expect(catalogue.agencies).toHaveLength(30);
    expect(catalogue.services.length).toBeGreaterThan(100);
    for (const a of catalogue.agencies) expect(catalogue.services.filter((s) => s.agency === a.id).length, a.id).toBeGreaterThanOrEqual(2);
  });
});

describe('search: the words residents use', () => {
  it.each([
    ['KTP', 'ktp-el-baru'],
    ['ktp', 'ktp-el-baru'],
    ['e-ktp', 'ktp-el-baru'],
    ['EKTP', 'ktp-el-baru'],
    ['kartu kuning', 'ak-1'],
    ['akte', 'akta-kelahiran'],
    ['akte kelahiran', 'akta-kelahiran'],
    ['Akté lahir', 'akta-kelahiran'],
    ['kartu keluarga', 'kk-baru'],
    ['kk', 'kk-baru'],
    ['ktp hilang', 'ktp-el-rusak-hilang'],
    ['surat domisli', 'surat-domisili'],
    ['domisili', 'surat-domisili'],
    ['kartu kunig', 'ak-1'],
    ['sktm', 'sktm'],
    ['surat miskin', 'sktm'],
    ['pbb', 'pbb'],
    ['bansos', 'dtks'],
    ['pupuk', 'kartu-tani'],
    ['jalan rusak', 'jalan-rusak'],
    ['izin usaha', 'nib'],
    ['kartu nelayan', 'kartu-kusuka'],
    ['pdam', 'sambungan-air'],
    ['zakat', 'bayar-zakat'],
    ['nelayan', 'kartu-kusuka'],
    ['banjir', 'lapor-bencana'],
    ['mau bikin ktp', 'ktp-el-baru'],
  ])('%s finds %s first', (query, id) => {
    expect(ids(query)[0]).toBe(id);
  });

  it('both KTP-el services for "KTP", both KK services for "kk"', () => {
    expect(ids('KTP').slice(0, 2).sort()).toEqual(['ktp-el-baru', 'ktp-el-rusak-hilang']);
    expect(ids('kk').slice(0, 2).sort()).toEqual(['kk-baru', 'kk-perubahan']);
  });

  it('"pajak" finds the taxes of Bapenda first', () => {
    const found = search(index, 'pajak');
    expect(found.length).toBeGreaterThanOrEqual(4);
    expect(found.slice(0, 4).map((s) => s.agency)).toEqual(['bapenda', 'bapenda', 'bapenda', 'bapenda']);
  });

  it('prefixes while typing: "KUN" already finds AK-1, "domi" the surat domisili', () => {
    expect(ids('KUN')).toContain('ak-1');
    expect(ids('domi')[0]).toBe('surat-domisili');
    expect(ids('k').length).toBeGreaterThan(10);
  });

  it('nothing for nonsense, nothing for an empty query', () => {
    expect(ids('xqzvw')).toEqual([]);
    expect(ids('qwrtpl zzkx')).toEqual([]);
    expect(ids('')).toEqual([]);
    expect(ids('  ,. ')).toEqual([]);
  });

  it('an agency name finds its services', () => {
    const found = search(index, 'dukcapil');
    expect(found.length).toBeGreaterThanOrEqual(6);
    expect(found.every((s) => s.agency === 'dukcapil')).toBe(true);
  });
});

describe('search: ranking', () => {
  const svc = (id: string, title: string, keywords: string[], summary = 'Layanan.'): ServiceDefinition =>
    ({ id, title, summary, keywords, agency: 'x', order: 10 }) as ServiceDefinition;
  const small = buildIndex(
    [svc('fuzzy', 'Kartu pencari', []), svc('prefix', 'Kartunis daerah', []), svc('title', 'Kartu baru', []), svc('keyword', 'Layanan lain', ['kartu'])],
    [{ id: 'x', name: 'X', fullName: 'Instansi X', keywords: [] }],
  );

  it('exact keyword > title word > prefix > typo', () => {
    const idx = buildIndex([svc('typo', 'Karto', []), svc('prefix', 'Kartunis', []), svc('title', 'Kartu baru', []), svc('keyword', 'Lain', ['kartu'])], [{ id: 'x', name: 'X', fullName: 'X', keywords: [] }]);
    expect(search(idx, 'kartu').map((s) => s.id)).toEqual(['keyword', 'title', 'prefix', 'typo']);
    expect(search(small, 'kartu').map((s) => s.id).slice(0, 1)).toEqual(['keyword']);
  });

  it('ties keep the catalogue order', () => {
    expect(search(small, 'layanan').map((s) => s.id)).toEqual(['keyword', 'fuzzy', 'prefix', 'title']);
  });
});

describe('search: the pieces', () => {
  it('normalises case, accents, punctuation and hyphens', () => {
    expect(normalise('E-KTP (Baru)')).toBe('ektp baru');
    expect(normalise('Akté  kelahiran!')).toBe('akte kelahiran');
    expect(normalise('AK-1, kartu kuning')).toBe('ak1 kartu kuning');
    expect(wordsOf('KTP-el baru').sort()).toEqual(['baru', 'el', 'ktp', 'ktpel']);
  });

  it('Damerau–Levenshtein (adjacent swaps count once), with a cut-off', () => {
    expect(editDistance('domisli', 'domisili', 2)).toBe(1);
    expect(editDistance('kelaurga', 'keluarga', 2)).toBe(1);
    expect(editDistance('akte', 'akta', 1)).toBe(1);
    expect(editDistance('pajak', 'pajak', 1)).toBe(0);
    expect(editDistance('kartu', 'kuning', 1)).toBe(2);
  });

  it('typos allowed by word length: none under 4 letters, 1 up to 7, 2 from 8', () => {
    expect([3, 4, 7, 8, 12].map(typosAllowed)).toEqual([0, 1, 1, 2, 2]);
    expect(ids('ktb')).not.toContain('ktp-el-baru');
  });
});
