import { describe, expect, it } from 'vitest';
import { validateNik } from '../../../shared/domain/nik.js';
import { id } from '../../../shared/i18n/id.js';
import { en } from '../../../shared/i18n/en.js';

const now = new Date(2026, 10, 23);

describe('offline NIK validation (domain.md §5)', () => {
  it('accepts a Kramatwatu NIK of a man and derives birth date and region', () => {
    const r = validateNik('3604051208850001', { now });
    expect(r.valid).toBe(true);
    expect(r.gender).toBe('LAKI-LAKI');
    expect(r.birthDate).toBe('1985-08-12');
    expect(r.region).toMatchObject({ kecamatan: '36.04.05', kecamatanName: 'Kramatwatu' });
    expect(r.warnings).toEqual([]);
  });

  it('reads day + 40 as a woman', () => {
    const r = validateNik('3604 0943 0292 0002', { now });
    expect(r).toMatchObject({ valid: true, gender: 'PEREMPUAN', birthDate: '1992-02-03' });
  });

  it('chooses the century: 05 is 2005 for an adult card, 1905 never when 2005 fits', () => {
    expect(validateNik('3604051208050001', { now, minAge: 17 }).birthDate).toBe('2005-08-12');
    expect(validateNik('3604051208300001', { now }).birthDate).toBe('1930-08-12');
  });

  it.each([
    ['', 'nik_empty'],
    ['36040512O8850001', 'nik_not_digits'],
    ['360405120885001', 'nik_length'],
    ['9904051208850001', 'nik_province'],
    ['3699051208850001', 'nik_kabkota'],
    ['3604053208850001', 'nik_day'],
    ['3604057208850001', 'nik_day'],
    ['3604051213850001', 'nik_month'],
    ['3604053102850001', 'nik_date'],
    ['3604051208850000', 'nik_serial'],
  ])('rejects %s with %s', (nik, code) => {
    const r = validateNik(nik, { now });
    expect(r.valid).toBe(false);
    expect(r.errors.map((e) => e.code)).toContain(code);
  });

  it('29 February only in a leap year', () => {
    expect(validateNik('3604052902000001', { now }).valid).toBe(true);
    expect(validateNik('3604052902010001', { now }).errors.map((e) => e.code)).toContain('nik_date');
  });

  it('warns, not rejects, for a NIK from elsewhere or an unknown kecamatan code', () => {
    const lebak = validateNik('3602051208850001', { now });
    expect(lebak.valid).toBe(true);
    expect(lebak.warnings.map((w) => w.code)).toEqual(['nik_outside_serang']);
    const oldKec = validateNik('3604011208850001', { now });
    expect(oldKec.valid).toBe(true);
    expect(oldKec.warnings.map((w) => w.code)).toEqual(['nik_kecamatan_unknown']);
  });

  it('a holder too young for the service is read as born a century earlier', () => {
    expect(validateNik('3604051211250001', { now, minAge: 17 }).birthDate).toBe('1925-11-12');
  });

  it('every message key exists in both catalogues', () => {
    for (const nik of ['', 'x', '1', '9904051208850001', '3699051208850001', '3604053208850001', '3604051213850001', '3604053102850001', '3604051208850000', '3602051208850001', '3604011208850001', '3604051211250001']) {
      const r = validateNik(nik, { now, minAge: 17 });
      for (const i of [...r.errors, ...r.warnings]) {
        expect(id).toHaveProperty([i.messageKey]);
        expect(en).toHaveProperty([i.messageKey]);
      }
    }
  });
});
