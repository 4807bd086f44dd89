import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';

/**
 * The kabupaten's own signature on every release file (installer, latest*.yml, blockmaps), in
 * addition to electron-updater's sha512: a release is installed only when its `.sig` verifies
 * against the release public key the app ships with. Plain Node, no Electron: the same code
 * checks a download from the hub and a file from a USB stick.
 *
 * FILE.sig is JSON: {v, name, size, sha512 (base64, as electron-updater writes it), signature}
 * where the signature (Ed25519, base64) covers `anjungan-release-v1\n<name>\n<size>\n<sha512>`.
 */
export const SIGNATURE_SUFFIX = '.sig';

export const ReleaseSignature = z
  .object({ v: z.literal(1), name: z.string().min(1).max(255), size: z.number().int().min(0), sha512: z.string().max(100), signature: z.string().max(200) })
  .strict();
export type ReleaseSignature = z.infer<typeof ReleaseSignature>;

export type VerifyOutcome =
  | { ok: true; name: string; size: number; sha512: string }
  | { ok: false; reason: 'unsigned' | 'bad_signature_file' | 'wrong_name' | 'truncated' | 'tampered' | 'wrong_key'; message: string };

function signingText(name: string, size: number, sha512: string): string {
  return `anjungan-release-v1\n${name}\n${size}\n${sha512}`;
}

/** SHA-512 of a file, base64 (electron-updater's own form), streamed: installers are large. */
export async function sha512Of(path: string): Promise<string> {
  const h = createHash('sha512');
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) h.update(chunk);
  return h.digest('base64');
}

/** Writes FILE (the private key, PKCS#8 PEM, mode 0600) and FILE.pub (SPKI PEM). */
export function generateReleaseKey(file: string): { privateFile: string; publicFile: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  writeFileSync(`${file}.pub`, publicKey.export({ format: 'pem', type: 'spki' }), { flag: 'wx' });
  return { privateFile: file, publicFile: `${file}.pub` };
}

export function readPrivateKey(file: string): KeyObject {
  const key = createPrivateKey(readFileSync(file));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${file} is not an Ed25519 private key`);
  return key;
}

export function readPublicKey(text: string | Buffer): KeyObject {
  const key = createPublicKey(text);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 public key');
  return key;
}

/** Signs one release file: writes FILE.sig beside it and answers what it wrote. */
export async function signRelease(path: string, key: KeyObject): Promise<ReleaseSignature> {
  const name = basename(path);
  const size = statSync(path).size;
  const sha512 = await sha512Of(path);
  const sig: ReleaseSignature = { v: 1, name, size, sha512, signature: sign(null, Buffer.from(signingText(name, size, sha512)), key).toString('base64') };
  writeFileSync(`${path}${SIGNATURE_SUFFIX}`, `${JSON.stringify(sig)}\n`);
  return sig;
}

/** Parses a .sig file's text; null when it is not one. */
export function parseSignature(text: string): ReleaseSignature | null {
  try {
    const r = ReleaseSignature.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/**
 * Whether `path` is the intact file its signature names, signed by `key`. The signature is
 * checked first (a forged .sig is refused before the file is read), then the size, then the hash.
 */
export async function verifyRelease(path: string, key: KeyObject, sigPath = `${path}${SIGNATURE_SUFFIX}`): Promise<VerifyOutcome> {
  if (!existsSync(sigPath)) return { ok: false, reason: 'unsigned', message: `${basename(path)} has no signature (${basename(sigPath)} is missing)` };
  const sig = parseSignature(readFileSync(sigPath, 'utf8'));
  if (!sig) return { ok: false, reason: 'bad_signature_file', message: `${basename(sigPath)} is not a release signature` };
  if (sig.name !== basename(path)) return { ok: false, reason: 'wrong_name', message: `the signature is for ${sig.name}, not ${basename(path)}` };
  let good = false;
  try {
    good = verify(null, Buffer.from(signingText(sig.name, sig.size, sig.sha512)), key, Buffer.from(sig.signature, 'base64'));
  } catch {
    good = false;
  }
  if (!good) return { ok: false, reason: 'wrong_key', message: `${sig.name} is not signed by this release key` };
  const size = statSync(path).size;
  if (size < sig.size) return { ok: false, reason: 'truncated', message: `${sig.name} is ${size} bytes, the signed release has ${sig.size}` };
  if (size !== sig.size || (await sha512Of(path)) !== sig.sha512) return { ok: false, reason: 'tampered', message: `${sig.name} differs from the signed release` };
  return { ok: true, name: sig.name, size: sig.size, sha512: sig.sha512 };
}
