import { createPublicKey, type KeyObject } from 'node:crypto';

const RAW_ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** An Ed25519 public key object from its raw 32 bytes (throws on any other length). */
export function ed25519FromRaw(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw new Error('an Ed25519 public key has 32 bytes');
  return createPublicKey({ key: Buffer.concat([RAW_ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}
