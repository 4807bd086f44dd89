import { createHash, createPublicKey, scryptSync, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { MAX_NUMBER_LENGTH } from '../../../shared/letters/number.js';

/**
 * The letter's QR token: compact binary, signed with the issuing device's Ed25519 letter key,
 * base64url (no padding). No personal data in clear: the NIK appears only as a salted,
 * deliberately slow hash (scrypt), so the token proves "this office issued letter N on day D
 * for service S to the holder of NIK X" to anyone who already knows X, and tells nothing else.
 *
 *   u8  version (1)              u32 office code digits (36.04.05.2001 -> 3604052001)
 *   4B  key id (SHA-256 of the public key, first 4 bytes)
 *   u16 letter date (days since 1970-01-01)   6B salt   8B NIK hash
 *   u8+ASCII letter number (<= 40)            u8+ASCII service id (<= 80)
 *   64B Ed25519 signature over "anjungan-letter-v1\0" + everything before it
 */
export const TOKEN_VERSION = 1;
export const SALT_BYTES = 6;
const HASH_BYTES = 8;
const SIG_BYTES = 64;
const DOMAIN = Buffer.from('anjungan-letter-v1\0');
/** Longest token text accepted at all (a scanner or a file can hand over anything). */
export const MAX_TOKEN_LENGTH = 400;
/** scrypt cost: ~50 ms a hash, so trying every NIK of a desa for one token takes CPU-weeks, not seconds. */
const SCRYPT = { N: 1 << 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export interface TokenClaims {
  officeCode: string;
  keyId: string;
  /** yyyy-mm-dd */
  date: string;
  salt: Buffer;
  nikHash: Buffer;
  number: string;
  serviceId: string;
}

export interface DecodedToken extends TokenClaims {
  signed: Buffer;
  signature: Buffer;
}

export class TokenFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenFormatError';
  }
}

export function keyIdOf(rawPublicKey: Buffer): string {
  return createHash('sha256').update(rawPublicKey).digest().subarray(0, 4).toString('hex');
}

export function nikHash(nik: string, salt: Buffer): Buffer {
  return scryptSync(`anjungan-nik-v1:${nik}`, salt, HASH_BYTES, SCRYPT);
}

export function nikMatches(claims: Pick<TokenClaims, 'salt' | 'nikHash'>, nik: string): boolean {
  return timingSafeEqual(nikHash(nik.trim(), claims.salt), claims.nikHash);
}

function officeDigits(officeCode: string): number {
  const m = /^(\d{2})\.(\d{2})\.(\d{2})\.(\d{4})$/.exec(officeCode);
  if (!m) throw new TokenFormatError(`not a desa code: ${officeCode}`);
  return Number(m.slice(1).join(''));
}

function officeCodeOf(n: number): string {
  const d = String(n).padStart(10, '0');
  return `${d.slice(0, 2)}.${d.slice(2, 4)}.${d.slice(4, 6)}.${d.slice(6)}`;
}

const DAY_MS = 86_400_000;
const dayNumber = (date: string): number => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
const dayText = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);

function ascii(text: string, max: number, what: string): Buffer {
  if (!/^[\x20-\x7e]+$/.test(text) || text.length > max) throw new TokenFormatError(`${what} must be 1 to ${max} printable ASCII characters`);
  return Buffer.from(text, 'latin1');
}

/** The signed part of a token. */
export function claimBytes(c: TokenClaims): Buffer {
  const head = Buffer.alloc(11);
  head.writeUInt8(TOKEN_VERSION, 0);
  head.writeUInt32BE(officeDigits(c.officeCode), 1);
  Buffer.from(c.keyId, 'hex').copy(head, 5, 0, 4);
  head.writeUInt16BE(dayNumber(c.date), 9);
  if (c.salt.length !== SALT_BYTES || c.nikHash.length !== HASH_BYTES) throw new TokenFormatError('salt or NIK hash of the wrong length');
  const num = ascii(c.number, MAX_NUMBER_LENGTH, 'the letter number');
  const svc = ascii(c.serviceId, 80, 'the service id');
  return Buffer.concat([head, c.salt, c.nikHash, Buffer.from([num.length]), num, Buffer.from([svc.length]), svc]);
}

export function signToken(c: TokenClaims, privateKey: KeyObject): string {
  const body = claimBytes(c);
  const signature = sign(null, Buffer.concat([DOMAIN, body]), privateKey);
  return Buffer.concat([body, signature]).toString('base64url');
}

/** Reads a token's fields (not yet trusted: see verifySignature). Throws TokenFormatError. */
export function decodeToken(token: string): DecodedToken {
  const text = token.trim();
  if (text.length === 0 || text.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) throw new TokenFormatError('not a letter token');
  const b = Buffer.from(text, 'base64url');
  if (b.length < 11 + SALT_BYTES + HASH_BYTES + 2 + SIG_BYTES) throw new TokenFormatError('token too short');
  if (b.readUInt8(0) !== TOKEN_VERSION) throw new TokenFormatError(`unknown token version ${b.readUInt8(0)}`);
  let at = 11 + SALT_BYTES + HASH_BYTES;
  const field = (): string => {
    const n = b.readUInt8(at);
    if (n === 0 || at + 1 + n > b.length - SIG_BYTES) throw new TokenFormatError('token field out of bounds');
    const s = b.subarray(at + 1, at + 1 + n).toString('latin1');
    at += 1 + n;
    return s;
  };
  const number = field();
  const serviceId = field();
  if (b.length !== at + SIG_BYTES) throw new TokenFormatError('token has trailing bytes');
  return {
    officeCode: officeCodeOf(b.readUInt32BE(1)),
    keyId: b.subarray(5, 9).toString('hex'),
    date: dayText(b.readUInt16BE(9)),
    salt: b.subarray(11, 11 + SALT_BYTES),
    nikHash: b.subarray(11 + SALT_BYTES, 11 + SALT_BYTES + HASH_BYTES),
    number,
    serviceId,
    signed: b.subarray(0, at),
    signature: b.subarray(at),
  };
}

const RAW_ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function publicKeyFromRaw(raw: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([RAW_ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

export function verifySignature(t: DecodedToken, rawPublicKey: Buffer): boolean {
  try {
    return verify(null, Buffer.concat([DOMAIN, t.signed]), publicKeyFromRaw(rawPublicKey), t.signature);
  } catch {
    return false;
  }
}
