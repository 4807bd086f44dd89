import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileState } from '../../../main/db/cipher.js';
import { readKeyRef } from '../../../main/db/keys/key-ref.js';
import { desktopStoreKey, SEALED_KEY_FILE, type Sealer } from '../../../main/db/keys/sealed-key.js';
import { DATABASE_FILE, openStore } from '../../../main/db/store.js';
import { tempDir } from '../../helpers/tmp.js';

/**
 * A stand-in for Electron's safeStorage (the OS keychain): no Electron binary can be downloaded
 * here, so the keychain is this AES-GCM sealer with a key held in memory. What is tested is ours:
 * the blob, the reference, the fallback and the store opening with the unsealed key.
 */
function fakeKeychain(backend = 'gnome_libsecret'): Sealer {
  const k = randomBytes(32);
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', k, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(blob) {
      const d = createDecipheriv('aes-256-gcm', k, blob.subarray(0, 12));
      d.setAuthTag(blob.subarray(12, 28));
      return Buffer.concat([d.update(blob.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

describe('the desktop shell\'s sealed database key', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('seals a generated key into db-key.safe (0600), opens the store with it, and refuses another keychain', () => {
    const chain = fakeKeychain();
    const d = desktopStoreKey(tmp.dir, DATABASE_FILE, `${tmp.dir}-keys`, chain);
    expect(d.kind).toBe('created');
    if (d.kind !== 'created' || d.key.kind !== 'raw') return;
    expect(readKeyRef(tmp.dir)).toEqual({ version: 1, safeStorage: SEALED_KEY_FILE });
    const blob = readFileSync(join(tmp.dir, SEALED_KEY_FILE));
    expect(statSync(join(tmp.dir, SEALED_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(blob.includes(Buffer.from(d.key.bytes.toString('hex')))).toBe(false);
    openStore(tmp.dir, { key: d.key }).close();
    expect(fileState(join(tmp.dir, DATABASE_FILE))).toBe('encrypted');

    const again = desktopStoreKey(tmp.dir, DATABASE_FILE, `${tmp.dir}-keys`, chain);
    if (again.kind !== 'existing') throw new Error(`expected the existing key, got ${again.kind}`);
    const s = openStore(tmp.dir, { key: again.key });
    expect(s.quickCheck()).toEqual(['ok']);
    s.close();
    // Another user's keychain (or a copied folder on another machine) cannot open the blob.
    expect(() => desktopStoreKey(tmp.dir, DATABASE_FILE, `${tmp.dir}-keys`, fakeKeychain())).toThrow(/cannot be opened by this user's keychain/);
    // The CLI has no keychain: it says so instead of opening the store without a key.
    expect(() => openStore(tmp.dir)).toThrow(/sealed by the desktop app \(Electron safeStorage/);
  });

  it('falls back to a key file when the keychain is the plain-text one, and leaves a plain store plain', () => {
    const d = desktopStoreKey(join(tmp.dir, 'a'), DATABASE_FILE, `${tmp.dir}-keys`, fakeKeychain('basic_text'));
    expect(d.kind).toBe('created');
    expect(readKeyRef(join(tmp.dir, 'a'))).toMatchObject({ keyFile: expect.stringContaining(`${tmp.dir}-keys`) });
    openStore(join(tmp.dir, 'b')).close();
    expect(desktopStoreKey(join(tmp.dir, 'b'), DATABASE_FILE, `${tmp.dir}-keys`, fakeKeychain())).toEqual({ kind: 'plain' });
  });
});
