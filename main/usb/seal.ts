import { createCipheriv, createDecipheriv, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { SEAL_MAGIC } from '../../shared/usb/format.js';
import { x25519PublicKey } from '../hub/hub-identity.js';

/**
 * Sealing to the hub (X25519 + HKDF-SHA256 + AES-256-GCM, node:crypto only): a fresh ephemeral
 * key per file, so only the holder of the hub's X25519 private key can open it, and the GCM tag
 * makes any changed, cut or appended byte fail as a whole.
 *
 *   "AJS1" | ephemeral public key (32) | nonce (12) | ciphertext | tag (16)
 */
const HEAD = 4 + 32 + 12;
const TAG = 16;

export class SealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealError';
  }
}

function keyFor(shared: Buffer, ephemeral: Buffer, recipient: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeral, recipient]), 'anjungan-usb-seal-v1', 32));
}

function rawPublic(k: KeyObject): Buffer {
  const der = k.export({ format: 'der', type: 'spki' });
  return der.subarray(der.length - 32);
}

/** Seals `plain` to the hub's raw X25519 public key; `context` is bound in (the same context opens it). */
export function seal(plain: Buffer, recipientRaw: Buffer, context: string): Buffer {
  const recipient = x25519PublicKey(recipientRaw);
  const eph = generateKeyPairSync('x25519');
  const ephRaw = rawPublic(eph.publicKey);
  const key = keyFor(diffieHellman({ privateKey: eph.privateKey, publicKey: recipient }), ephRaw, recipientRaw);
  const nonce = randomBytes(12);
  const head = Buffer.concat([Buffer.from(SEAL_MAGIC), ephRaw, nonce]);
  const c = createCipheriv('aes-256-gcm', key, nonce);
  c.setAAD(Buffer.concat([head, Buffer.from(context)]));
  const body = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([head, body, c.getAuthTag()]);
}

/** Opens a sealed file with the hub's X25519 private key; SealError when it is not one, damaged, or sealed to another key. */
export function open(sealed: Buffer, privateKey: KeyObject, context: string): Buffer {
  if (sealed.length < HEAD + TAG || sealed.subarray(0, 4).toString('latin1') !== SEAL_MAGIC) throw new SealError('not a sealed Anjungan file');
  const ephRaw = sealed.subarray(4, 36);
  const nonce = sealed.subarray(36, HEAD);
  const ownRaw = rawPublic(createPublicKey(privateKey));
  let key: Buffer;
  try {
    key = keyFor(diffieHellman({ privateKey, publicKey: x25519PublicKey(Buffer.from(ephRaw)) }), Buffer.from(ephRaw), ownRaw);
  } catch {
    throw new SealError('the sealed file carries no valid key');
  }
  const d = createDecipheriv('aes-256-gcm', key, nonce);
  d.setAAD(Buffer.concat([sealed.subarray(0, HEAD), Buffer.from(context)]));
  d.setAuthTag(sealed.subarray(sealed.length - TAG));
  try {
    return Buffer.concat([d.update(sealed.subarray(HEAD, sealed.length - TAG)), d.final()]);
  } catch {
    throw new SealError('the sealed file does not open: it was altered, cut short, or sealed to another hub');
  }
}
