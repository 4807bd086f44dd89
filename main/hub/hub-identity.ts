import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { HubKeysRow } from './backend.js';

/**
 * The hub's own keys, made at its first start and kept in its database:
 * - an Ed25519 key the hub signs with (the catalogue and other documents it hands down), so a
 *   device adopts only what its own hub signed;
 * - an X25519 key devices encrypt to (a USB stick carried by hand holds batches only the hub can read).
 * Devices learn both public keys at enrolment (and from /v1/hello) and keep them.
 */
export interface HubIdentity {
  /** Raw 32-byte public keys, base64: what devices store. */
  readonly signingKey: string;
  readonly boxKey: string;
  sign(data: Buffer | string): Buffer;
  /** The X25519 private key, for decrypting what devices sealed to the hub. */
  readonly boxPrivate: KeyObject;
}

const RAW = (der: Buffer): Buffer => der.subarray(der.length - 32);

export function newHubKeys(at: string): HubKeysRow {
  const sig = generateKeyPairSync('ed25519');
  const box = generateKeyPairSync('x25519');
  return {
    signing_public: RAW(sig.publicKey.export({ format: 'der', type: 'spki' })),
    signing_private: sig.privateKey.export({ format: 'der', type: 'pkcs8' }),
    box_public: RAW(box.publicKey.export({ format: 'der', type: 'spki' })),
    box_private: box.privateKey.export({ format: 'der', type: 'pkcs8' }),
    created_at: at,
  };
}

export function hubIdentity(row: HubKeysRow): HubIdentity {
  const signing = createPrivateKey({ key: row.signing_private, format: 'der', type: 'pkcs8' });
  const boxPrivate = createPrivateKey({ key: row.box_private, format: 'der', type: 'pkcs8' });
  return {
    signingKey: row.signing_public.toString('base64'),
    boxKey: row.box_public.toString('base64'),
    sign: (data) => sign(null, typeof data === 'string' ? Buffer.from(data) : data, signing),
    boxPrivate,
  };
}

/** An X25519 public key object from its raw 32 bytes (a device sealing to the hub). */
export function x25519PublicKey(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw new Error('an X25519 public key has 32 bytes');
  return createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b656e032100', 'hex'), raw]), format: 'der', type: 'spki' });
}
