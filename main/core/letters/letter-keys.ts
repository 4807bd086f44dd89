import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { LetterQueries, OfficeKeyRow } from '../../db/queries/letters.js';
import { keyIdOf } from './token.js';

/**
 * The one door to letter keys: this device's Ed25519 letter key pair (made at first use, kept
 * by the store for now, apart from the sync key) and the cached public keys of the office's
 * other devices (pulled from the hub during sync). Moving the private key out of the database
 * later changes this module only.
 */
export interface LetterKeys {
  /** This device's key id and raw public key (32 bytes). */
  own(): { keyId: string; publicKey: Buffer };
  signingKey(): KeyObject;
  /** The public key for a token's office and key id: this device's own, or a cached one of the office. */
  lookup(officeCode: string, keyId: string): Buffer | undefined;
  saveOfficeKeys(keys: OfficeKeyRow[]): void;
  officeKeys(officeCode: string): OfficeKeyRow[];
}

export function letterKeys(q: LetterQueries): LetterKeys {
  let cached: { keyId: string; publicKey: Buffer; key: KeyObject } | undefined;
  const load = (): { keyId: string; publicKey: Buffer; key: KeyObject } => {
    if (cached) return cached;
    const row = q.ensureOwnKey(() => {
      const { publicKey, privateKey } = generateKeyPairSync('ed25519');
      const spki = publicKey.export({ format: 'der', type: 'spki' });
      const raw = spki.subarray(spki.length - 32);
      return { keyId: keyIdOf(raw), publicKey: raw, privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }) };
    });
    cached = { keyId: row.keyId, publicKey: row.publicKey, key: createPrivateKey({ key: row.privateKey, format: 'der', type: 'pkcs8' }) };
    return cached;
  };
  return {
    own: () => {
      const k = load();
      return { keyId: k.keyId, publicKey: k.publicKey };
    },
    signingKey: () => load().key,
    lookup(officeCode, keyId) {
      // Never makes a key: verifying (also from the CLI) must not write one.
      const own = cached ?? q.ownKey();
      if (own?.keyId === keyId) return own.publicKey;
      return q.officeKey(officeCode, keyId)?.publicKey;
    },
    saveOfficeKeys: (keys) => q.saveOfficeKeys(keys, new Date().toISOString()),
    officeKeys: (officeCode) => q.officeKeys(officeCode),
  };
}
