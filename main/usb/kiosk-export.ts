import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { batchSigningText } from '../../shared/sync/protocol.js';
import {
  ControlDoc,
  Manifest,
  MANIFEST_FILE,
  manifestSigningText,
  MAX_EXPORT_STATUS_UPDATES,
  MAX_MANIFEST_BYTES,
  MAX_STICK_BATCHES,
  sealContext,
  SEALED_SUFFIX,
  type StickFile,
} from '../../shared/usb/format.js';
import type { OpenBatch } from '../db/queries/sync.js';
import { buildNextBatch } from '../sync/build.js';
import { deviceIdentity } from '../sync/keys.js';
import type { KioskSyncDb } from '../sync/kiosk-db.js';
import { writeFileAtomic } from './atomic.js';
import { UsbError } from './errors.js';
import { chooseHub, readHubFile } from './hub-choice.js';
import { seal } from './seal.js';
import { deviceDir, openSignedDoc, readBounded, sha256Hex } from './stick.js';

export interface UsbProgress {
  phase: 'prepare' | 'write' | 'done';
  bytesDone: number;
  bytesTotal: number;
  filesDone: number;
  filesTotal: number;
}

export interface ExportOptions {
  kiosk: KioskSyncDb;
  /** The stick's mount point (or any folder standing for it). */
  to: string;
  appVersion: string;
  platform: 'linux' | 'win';
  officeCode: string;
  /** Needed only to trust a hub file on the stick this device has not met, or to choose among several hubs. */
  hubFingerprint?: string | null;
  /** A one-time enrolment code (anjungan hub enrol), for a device that never reached its hub. */
  enrolmentCode?: string | null;
  label?: string | null;
  onProgress?: (p: UsbProgress) => void;
}

export interface ExportResult {
  deviceId: string;
  hubFingerprint: string;
  batches: number;
  submissions: number;
  /** Sealed bytes on the stick for this export (reused files included). */
  bytes: number;
  /** Batches already on the stick from an earlier export, left as they were. */
  reused: number;
  statusUpdates: number;
}

/** The split hint a hub's whole-batch refusal leaves (kiosk-import.ts): smaller batches next time. */
export const USB_SPLIT_STATE = 'usb:split';

/** Carries the next stick's batches: those already built (byte-identical, as the HTTP engine would resume them) and new ones. */
async function batchesToCarry(k: KioskSyncDb, onBuilt?: (batches: number) => void): Promise<OpenBatch[]> {
  const open = k.sync.openBatches();
  const split = k.sync.getState<number>(USB_SPLIT_STATE) ?? Infinity;
  while (open.length < MAX_STICK_BATCHES) {
    const b = await buildNextBatch(k.sync, k.deviceId, 'small', undefined, split);
    if (!b) break;
    open.push(b);
    // Building (compressing) is most of a big export's time: say how far it got.
    onBuilt?.(open.length);
  }
  if (split !== Infinity) k.sync.setState(USB_SPLIT_STATE, null);
  return open.slice(0, MAX_STICK_BATCHES);
}

/** The manifest this device left on the stick last time (if intact): its sealed batches can be reused. */
function previousManifest(dir: string, publicKeyB64: string): Manifest | null {
  const file = join(dir, MANIFEST_FILE);
  if (!existsSync(file)) return null;
  try {
    const opened = openSignedDoc(readBounded(file, MAX_MANIFEST_BYTES), manifestSigningText, publicKeyB64);
    if (!opened.ok) return null;
    const m = Manifest.safeParse(opened.document);
    return m.success ? m.data : null;
  } catch {
    return null;
  }
}

function sealedBatch(b: OpenBatch, deviceId: string, signature: string, hubBox: Buffer): Buffer {
  const header = Buffer.from(JSON.stringify({ batchId: b.batch_id, deviceId, length: b.body.length, digest: b.digest, signature }));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(header.length);
  return seal(Buffer.concat([len, header, b.body]), hubBox, sealContext(deviceId, 'batch'));
}

/**
 * `anjungan usb export`: everything pending, as the same signed batches the engine uploads,
 * sealed to the hub, with a device-signed manifest written last. Nothing is marked delivered
 * (only the hub's answer does that); each file is written atomically and files an older manifest
 * names are never overwritten, so a stick pulled at any moment holds the old export or the new one.
 */
export async function exportToStick(o: ExportOptions): Promise<ExportResult> {
  const k = o.kiosk;
  if (!existsSync(o.to)) throw new UsbError(`${o.to} does not exist (is the stick mounted?)`);
  const hub = chooseHub(k.sync, readHubFile(o.to), o.hubFingerprint ?? null);
  const id = deviceIdentity(k.deviceId, k.sync);
  const pub = id.publicKey.toString('base64');
  const dir = deviceDir(o.to, k.deviceId);
  mkdirSync(dir, { recursive: true });
  o.onProgress?.({ phase: 'prepare', bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: 0 });

  const old = previousManifest(dir, pub);
  const reusable = new Map<string, StickFile>();
  if (old && old.hub === hub.keys.signingKey) {
    for (const f of old.files) if (f.kind === 'batch') reusable.set(f.batchId, f);
  }
  const batches = await batchesToCarry(k, (n) => o.onProgress?.({ phase: 'prepare', bytesDone: 0, bytesTotal: 0, filesDone: n, filesTotal: 0 }));
  const statusUpdates = k.statusOutbox.due(MAX_EXPORT_STATUS_UPDATES);
  const hubBox = Buffer.from(hub.keys.boxKey, 'base64');

  // Estimate first: a stick that cannot hold the export is refused before anything is written.
  const fresh = batches.filter((b) => !intactOnStick(dir, reusable.get(b.batch_id)));
  const need = fresh.reduce((n, b) => n + b.body.length + 512, 0) + 64 * 1024 + statusUpdates.length * 300;
  const free = freeBytes(o.to);
  if (free !== null && need > free) throw new UsbError(`the stick has ${free} bytes free; this export needs about ${need}: free some space or use another stick`);

  const files: StickFile[] = [];
  let bytes = 0;
  let done = 0;
  let filesDone = 0;
  const total = need;
  const filesTotal = fresh.length + 2;
  for (const b of batches) {
    const prior = reusable.get(b.batch_id);
    if (prior && intactOnStick(dir, prior)) {
      files.push(prior);
      bytes += prior.size;
      continue;
    }
    const data = sealedBatch(b, k.deviceId, id.sign(batchSigningText(b.batch_id, k.deviceId, b.body.length, b.digest)), hubBox);
    const name = `${b.batch_id}-${randomBytes(4).toString('hex')}${SEALED_SUFFIX}`;
    writeFileAtomic(join(dir, name), data);
    files.push({ kind: 'batch', batchId: b.batch_id, name, size: data.length, sha256: sha256Hex(data), records: b.records });
    bytes += data.length;
    done += b.body.length + 512;
    filesDone++;
    o.onProgress?.({ phase: 'write', bytesDone: done, bytesTotal: total, filesDone, filesTotal });
    // The writes are synchronous: let the progress reach the desk's bar between files.
    await new Promise<void>((r) => setImmediate(r));
  }

  const control: ControlDoc = {
    v: 1,
    deviceId: k.deviceId,
    statusUpdates: statusUpdates.map((s) => ({ seq: s.seq, id: s.submissionId, status: s.status, note: s.note, at: s.at })),
    enrolment: o.enrolmentCode ? { code: o.enrolmentCode, label: o.label ?? null } : null,
  };
  const sealedControl = seal(Buffer.from(JSON.stringify(control)), hubBox, sealContext(k.deviceId, 'control'));
  const controlName = `control-${randomBytes(4).toString('hex')}${SEALED_SUFFIX}`;
  writeFileAtomic(join(dir, controlName), sealedControl);
  files.push({ kind: 'control', name: controlName, size: sealedControl.length, sha256: sha256Hex(sealedControl) });
  bytes += sealedControl.length;

  const manifest: Manifest = {
    v: 1,
    deviceId: k.deviceId,
    publicKey: pub,
    exportId: randomUUID(),
    createdAt: new Date().toISOString(),
    hub: hub.keys.signingKey,
    files,
    submissions: batches.reduce((n, b) => n + b.records, 0),
    statusCursor: k.sync.getState<number>(hub.cursorKey) ?? 0,
    catalogueVersion: k.sync.getState<{ version: number }>('catalogue')?.version ?? 0,
    appVersion: o.appVersion,
    platform: o.platform,
    officeCode: o.officeCode,
  };
  const document = JSON.stringify(manifest);
  writeFileAtomic(join(dir, MANIFEST_FILE), `${JSON.stringify({ document, signature: id.sign(manifestSigningText(document)) })}\n`);
  // Only now may what the old manifest named go: the new one is in place.
  const keep = new Set(files.map((f) => f.name));
  for (const name of readdirSync(dir)) {
    if ((name.endsWith(SEALED_SUFFIX) && !keep.has(name)) || /^\..*\.tmp$/.test(name)) rmSync(join(dir, name), { force: true });
  }
  o.onProgress?.({ phase: 'done', bytesDone: total, bytesTotal: total, filesDone: filesTotal, filesTotal });
  return { deviceId: k.deviceId, hubFingerprint: hub.fingerprint, batches: batches.length, submissions: manifest.submissions, bytes, reused: batches.length - fresh.length, statusUpdates: statusUpdates.length };
}

function intactOnStick(dir: string, f: StickFile | undefined): boolean {
  if (!f) return false;
  const path = join(dir, f.name);
  try {
    return existsSync(path) && sha256Hex(readBounded(path, f.size)) === f.sha256;
  } catch {
    return false;
  }
}

function freeBytes(path: string): number | null {
  try {
    const s = statfsSync(path);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}
