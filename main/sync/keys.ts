import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { SyncQueries } from '../db/queries/sync.js';

export interface DeviceIdentity {
  deviceId: string;
  /** Raw Ed25519 public key, 32 bytes. */
  publicKey: Buffer;
  /** Base64 Ed25519 signature of the UTF-8 text. */
  sign(text: string): string;
}

/** The device's Ed25519 key pair, made at first start and kept in the kiosk database. */
export function deviceIdentity(deviceId: string, sync: SyncQueries): DeviceIdentity {
  const stored = sync.ensureKeys(() => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const spki = publicKey.export({ format: 'der', type: 'spki' });
    return { publicKey: spki.subarray(spki.length - 32), privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }) };
  });
  const key: KeyObject = createPrivateKey({ key: stored.privateKey, format: 'der', type: 'pkcs8' });
  return {
    deviceId,
    publicKey: stored.publicKey,
    sign: (text) => sign(null, Buffer.from(text), key).toString('base64'),
  };
}
