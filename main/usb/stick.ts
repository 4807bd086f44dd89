import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DeviceId } from '../../shared/sync/protocol.js';
import { DEVICES_DIR, SignedDoc, STICK_ROOT, type StickFile } from '../../shared/usb/format.js';
import { ed25519FromRaw } from '../hub/ed25519.js';
import { UsbError } from './errors.js';

/** Most device folders one stick is read for (a boat round through many desa, bounded). */
export const MAX_STICK_DEVICES = 1000;

export function deviceDir(stick: string, deviceId: string): string {
  return join(stick, STICK_ROOT, DEVICES_DIR, deviceId);
}

/** The device folders on a stick (sorted; names that are not device ids are ignored). */
export function stickDevices(stick: string): string[] {
  const dir = join(stick, STICK_ROOT, DEVICES_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && DeviceId.safeParse(d.name).success)
    .map((d) => d.name)
    .sort()
    .slice(0, MAX_STICK_DEVICES);
}

/** A file's bytes, refusing one over `max` (a stick is untrusted input). */
export function readBounded(file: string, max: number): Buffer {
  const size = statSync(file).size;
  if (size > max) throw new UsbError(`${file} is ${size} bytes, more than the ${max} allowed`);
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

/** {document, signature} with an Ed25519 signature over `wrap(document)`. */
export function signDoc(doc: unknown, wrap: (text: string) => string, signer: (text: string) => string): string {
  const document = JSON.stringify(doc);
  return `${JSON.stringify({ document, signature: signer(wrap(document)) })}\n`;
}

export function ed25519Signer(key: KeyObject): (text: string) => string {
  return (text) => sign(null, Buffer.from(text), key).toString('base64');
}

/** Parses a signed file; the document text is returned only when `publicKeyB64` signed it. */
export function openSignedDoc(raw: Buffer, wrap: (text: string) => string, publicKeyB64: string): { ok: true; document: unknown } | { ok: false; why: 'malformed' | 'signature' } {
  let env;
  try {
    env = SignedDoc.safeParse(JSON.parse(raw.toString('utf8')));
  } catch {
    return { ok: false, why: 'malformed' };
  }
  if (!env.success) return { ok: false, why: 'malformed' };
  let good = false;
  try {
    good = verify(null, Buffer.from(wrap(env.data.document)), ed25519FromRaw(Buffer.from(publicKeyB64, 'base64')), Buffer.from(env.data.signature, 'base64'));
  } catch {
    good = false;
  }
  if (!good) return { ok: false, why: 'signature' };
  try {
    return { ok: true, document: JSON.parse(env.data.document) };
  } catch {
    return { ok: false, why: 'malformed' };
  }
}

/** The unverified document of a signed file (to learn who claims to have signed it); null when unreadable. */
export function peekSignedDoc(raw: Buffer): unknown {
  try {
    const env = SignedDoc.safeParse(JSON.parse(raw.toString('utf8')));
    return env.success ? JSON.parse(env.data.document) : null;
  } catch {
    return null;
  }
}

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * A file the manifest names, checked before it is opened: missing, short (a partial copy),
 * longer or with other bytes (altered). Answers the bytes or the problem in plain English.
 */
export function readListedFile(dir: string, f: StickFile): { ok: true; data: Buffer } | { ok: false; code: 'missing' | 'partial' | 'altered'; message: string } {
  const path = join(dir, f.name);
  if (!existsSync(path)) return { ok: false, code: 'missing', message: `incomplete copy: ${f.name} is missing from the stick` };
  const size = statSync(path).size;
  if (size < f.size) return { ok: false, code: 'partial', message: `incomplete copy: ${f.name} has ${size} of its ${f.size} bytes` };
  if (size > f.size) return { ok: false, code: 'altered', message: `${f.name} has ${size} bytes, the manifest says ${f.size}: it was altered` };
  const data = readFileSync(path);
  if (sha256Hex(data) !== f.sha256) return { ok: false, code: 'altered', message: `${f.name} differs from what the device wrote (a changed byte): it was altered or damaged` };
  return { ok: true, data };
}
