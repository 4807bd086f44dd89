import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HubKeys } from '../../shared/sync/protocol.js';
import { CarryOutcome, RELAY_RECEIPT_FILE, type RelayStickReceipt } from '../../shared/usb/carry.js';
import { ANSWER_FILE, HUB_FILE, Manifest, MANIFEST_FILE, manifestSigningText, MAX_ANSWER_BYTES, MAX_MANIFEST_BYTES, SignedDoc, STICK_ROOT, type StickFile } from '../../shared/usb/format.js';
import type { Logger } from '../log.js';
import { writeFileAtomic } from '../usb/atomic.js';
import { UsbError } from '../usb/errors.js';
import { hubFingerprint, type HubFile } from '../usb/hub-choice.js';
import { deviceDir, openSignedDoc, peekSignedDoc, readBounded, readListedFile, sha256Hex, stickDevices } from '../usb/stick.js';
import type { RelayStore } from './store.js';
import { forwardUsbExports } from './usb-forward.js';
import { enrolRelay, Upstream } from './upstream.js';

export interface RelayStickDevice {
  deviceId: string;
  /** Null when the folder was taken; else why nothing of it was stored. */
  error: string | null;
  exportId: string | null;
  /** Files of the export the relay holds (now or from an earlier play of the stick). */
  files: number;
  /** Files stored by this run (0 when the same stick is played again). */
  stored: number;
  /** Files refused here (a partial copy, a changed byte): not stored; the device keeps them pending. */
  fileErrors: string[];
  /** Where this export stands: waiting for the hub, answered, or refused by the hub. */
  state: 'held' | 'answered' | 'refused' | null;
  refusedByHub: string | null;
  outcome: CarryOutcome | null;
  /** An answer of the hub's was written into the device's folder. */
  answerWritten: boolean;
}

export interface RelayStickResult {
  relayId: string;
  upstream: string | null;
  /** Why the hub could not be reached now (the exports stay held and go up later). */
  upstreamError: string | null;
  devices: RelayStickDevice[];
}

export interface RelayStickOptions {
  store: RelayStore;
  from: string;
  /** The hub (or the next relay up); null: store only, `relay serve` forwards. */
  upstream: string | null;
  enrolmentCode?: string | null;
  log: Logger;
}

class FolderRefused extends Error {}

/**
 * `anjungan relay usb-import`: the relay as one more carrier of the stick (issue 12 §2). It
 * cannot open what the kiosks sealed to the hub, so it checks what it can (the device-signed
 * manifest, every file's size and digest), keeps each file byte-identical in its own SQLite
 * before saying anything, and forwards the export to the hub, which runs `hub usb-import`'s
 * ingest (POST /v1/usb/carry). The hub's answers are kept and written onto the stick now if the
 * hub answered during the import, else the next time the stick is seen.
 */
export async function relayStickImport(o: RelayStickOptions): Promise<RelayStickResult> {
  const { store } = o;
  if (!existsSync(o.from)) throw new UsbError(`${o.from} does not exist (is the stick mounted?)`);
  const id = store.identity();
  const up = o.upstream ? new Upstream(o.upstream) : null;
  let upstreamError: string | null = up ? null : 'no upstream is known (start `anjungan relay serve` once, or give --upstream)';
  try {
    // First contact learns the hub's keys: a stick sealed for another hub is refused here, and a new device finds hub.json.
    if (up) await enrolRelay(up, id, store, o.enrolmentCode ?? null, o.log);
  } catch (err) {
    upstreamError = err instanceof Error ? err.message : String(err);
  }
  const hubKeys = up ? store.getState<HubKeys>(`hub-keys:${up.base.href}`) : undefined;
  const out: RelayStickDevice[] = [];
  for (const deviceId of stickDevices(o.from)) {
    const d: RelayStickDevice = { deviceId, error: null, exportId: null, files: 0, stored: 0, fileErrors: [], state: null, refusedByHub: null, outcome: null, answerWritten: false };
    try {
      takeFolder(store, o.from, deviceId, hubKeys, id.deviceId, d);
    } catch (err) {
      if (!(err instanceof FolderRefused)) throw err;
      d.error = err.message;
      o.log.warn('relay usb: device folder refused', { deviceId, reason: err.message });
    }
    out.push(d);
  }

  if (up && !upstreamError && store.usb.waitingCount()) {
    const f = await forwardUsbExports(up, id, store, o.log);
    if (f.waiting) upstreamError = store.usb.waiting()[0]?.last_error ?? 'the hub did not answer';
  }
  up?.close();

  writeHubFile(store, o.from, hubKeys);
  for (const d of out) {
    const row = d.exportId ? store.usb.exportRow(d.exportId) : null;
    if (row) {
      d.state = row.done_at === null ? 'held' : row.refused ? 'refused' : 'answered';
      d.refusedByHub = row.refused;
      d.outcome = row.outcome ? CarryOutcome.parse(JSON.parse(row.outcome)) : null;
    }
    d.answerWritten = writeAnswer(store, o.from, d.deviceId);
  }
  return { relayId: id.deviceId, upstream: o.upstream, upstreamError, devices: out };
}

/** One device folder: the manifest checked, each file checked and kept (one commit each), then the export. */
function takeFolder(store: RelayStore, stick: string, deviceId: string, hubKeys: HubKeys | undefined, relayId: string, d: RelayStickDevice): void {
  const dir = deviceDir(stick, deviceId);
  const manifestFile = join(dir, MANIFEST_FILE);
  if (!existsSync(manifestFile)) {
    if (existsSync(join(dir, ANSWER_FILE))) return; // only an answer is left here: nothing to carry
    throw new FolderRefused('no manifest (the export did not finish)');
  }
  let raw: Buffer;
  try {
    raw = readBounded(manifestFile, MAX_MANIFEST_BYTES);
  } catch (err) {
    throw new FolderRefused(err instanceof Error ? err.message : String(err));
  }
  const claimed = Manifest.safeParse(peekSignedDoc(raw));
  if (!claimed.success) throw new FolderRefused('the manifest is damaged or not an Anjungan manifest (an incomplete copy?)');
  const m = claimed.data;
  if (m.deviceId !== deviceId) throw new FolderRefused(`the manifest names device ${m.deviceId}, not its folder's ${deviceId}`);
  if (hubKeys && m.hub !== hubKeys.signingKey) {
    throw new FolderRefused(`sealed for another hub (fingerprint ${hubFingerprint(m.hub)}); this relay's hub is ${hubFingerprint(hubKeys.signingKey)}: another office's stick`);
  }
  const known = store.deviceKey(deviceId);
  if (known && known.toString('base64') !== m.publicKey) throw new FolderRefused('the manifest carries another key than the one this device enrolled with');
  if (!openSignedDoc(raw, manifestSigningText, m.publicKey).ok) throw new FolderRefused('the manifest signature does not verify: it was altered');
  d.exportId = m.exportId;

  const prior = store.usb.exportRow(m.exportId);
  const parts = prior ? store.usb.partNames(m.exportId) : new Set<string>();
  // Bytes given back after an answer are taken again only when the export goes up again.
  const willWait = !prior || prior.done_at === null || m.files.some((f) => !parts.has(f.name) && store.usb.fileState(deviceId, f.name, f.sha256) !== 'conflict');
  const readable = (f: StickFile): Buffer | null => {
    const got = readListedFile(dir, f);
    if (got.ok) return got.data;
    if (f.kind === 'control') throw new FolderRefused(`${got.message}; nothing of this device was stored`);
    d.fileErrors.push(`${got.message}; not stored (the device keeps it pending)`);
    return null;
  };
  // The control file first: when it is bad the hub would refuse the folder, so nothing is kept.
  const files = [...m.files].sort((a, b) => (a.kind === 'control' ? -1 : b.kind === 'control' ? 1 : 0));
  const names: string[] = [];
  for (const f of files) {
    const state = store.usb.fileState(deviceId, f.name, f.sha256);
    if (state === 'conflict') {
      d.fileErrors.push(`${f.name} is held here with other bytes; not stored`);
      continue;
    }
    if (state === 'absent' || (state === 'dropped' && willWait)) {
      const data = readable(f);
      if (!data) continue;
      store.usb.putFile(deviceId, f, data);
      d.stored++;
    }
    names.push(f.name);
  }
  store.usb.commitExport({ exportId: m.exportId, deviceId, manifest: raw, manifestSha256: sha256Hex(raw), names });
  d.files = store.usb.partNames(m.exportId).size;
  const receipt: RelayStickReceipt = {
    v: 1,
    deviceId,
    exportId: m.exportId,
    relayId,
    at: store.usb.exportRow(m.exportId)!.stored_at,
    batches: m.files.flatMap((f) => (f.kind === 'batch' && names.includes(f.name) ? [f.batchId] : [])),
  };
  writeFileAtomic(join(dir, RELAY_RECEIPT_FILE), `${JSON.stringify(receipt)}\n`);
}

/** The device's newest answer onto the stick, unless the one there is as new (the hub's own, or this one already). */
function writeAnswer(store: RelayStore, stick: string, deviceId: string): boolean {
  const a = store.usb.latestAnswer(deviceId);
  if (!a) return false;
  const file = join(deviceDir(stick, deviceId), ANSWER_FILE);
  if (existsSync(file)) {
    let there: Buffer | null = null;
    try {
      there = readBounded(file, MAX_ANSWER_BYTES);
    } catch {
      there = null; // too large to be an answer: replaced
    }
    if (there?.equals(a.answer)) return false;
    if (there && answerTime(there) >= answerTime(a.answer)) return false;
  }
  writeFileAtomic(file, a.answer);
  return true;
}

function answerTime(raw: Buffer): string {
  try {
    const env = SignedDoc.parse(JSON.parse(raw.toString('utf8')));
    const at = (JSON.parse(env.document) as { at?: unknown }).at;
    return typeof at === 'string' ? at : '';
  } catch {
    return '';
  }
}

/** The hub's public keys (anjungan/hub.json), as `hub usb-import` leaves them: a stick can prepare a new device. */
function writeHubFile(store: RelayStore, stick: string, keys: HubKeys | undefined): void {
  const hub = store.usb.hubFile() ?? (keys ? Buffer.from(`${JSON.stringify({ v: 1, keys: { signingKey: keys.signingKey, boxKey: keys.boxKey }, fingerprint: hubFingerprint(keys.signingKey) } satisfies HubFile)}\n`) : null);
  if (!hub) return;
  const file = join(stick, STICK_ROOT, HUB_FILE);
  if (existsSync(file) && readFileSync(file).equals(hub)) return;
  writeFileAtomic(file, hub);
}
