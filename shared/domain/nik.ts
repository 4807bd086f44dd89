/**
 * Offline NIK checks (project notes domain.md §5). A NIK is PP KK CC DDMMYY SSSS: the region where it
 * was first registered, the birth date (women: day + 40) and a serial. There is no check digit, so
 * offline checks only catch typos and impossible values; they cannot prove the NIK exists.
 * A NIK from outside Kabupaten Serang, or with a kecamatan code not in today's list, is a warning,
 * never an error: the NIK is permanent and people move; codes get reorganised.
 */
import { findRegion } from './wilayah.js';

export type NikErrorCode = 'nik_empty' | 'nik_not_digits' | 'nik_length' | 'nik_province' | 'nik_kabkota' | 'nik_day' | 'nik_month' | 'nik_date' | 'nik_future' | 'nik_serial';
export type NikWarningCode = 'nik_outside_serang' | 'nik_kecamatan_unknown' | 'nik_very_old';

export interface NikIssue<C extends string> {
  code: C;
  /** i18n key: what the resident should do, in plain Bahasa. */
  messageKey: `nik.${string}`;
}

export interface NikResult {
  valid: boolean;
  nik: string;
  errors: NikIssue<NikErrorCode>[];
  warnings: NikIssue<NikWarningCode>[];
  gender?: 'LAKI-LAKI' | 'PEREMPUAN';
  /** yyyy-mm-dd, with the century chosen as the most recent one that gives a past date (and minAge). */
  birthDate?: string;
  region?: { provinsi: string; kabupatenKota: string; kecamatan: string; kecamatanName?: string };
}

/** Province codes (Kepmendagri; PP part of a NIK), including the Papua provinces created in 2022. */
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '16', '17', '18', '19', '21', '31', '32', '33', '34', '35', '36',
  '51', '52', '53', '61', '62', '63', '64', '65', '71', '72', '73', '74', '75', '76', '81', '82',
  '91', '92', '93', '94', '95', '96',
]);
/** Banten's kabupaten/kota, so a Banten NIK with an impossible KK part is caught. */
const BANTEN = new Set(['01', '02', '03', '04', '71', '72', '73', '74']);

const issue = <C extends string>(code: C): NikIssue<C> => ({ code, messageKey: `nik.${code.slice(4)}` });

function daysIn(month: number, year: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export interface NikOptions {
  /** Today, for "not in the future" and the century choice. */
  now: Date;
  /** Youngest plausible age of the card holder (an e-KTP is issued from 17, or on marriage). */
  minAge?: number;
}

export function validateNik(input: string, opts: NikOptions): NikResult {
  const nik = input.replace(/[\s.-]/g, '');
  const res: NikResult = { valid: false, nik, errors: [], warnings: [] };
  if (nik.length === 0) {
    res.errors.push(issue('nik_empty'));
    return res;
  }
  if (!/^\d+$/.test(nik)) {
    res.errors.push(issue('nik_not_digits'));
    return res;
  }
  if (nik.length !== 16) {
    res.errors.push(issue('nik_length'));
    return res;
  }
  const pp = nik.slice(0, 2);
  const kk = nik.slice(2, 4);
  const cc = nik.slice(4, 6);
  if (!PROVINCES.has(pp)) res.errors.push(issue('nik_province'));
  else if (kk === '00' || (pp === '36' && !BANTEN.has(kk))) res.errors.push(issue('nik_kabkota'));
  else {
    const kec = findRegion(`${pp}.${kk}.${cc}`);
    res.region = { provinsi: pp, kabupatenKota: `${pp}.${kk}`, kecamatan: `${pp}.${kk}.${cc}`, ...(kec ? { kecamatanName: kec.name } : {}) };
    if (`${pp}${kk}` !== '3604') res.warnings.push(issue('nik_outside_serang'));
    else if (!kec || kec.level !== 'kecamatan') res.warnings.push(issue('nik_kecamatan_unknown'));
  }

  const dd = Number(nik.slice(6, 8));
  const mm = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  const female = dd > 40;
  const day = female ? dd - 40 : dd;
  if (day < 1 || day > 31) res.errors.push(issue('nik_day'));
  else if (mm < 1 || mm > 12) res.errors.push(issue('nik_month'));
  else {
    // Choose the latest century that puts the birth in the past and the holder at least minAge old.
    const minAge = opts.minAge ?? 0;
    const nowY = opts.now.getFullYear();
    const candidates = [2000 + yy, 1900 + yy].filter((y) => day <= daysIn(mm, y));
    if (candidates.length === 0) res.errors.push(issue('nik_date'));
    else {
      const todayKey = nowY * 10000 + (opts.now.getMonth() + 1) * 100 + opts.now.getDate();
      const year = candidates.find((y) => (y + minAge) * 10000 + mm * 100 + day <= todayKey);
      if (year === undefined) res.errors.push(issue('nik_future'));
      else {
        res.gender = female ? 'PEREMPUAN' : 'LAKI-LAKI';
        res.birthDate = `${year}-${String(mm).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        if (nowY - year > 110) res.warnings.push(issue('nik_very_old'));
      }
    }
  }
  if (nik.slice(12) === '0000') res.errors.push(issue('nik_serial'));
  res.valid = res.errors.length === 0;
  return res;
}
