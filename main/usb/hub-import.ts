import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { OfficeCode, type BatchAck, type HubKeys, type ReleaseInfo, type SignedCatalogue, type StatusUpdatesAck } from '../../shared/sync/protocol.js';
import {
  Answer,
  ANSWER_FILE,
  answerSigningText,
  ControlDoc,
  HUB_FILE,
  Manifest,
  MANIFEST_FILE,
  manifestSigningText,
  MAX_ANSWER_STATUSES,
  MAX_MANIFEST_BYTES,
  RELEASE_DIR,
  SealedBatchHeader,
  sealContext,
  STICK_ROOT,
  type StickFile,
} from '../../shared/usb/format.js';
import { batchSignatureValid, commitBody, IngestError, replayedAck } from '../hub/batch-commit.js';
import { signCatalogue } from '../hub/catalogue-sign.js';
import type { ConsoleCatalogue } from '../hub/console/catalogue.js';
import { hashEnrolmentCode } from '../hub/enrolment-code.js';
import type { HubIdentity } from '../hub/hub-identity.js';
import type { HubDevice, HubStore } from '../hub/store.js';
import type { Logger } from '../log.js';
import { SIGNATURE_SUFFIX, sha512Of } from '../update/release-signing.js';
import { writeFileAtomic, writeFileAtomicFrom } from './atomic.js';
import { hubFingerprint, type HubFile } from './hub-choice.js';
import { open as openSealed, SealError } from './seal.js';
import { deviceDir, openSignedDoc, peekSignedDoc, readBounded, readListedFile, stickDevices } from './stick.js';

export interface DeviceOutcome {
  deviceId: string;
  /** Null when the device's folder was used; else why not (nothing of it was stored, no answer written). */
  error: string | null;
  accepted: number;
  duplicate: number;
  rejected: number;
  /** Batches this hub had already committed (an old stick played back): answered again, stored once. */
  replayed: number;
  failed: { batchId: string; code: string; message: string }[];
  statuses: number;
  catalogue: number | null;
  release: string | null;
}

export interface HubImportOptions {
  store: HubStore;
  from: string;
  catalogue: ConsoleCatalogue;
  log: Logger;
  maxInflated: number;
  forwardTo?: string[];
  /** False when the answers travel back through a relay (main/usb/carry-intake.ts): no release files beside them. */
  withRelease?: boolean;
  /** The relay that carried the stick's files here (recorded beside the 'usb' channel); null when the stick came to the hub itself. */
  carrier?: string | null;
  onProgress?: (p: { devicesDone: number; devicesTotal: number; deviceId: string | null }) => void;
}

class DeviceRefused extends Error {}

/**
 * `anjungan hub usb-import`: every device folder on the stick, through the same ingest rules as
 * an HTTP upload (device signature, digest, caps, idempotent commit), then per device a
 * hub-signed answer: the acks, the desa's status moves applied, the status changes since the
 * device's cursor, the catalogue if newer, and the newest signed release if the device is behind.
 * A folder that is not this hub's (another hub's, an unknown device, a broken manifest) is
 * refused with its reason and the rest go on.
 */
export async function importStick(o: HubImportOptions): Promise<{ hub: HubFile; devices: DeviceOutcome[] }> {
  const { store } = o;
  if (!existsSync(o.from)) throw new Error(`${o.from} does not exist (is the stick mounted?)`);
  const id = await store.hubIdentity();
  const hubFile: HubFile = { v: 1, keys: { signingKey: id.signingKey, boxKey: id.boxKey }, fingerprint: hubFingerprint(id.signingKey) };
  writeFileAtomic(join(o.from, STICK_ROOT, HUB_FILE), `${JSON.stringify(hubFile)}\n`);
  const list = stickDevices(o.from);
  const out: DeviceOutcome[] = [];
  for (const [i, deviceId] of list.entries()) {
    o.onProgress?.({ devicesDone: i, devicesTotal: list.length, deviceId });
    const r: DeviceOutcome = { deviceId, error: null, accepted: 0, duplicate: 0, rejected: 0, replayed: 0, failed: [], statuses: 0, catalogue: null, release: null };
    try {
      await importDevice(o, id, hubFile.keys, deviceId, r);
    } catch (err) {
      if (!(err instanceof DeviceRefused)) throw err;
      r.error = err.message;
      o.log.warn('usb: device folder refused', { deviceId, reason: err.message });
    }
    out.push(r);
  }
  o.onProgress?.({ devicesDone: list.length, devicesTotal: list.length, deviceId: null });
  return { hub: hubFile, devices: out };
}

async function importDevice(o: HubImportOptions, id: HubIdentity, keys: HubKeys, deviceId: string, r: DeviceOutcome): Promise<void> {
  const { store } = o;
  const dir = deviceDir(o.from, deviceId);
  const manifestFile = join(dir, MANIFEST_FILE);
  if (!existsSync(manifestFile)) throw new DeviceRefused('no manifest (the export did not finish, or only an answer is left here)');
  const raw = readBounded(manifestFile, MAX_MANIFEST_BYTES);
  const claimed = Manifest.safeParse(peekSignedDoc(raw));
  if (!claimed.success) throw new DeviceRefused('the manifest is damaged or not an Anjungan manifest');
  if (claimed.data.deviceId !== deviceId) throw new DeviceRefused(`the manifest names device ${claimed.data.deviceId}, not its folder's ${deviceId}`);
  if (claimed.data.hub !== id.signingKey) {
    throw new DeviceRefused(`sealed for another hub (fingerprint ${hubFingerprint(claimed.data.hub)}); this hub is ${hubFingerprint(id.signingKey)}: another office's stick`);
  }
  let device = await store.getDevice(deviceId);
  if (device?.revoked) throw new DeviceRefused('this device was revoked at this hub');
  if (device && device.publicKey.toString('base64') !== claimed.data.publicKey) throw new DeviceRefused('the manifest carries another key than the one this device enrolled with');
  const opened = openSignedDoc(raw, manifestSigningText, claimed.data.publicKey);
  if (!opened.ok) throw new DeviceRefused('the manifest signature does not verify: it was altered');
  const m = claimed.data;

  const control = readControl(dir, m, id);
  if (!device) device = await enrolFromStick(store, m, control, deviceId);
  await store.console.touchDevice(deviceId, new Date().toISOString());

  const acks: { batchId: string; digest: string; ack: BatchAck }[] = [];
  const failed: Answer['failed'] = [];
  for (const f of m.files) {
    if (f.kind !== 'batch') continue;
    const got = await ingestFile(o, id, device, dir, f);
    if ('ack' in got) {
      acks.push({ batchId: f.batchId, digest: got.digest, ack: got.ack });
      if (got.ack.replayed) r.replayed++;
      else {
        r.accepted += got.ack.accepted.length;
        r.duplicate += got.ack.duplicate.length;
        r.rejected += got.ack.rejected.length;
      }
    } else {
      failed.push({ batchId: f.batchId, ...got });
      r.failed.push({ batchId: f.batchId, code: got.code, message: got.message });
    }
  }

  let statusUpdates: StatusUpdatesAck | null = null;
  if (control && control.statusUpdates.length) {
    statusUpdates = { applied: [], rejected: [] };
    for (let i = 0; i < control.statusUpdates.length; i += 500) {
      const a = await store.applyDeviceStatuses(deviceId, control.statusUpdates.slice(i, i + 500));
      statusUpdates.applied.push(...a.applied);
      statusUpdates.rejected.push(...a.rejected);
    }
  }

  const statuses: Answer['statuses'] = { since: m.statusCursor, items: [], cursor: m.statusCursor, more: false };
  for (;;) {
    const page = await store.statusSince(deviceId, statuses.cursor, 1000);
    statuses.items.push(...page.items);
    statuses.cursor = page.cursor;
    statuses.more = page.more;
    if (!page.more || statuses.items.length + 1000 > MAX_ANSWER_STATUSES) break;
  }
  r.statuses = statuses.items.length;

  const office = (await store.console.officeOf(deviceId)) ?? (OfficeCode.safeParse(m.officeCode).success ? m.officeCode : null);
  let catalogue: SignedCatalogue | null = null;
  const doc = await o.catalogue.forOffice(office);
  if (doc && doc.version > m.catalogueVersion) {
    catalogue = await signCatalogue(store, doc);
    r.catalogue = doc.version;
  }
  const release = office && o.withRelease !== false ? await store.releases.latestFor(m.platform, office, m.appVersion) : null;
  if (release) {
    await writeRelease(store, dir, release);
    r.release = release.version;
  } else rmSync(join(dir, RELEASE_DIR), { recursive: true, force: true });

  const answer: Answer = { v: 1, deviceId, exportId: m.exportId, at: new Date().toISOString(), hub: keys, acks, failed, statusUpdates, statuses, catalogue, release };
  const document = JSON.stringify(answer);
  writeFileAtomic(join(dir, ANSWER_FILE), `${JSON.stringify({ document, signature: id.sign(answerSigningText(document)).toString('base64') })}\n`);
  o.log.info('usb: device answered', { deviceId, accepted: r.accepted, duplicate: r.duplicate, replayed: r.replayed, failed: failed.length, statuses: r.statuses });
}

function readControl(dir: string, m: Manifest, id: HubIdentity): ControlDoc | null {
  const f = m.files.find((x) => x.kind === 'control');
  if (!f) return null;
  const got = readListedFile(dir, f);
  if (!got.ok) throw new DeviceRefused(got.message);
  let doc: unknown;
  try {
    doc = JSON.parse(openSealed(got.data, id.boxPrivate, sealContext(m.deviceId, 'control')).toString('utf8'));
  } catch (err) {
    throw new DeviceRefused(err instanceof SealError ? `${f.name}: ${err.message}` : `${f.name} is not valid JSON inside`);
  }
  const c = ControlDoc.safeParse(doc);
  if (!c.success || c.data.deviceId !== m.deviceId) throw new DeviceRefused(`${f.name} is not this device's control file`);
  return c.data;
}

/** A device that never reached this hub by link enrols from the stick, with a one-time code (never open: a stick comes from anywhere). */
async function enrolFromStick(store: HubStore, m: Manifest, control: ControlDoc | null, deviceId: string): Promise<HubDevice> {
  if (!control?.enrolment) throw new DeviceRefused('this device is not enrolled at this hub (another kabupaten\'s stick?); export with --enrolment-code CODE from `anjungan hub enrol`');
  const key = Buffer.from(m.publicKey, 'base64');
  const outcome = await store.enrolDevice(deviceId, key, control.enrolment.label, hashEnrolmentCode(control.enrolment.code), new Date().toISOString());
  if (outcome === 'code_invalid') throw new DeviceRefused('the enrolment code on the stick is unknown, used or expired');
  if (outcome === 'revoked') throw new DeviceRefused('this device was revoked at this hub');
  if (outcome === 'key_mismatch') throw new DeviceRefused('this device id is enrolled with another key');
  const d = await store.getDevice(deviceId);
  if (!d) throw new DeviceRefused('the enrolment did not take');
  return d;
}

type FileResult = { ack: BatchAck; digest: string } | { code: string; message: string; wholeBatchRefused: boolean };

async function ingestFile(o: HubImportOptions, id: HubIdentity, device: HubDevice, dir: string, f: StickFile & { kind: 'batch' }): Promise<FileResult> {
  const got = readListedFile(dir, f);
  if (!got.ok) return { code: got.code, message: got.message, wholeBatchRefused: false };
  let plain: Buffer;
  try {
    plain = openSealed(got.data, id.boxPrivate, sealContext(device.id, 'batch'));
  } catch (err) {
    return { code: 'altered', message: `${f.name}: ${(err as Error).message}`, wholeBatchRefused: false };
  }
  const hlen = plain.length >= 4 ? plain.readUInt32BE(0) : 0;
  let header;
  try {
    header = SealedBatchHeader.safeParse(JSON.parse(plain.subarray(4, 4 + hlen).toString('utf8')));
  } catch {
    header = null;
  }
  const body = plain.subarray(4 + hlen);
  if (!header?.success || header.data.batchId !== f.batchId || header.data.deviceId !== device.id || header.data.length !== body.length) {
    return { code: 'bad_container', message: `${f.name} does not hold the batch its manifest names`, wholeBatchRefused: false };
  }
  const h = header.data;
  if (!batchSignatureValid(device, h.batchId, h.length, h.digest, h.signature)) return { code: 'bad_signature', message: `${f.name}: the device's batch signature does not verify`, wholeBatchRefused: false };
  try {
    const ack = (await replayedAck(o.store, h.batchId, device.id, h.digest)) ?? (await commitBody(o.store, { batchId: h.batchId, device, digest: h.digest, body, maxInflated: o.maxInflated, forwardTo: o.forwardTo ?? [], channel: 'usb', carrier: o.carrier ?? null }));
    return { ack, digest: h.digest };
  } catch (err) {
    if (!(err instanceof IngestError)) throw err;
    return { code: err.code, message: err.message, wholeBatchRefused: err.code === 'bad_container' || err.code === 'too_large' };
  }
}

/** The newest release for the device beside its answer (kept when the same files are already there). */
async function writeRelease(store: HubStore, dir: string, release: ReleaseInfo): Promise<void> {
  const base = join(dir, RELEASE_DIR);
  const target = join(base, release.version);
  if (existsSync(base)) for (const v of readdirSync(base)) if (v !== release.version) rmSync(join(base, v), { recursive: true, force: true });
  for (const f of release.files) {
    const path = join(target, f.name);
    if (!(existsSync(path) && statSync(path).size === f.size && (await sha512Of(path)) === f.sha512)) {
      await writeFileAtomicFrom(path, releasePieces(store, release.releaseId, f.name, f.size));
    }
    writeFileAtomic(`${path}${SIGNATURE_SUFFIX}`, `${f.sig}\n`);
  }
}

async function* releasePieces(store: HubStore, releaseId: number, name: string, size: number): AsyncIterable<Buffer> {
  const step = 8 * 1024 * 1024;
  for (let at = 0; at < size; at += step) {
    const got = await store.releases.read(releaseId, name, at, Math.min(size, at + step) - 1);
    if (!got || got.data.length === 0) throw new Error(`release file ${name} could not be read at ${at}`);
    yield got.data;
  }
}
