import { describe, expect, it } from 'vitest';
import { MAX_NAME_TOKENS, nameTokens, normaliseNik, normalisePhone, searchTermsOf } from '../../../shared/domain/search-terms.js';

describe('nameTokens', () => {
  it('lower-cases, drops accents and apostrophes, splits on anything that is not a letter, once each', () => {
    expect(nameTokens('AHMAD SUHENDRA')).toEqual(['ahmad', 'suhendra']);
    expect(nameTokens("  Siti-Nur'aini  ")).toEqual(['siti', 'nuraini']);
    expect(nameTokens('Abd. Rahman, S.Pd.')).toEqual(['abd', 'rahman', 's', 'pd']);
    expect(nameTokens('José Ramírez')).toEqual(['jose', 'ramirez']);
    expect(nameTokens('Siti Siti Aminah')).toEqual(['siti', 'aminah']);
    expect(nameTokens('1234 --')).toEqual([]);
  });

  it('is bounded: at most MAX_NAME_TOKENS words of at most 24 letters', () => {
    const many = Array.from({ length: 20 }, (_, i) => 'a'.repeat(i + 1)).join(' ');
    expect(nameTokens(many)).toHaveLength(MAX_NAME_TOKENS);
    expect(nameTokens('x'.repeat(100))[0]).toHaveLength(24);
  });
});

describe('normalisePhone', () => {
  it('reads 0…, 62… and +62… forms, with spaces and dashes, as the same number', () => {
    expect(normalisePhone('081234567890')).toBe('81234567890');
    expect(normalisePhone('+62 812-3456-7890')).toBe('81234567890');
    expect(normalisePhone('6281234567890')).toBe('81234567890');
    expect(normalisePhone('(0254) 200123')).toBe('254200123');
  });

  it('refuses what is not a phone number', () => {
    expect(normalisePhone('81234567890')).toBeNull();
    expect(normalisePhone('3604051208850001')).toBeNull();
    expect(normalisePhone('0812')).toBeNull();
    expect(normalisePhone('08123abc567')).toBeNull();
  });
});

describe('normaliseNik', () => {
  it('takes 16 digits, with separators, as text or a safe number', () => {
    expect(normaliseNik('3604051208850001')).toBe('3604051208850001');
    expect(normaliseNik('3604 0512 0885 0001')).toBe('3604051208850001');
    expect(normaliseNik(3604051208850001)).toBe('3604051208850001');
    expect(normaliseNik('360405120885000')).toBeNull();
    expect(normaliseNik(null)).toBeNull();
    expect(normaliseNik({ nik: '3604051208850001' })).toBeNull();
  });
});

describe('searchTermsOf', () => {
  it('reads a stored request: applicant NIK and name, phone from the noHp answer', () => {
    const terms = searchTermsOf({
      applicant: { nik: '3604051208850001', nama: ' AHMAD  SUHENDRA ', alamat: 'KP. KRAMAT', source: 'card' },
      answers: { keperluan: 'kerja', noHp: '0812-3456-7890' },
    });
    expect(terms).toEqual({ nik: '3604051208850001', nama: 'AHMAD SUHENDRA', phone: '81234567890', tokens: ['ahmad', 'suhendra'] });
  });

  it('reads imported records whatever the key names: pemohon, top-level nik/nama, nested payload', () => {
    expect(searchTermsOf({ id: 'x', pemohon: { nik: '3604011111110001', nama: 'Siti Aminah', telepon: '+6285712345678' } })).toEqual({
      nik: '3604011111110001',
      nama: 'Siti Aminah',
      phone: '85712345678',
      tokens: ['siti', 'aminah'],
    });
    expect(searchTermsOf({ id: 'y', nik: '3604022222220002', nama: 'Ujang Sutisna', noHP: '6281311112222' })).toMatchObject({
      nik: '3604022222220002',
      nama: 'Ujang Sutisna',
      phone: '81311112222',
    });
    expect(searchTermsOf({ id: 'z', payload: { pemohon: { nama: 'Euis Maesaroh', nik: '3604033333330003' } } })).toMatchObject({
      nik: '3604033333330003',
      nama: 'Euis Maesaroh',
    });
    expect(searchTermsOf({ id: 'w', applicant: { name: 'Dedi Kurniawan' } }).nama).toBe('Dedi Kurniawan');
  });

  it('prefers the applicant object over top-level members, and the request over the nested payload', () => {
    expect(searchTermsOf({ nama: 'Operator Desa', pemohon: { nama: 'Asep Saputra' }, payload: { nama: 'Other' } }).nama).toBe('Asep Saputra');
  });

  it('gives nothing, without throwing, for payloads without applicant data or of another type', () => {
    const none = { nik: null, nama: null, phone: null, tokens: [] };
    expect(searchTermsOf({ id: 'i1', anything: [1, 2] })).toEqual(none);
    expect(searchTermsOf(null)).toEqual(none);
    expect(searchTermsOf([{ nik: '3604051208850001' }])).toEqual(none);
    expect(searchTermsOf({ nik: 'not a nik', nama: 42, noHp: '12' })).toEqual(none);
  });
});
