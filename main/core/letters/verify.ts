import type { LetterVerification } from '../../../shared/api/calls/letters.js';
import { officeName } from '../../../shared/domain/wilayah.js';
import { decodeToken, nikMatches, TokenFormatError, verifySignature } from './token.js';

export type VerifyOutcome = 'valid' | 'altered' | 'unknown_office';

/** What a token says once checked; the claims only when the signature holds. */
export interface TokenVerdict {
  outcome: VerifyOutcome;
  /** English, for logs and the CLI. */
  message: string;
  officeCode: string | null;
  claims: { number: string; date: string; serviceId: string; keyId: string } | null;
  /** Whether the NIK given matches the letter's salted hash; null when none was given or the token is not valid. */
  nikMatches: boolean | null;
}

/** Key lookup by office and key id: the device's own and cached keys, or the hub's table. */
export type KeyLookup = (officeCode: string, keyId: string) => Buffer | undefined | Promise<Buffer | undefined>;

/**
 * valid: a known key of that office signed exactly these bytes. altered: the signature fails, or
 * the text is no letter token at all (a damaged scan looks the same). unknown_office: no key of
 * that office and key id is known here (yet: a device of another office, or keys not synced).
 */
export async function verifyLetterToken(token: string, lookup: KeyLookup, nik?: string): Promise<TokenVerdict> {
  let t;
  try {
    t = decodeToken(token);
  } catch (err) {
    if (!(err instanceof TokenFormatError)) throw err;
    return { outcome: 'altered', message: `not a valid letter token (${err.message})`, officeCode: null, claims: null, nikMatches: null };
  }
  const key = await lookup(t.officeCode, t.keyId);
  if (!key) {
    return { outcome: 'unknown_office', message: `no letter key ${t.keyId} of office ${t.officeCode} is known here`, officeCode: t.officeCode, claims: null, nikMatches: null };
  }
  if (!verifySignature(t, key)) {
    return { outcome: 'altered', message: 'the signature does not match: the token was changed or damaged', officeCode: t.officeCode, claims: null, nikMatches: null };
  }
  return {
    outcome: 'valid',
    message: `letter ${t.number} of ${t.date}, issued by office ${t.officeCode}`,
    officeCode: t.officeCode,
    claims: { number: t.number, date: t.date, serviceId: t.serviceId, keyId: t.keyId },
    nikMatches: nik === undefined ? null : nikMatches(t, nik),
  };
}

/** The API's answer for a verdict: office names from the region list, the service title from the catalogue. */
export function describeVerdict(v: TokenVerdict, serviceTitle: (id: string) => string | undefined): LetterVerification {
  const office = v.officeCode ? officeName(v.officeCode) : undefined;
  return {
    outcome: v.outcome,
    message: v.message,
    officeCode: v.officeCode,
    office: office ? { desa: office.desa, kecamatan: office.kecamatan } : null,
    letter: v.claims ? { number: v.claims.number, date: v.claims.date, serviceId: v.claims.serviceId, serviceTitle: serviceTitle(v.claims.serviceId) ?? v.claims.serviceId } : null,
    nikMatches: v.nikMatches,
  };
}
