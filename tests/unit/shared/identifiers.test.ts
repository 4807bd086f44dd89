import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  deviceShort,
  formatRegistrationNo,
  normaliseLookupCode,
  REGISTRATION_NO_PATTERN,
  trackingCodeFromBytes,
  TRACKING_CODE_PATTERN,
} from '../../../shared/domain/identifiers.js';
import { DEFAULT_SETTINGS, Settings, SettingsPatch } from '../../../shared/domain/settings.js';
import { officeName } from '../../../shared/domain/wilayah.js';
import { t } from '../../../shared/i18n/index.js';

describe('registration numbers and tracking codes', () => {
  it('formats office, device, day and sequence', () => {
    const reg = formatRegistrationNo('36.04.20.2001', 'a1b2c3d4-0000-4000-8000-000000000000', new Date(2026, 0, 5), 42);
    expect(reg).toMatch(REGISTRATION_NO_PATTERN);
    expect(reg).toMatch(/^202001-[0-9A-Z]{4}-260105-0042$/);
  });

  it('refuses a code outside Kabupaten Serang and a sequence out of range', () => {
    expect(() => formatRegistrationNo('36.73.01.1001', 'ab', new Date(), 1)).toThrow(/Kabupaten Serang/);
    expect(() => formatRegistrationNo('36.04.05.2001', 'ab', new Date(), 1_000_000)).toThrow(/sequence/);
    expect(() => formatRegistrationNo('36.04.05.2001', 'ab', new Date(), 0)).toThrow(/sequence/);
  });

  it('a day busier than 9,999 keeps numbering: the sequence widens to five and six digits (issue 14, defect 5)', () => {
    const at = new Date(2026, 0, 5);
    const id = 'a1b2c3d4-0000-4000-8000-000000000000';
    expect(formatRegistrationNo('36.04.20.2001', id, at, 9_999)).toMatch(/-260105-9999$/);
    expect(formatRegistrationNo('36.04.20.2001', id, at, 10_000)).toMatch(/-260105-10000$/);
    expect(formatRegistrationNo('36.04.20.2001', id, at, 999_999)).toMatch(REGISTRATION_NO_PATTERN);
  });

  it('gives different device parts to different device ids', () => {
    expect(deviceShort('00000000-0000')).not.toBe(deviceShort('fffff000-0000'));
  });

  it('always yields 8 unambiguous Crockford characters, and typing mistakes normalise back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 5, maxLength: 5 }), (bytes) => {
        const code = trackingCodeFromBytes(bytes);
        expect(code).toMatch(TRACKING_CODE_PATTERN);
        expect(normaliseLookupCode(` ${code.toLowerCase()} `)).toBe(code);
      }),
    );
  });
});

describe('settings and regions', () => {
  it('defaults are valid and name a real desa', () => {
    expect(Settings.parse(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
    expect(officeName(DEFAULT_SETTINGS.officeCode)).toEqual({ code: '36.04.05.2001', desa: 'Kramatwatu', kecamatan: 'Kramatwatu' });
  });

  it('matches regions on code (a renamed desa keeps its code)', () => {
    expect(officeName('36.04.20.2001')?.desa).toBe('Tunjung Teja');
    expect(officeName('36.04.01.2001')).toBeUndefined();
    expect(officeName('36.04.05')).toBeUndefined();
  });

  it('refuses unknown keys and out-of-range values in a settings patch', () => {
    expect(SettingsPatch.safeParse({ idleTimeoutSeconds: 5 }).success).toBe(false);
    expect(SettingsPatch.safeParse({ officeCode: '3604052001' }).success).toBe(false);
    expect(SettingsPatch.safeParse({ colour: 'red' }).success).toBe(false);
    expect(SettingsPatch.safeParse({ role: 'operator' }).success).toBe(true);
  });

  it('fills message placeholders and keeps a missing one visible', () => {
    expect(t('id', 'health.count', { count: 3 })).toBe('3 permohonan tersimpan');
    expect(t('en', 'health.count')).toBe('{count} requests stored');
  });
});
