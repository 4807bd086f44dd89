/**
 * Human-facing identifiers that every kiosk can mint without asking anyone.
 *
 * Registration number: KKDDDD-DEVC-YYMMDD-NNNN
 *   KKDDDD  kecamatan + desa part of the office code (36.04.05.2001 -> 052001), unique in the kabupaten
 *   DEVC    4 characters derived from the device's own id, so two kiosks of one office differ
 *   YYMMDD  the local date of capture
 *   NNNN    that device's sequence for the day: four digits, five or six on a day busier than
 *           9,999 (a busy kecamatan office never hits a wall; the common case reads as before)
 * Tracking code: 8 characters of Crockford base32 (no I, L, O, U), random, for the QR and for typing.
 */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function officeShort(officeCode: string): string {
  const m = /^36\.04\.(\d{2})\.(\d{4})$/.exec(officeCode);
  if (!m) throw new Error(`not a Kabupaten Serang desa code: ${officeCode}`);
  return `${m[1]}${m[2]}`;
}

/** Four base32 characters from the hex digits of a UUID (20 bits: ~1 in a million to collide within an office). */
export function deviceShort(deviceId: string): string {
  const hex = deviceId.replace(/[^0-9a-f]/gi, '').slice(0, 5);
  let n = parseInt(hex.padEnd(5, '0'), 16);
  let out = '';
  for (let i = 0; i < 4; i++) {
    out = CROCKFORD[n % 32] + out;
    n = Math.floor(n / 32);
  }
  return out;
}

export function localDay(date: Date): string {
  const y = String(date.getFullYear() % 100).padStart(2, '0');
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}${m}${d}`;
}

/** The most requests one device can number in one day (six digits). */
export const MAX_DAILY_SEQUENCE = 999_999;

export function formatRegistrationNo(officeCode: string, deviceId: string, date: Date, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_DAILY_SEQUENCE) {
    throw new Error(`daily sequence out of range: ${sequence}`);
  }
  return `${officeShort(officeCode)}-${deviceShort(deviceId)}-${localDay(date)}-${String(sequence).padStart(4, '0')}`;
}

export const REGISTRATION_NO_PATTERN = /^\d{6}-[0-9A-HJKMNP-TV-Z]{4}-\d{6}-\d{4,6}$/;

/** Random bytes -> 8 Crockford characters. `bytes` must hold at least 5 bytes (40 bits). */
export function trackingCodeFromBytes(bytes: Uint8Array): string {
  if (bytes.length < 5) throw new Error('tracking code needs 5 random bytes');
  let bits = 0n;
  for (let i = 0; i < 5; i++) bits = (bits << 8n) | BigInt(bytes[i] ?? 0);
  let out = '';
  for (let i = 0; i < 8; i++) {
    out = CROCKFORD[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out;
}

export const TRACKING_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{8}$/;

/** What a person or a QR scanner typed -> canonical form (upper case, no separators, O->0, I/L->1). */
export function normaliseLookupCode(input: string): string {
  return input
    .trim()
    .toUpperCase()
    .replace(/[\s]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}
