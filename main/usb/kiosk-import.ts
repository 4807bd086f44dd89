import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogueDocument } from '../../shared/sync/protocol.js';
import { Answer, ANSWER_FILE, answerSigningText, MAX_ANSWER_BYTES, SignedDoc } from '../../shared/usb/format.js';
import { openSignedCatalogue } from '../sync/catalogue-verify.js';
import type { CatalogueValidator } from '../sync/engine.js';
import type { KioskSyncDb } from '../sync/kiosk-db.js';
import { UsbError } from './errors.js';
import { knownHub } from './hub-choice.js';
import { USB_SPLIT_STATE } from './kiosk-export.js';
import { deviceDir, openSignedDoc, readBounded, sha256Hex, stickDevices } from './stick.js';

export interface ImportOptions {
  kiosk: KioskSyncDb;
  from: string;
  validateCatalogue?: CatalogueValidator;
  onCatalogue?: (doc: CatalogueDocument) => void;
  /** Ids whose delivery or status changed. */
  onChanged?: (ids: string[]) => void;
}

export interface ImportResult {
  /** This very answer was applied before (an old stick played back): nothing changed. */
  alreadyApplied: boolean;
  delivered: number;
  parked: number;
  /** Acks for batches this device no longer holds open (applied on an earlier trip or by link). */
  stale: number;
  /** Batches the hub could not take: they stay pending and ride on the next stick. */
  failed: { batchId: string; code: string; message: string }[];
  statuses: number;
  statusUpdates: number;
  catalogue: number | null;
  catalogueRefused: string | null;
  release: Answer['release'];
  /** The answer's own directory (a release sits beside it). */
  dir: string;
}

/** sync_state key: digests of the answers applied (the last 50), so one played back is a no-op. */
const APPLIED = 'usb:answers';

/** Reads and checks this device's answer on the stick; UsbError with the reason when it is not one to apply. */
export function readAnswer(kiosk: KioskSyncDb, from: string): { answer: Answer; digest: string; dir: string } {
  const dir = deviceDir(from, kiosk.deviceId);
  const file = join(dir, ANSWER_FILE);
  if (!existsSync(file)) {
    const others = stickDevices(from).filter((d) => d !== kiosk.deviceId);
    throw new UsbError(
      others.length
        ? `this stick holds no answer for this device (${kiosk.deviceId}); it carries devices ${others.slice(0, 5).join(', ')}${others.length > 5 ? ', …' : ''}: another office's stick?`
        : `this stick holds no answer from the hub for this device (${kiosk.deviceId}) yet: take it to the hub first`,
    );
  }
  const raw = readBounded(file, MAX_ANSWER_BYTES);
  let claimedHub: unknown;
  try {
    const env = SignedDoc.parse(JSON.parse(raw.toString('utf8')));
    claimedHub = (JSON.parse(env.document) as { hub?: unknown }).hub;
  } catch {
    // A copy cut short ends before the closing brace the hub always writes; anything else was changed.
    const cut = !/\}\s*$/.test(raw.subarray(-8).toString('latin1'));
    throw new UsbError(cut ? `${file} is cut short (an incomplete copy); nothing was applied` : `${file} is damaged (altered); nothing was applied`);
  }
  const parsedHub = Answer.shape.hub.safeParse(claimedHub);
  const hub = parsedHub.success ? knownHub(kiosk.sync, parsedHub.data) : null;
  if (!hub) throw new UsbError('the answer on this stick comes from a hub this device does not know: another office\'s stick? Nothing was applied');
  const opened = openSignedDoc(raw, answerSigningText, hub.keys.signingKey);
  if (!opened.ok) throw new UsbError(`the hub's signature on ${ANSWER_FILE} does not verify: it was altered; nothing was applied`);
  const answer = Answer.safeParse(opened.document);
  if (!answer.success) throw new UsbError(`${ANSWER_FILE} is signed but not an answer this version understands; nothing was applied`);
  if (answer.data.deviceId !== kiosk.deviceId) throw new UsbError(`the answer is for device ${answer.data.deviceId}, not this one (${kiosk.deviceId}); nothing was applied`);
  return { answer: answer.data, digest: sha256Hex(raw), dir };
}

/**
 * `anjungan usb import`: verifies the hub's answer and applies it in one transaction: acked
 * submissions become delivered (only for batches this device still holds open with the same
 * digest), refused ones parked with the hub's reason, the desa's moves marked sent, status
 * changes after the cursor applied with it; then the catalogue, adopted only if the hub signed
 * it and it is valid and newer. An answer applied before changes nothing.
 */
export function importFromStick(o: ImportOptions): ImportResult {
  const k = o.kiosk;
  const { answer, digest, dir } = readAnswer(k, o.from);
  const hub = knownHub(k.sync, answer.hub)!;
  const result: ImportResult = { alreadyApplied: false, delivered: 0, parked: 0, stale: 0, failed: answer.failed.map((f) => ({ batchId: f.batchId, code: f.code, message: f.message })), statuses: 0, statusUpdates: 0, catalogue: null, catalogueRefused: null, release: answer.release, dir };
  const applied = k.sync.getState<string[]>(APPLIED) ?? [];
  if (applied.includes(digest)) return { ...result, alreadyApplied: true };
  const changed: string[] = [];
  const now = new Date().toISOString();
  k.transaction(() => {
    for (const a of answer.acks) {
      if (k.sync.openBatchDigest(a.batchId) !== a.digest) {
        result.stale++;
        continue;
      }
      const r = k.sync.applyAck(a.batchId, a.ack, now);
      result.delivered += r.delivered;
      result.parked += r.parked;
      changed.push(...a.ack.accepted, ...a.ack.duplicate, ...a.ack.rejected.map((x) => x.id));
    }
    for (const f of answer.failed) {
      if (!f.wholeBatchRefused || k.sync.openBatchDigest(f.batchId) === null) continue;
      // The hub refused the batch as a whole: its one submission is parked, or the next export splits it.
      const ids = k.sync.dropBatch(f.batchId);
      if (ids.length === 1) {
        k.sync.park(ids[0]!, `hub refused: ${f.code}: ${f.message}`);
        result.parked++;
      } else k.sync.setState(USB_SPLIT_STATE, Math.max(1, Math.ceil(ids.length / 2)));
    }
    if (answer.statusUpdates) {
      const seqs = [...answer.statusUpdates.applied, ...answer.statusUpdates.rejected.map((x) => x.seq)];
      k.statusOutbox.markDelivered(seqs, now);
      result.statusUpdates = seqs.length;
    }
    const cursor = k.sync.getState<number>(hub.cursorKey) ?? 0;
    for (const it of answer.statuses.items) {
      if (it.seq <= cursor || !k.submissions.get(it.id)) continue;
      k.submissions.setStatus(it.id, it.status, it.note, it.at, 'hub');
      changed.push(it.id);
      result.statuses++;
    }
    // No gap: the cursor moves only when the answer starts at or before it.
    if (answer.statuses.since <= cursor && answer.statuses.cursor > cursor) k.sync.setState(hub.cursorKey, answer.statuses.cursor);
    k.sync.setState(APPLIED, [...applied, digest].slice(-50));
  });
  if (changed.length) o.onChanged?.([...new Set(changed)]);

  if (answer.catalogue) {
    const opened = openSignedCatalogue(answer.catalogue, hub.keys);
    const verdict = opened.ok ? (o.validateCatalogue?.(opened.doc) ?? { ok: true as const }) : { ok: false as const, error: opened.error };
    const current = k.sync.getState<{ version: number }>('catalogue');
    if (!verdict.ok) result.catalogueRefused = verdict.error;
    else if (opened.ok && (!current || opened.doc.version > current.version)) {
      k.sync.setState('catalogue', opened.doc);
      o.onCatalogue?.(opened.doc);
      result.catalogue = opened.doc.version;
    }
  }
  return result;
}
