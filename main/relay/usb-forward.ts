import { createHash } from 'node:crypto';
import { HEADERS } from '../../shared/sync/protocol.js';
import { CarryAnswer, carryRequestSigningText, USB_CARRY_PATH, type CarryHead, type CarryOutcome } from '../../shared/usb/carry.js';
import { MANIFEST_FILE } from '../../shared/usb/format.js';
import type { Logger } from '../log.js';
import type { DeviceIdentity } from '../sync/keys.js';
import type { RelayStore } from './store.js';
import type { Upstream } from './upstream.js';
import type { UsbExportRow } from './usb-store.js';

/** The hub may take a while over a big export (decoding, one commit per batch) before it answers. */
export const CARRY_TIMEOUT_MS = 300_000;
const NOTHING: CarryOutcome = { accepted: 0, duplicate: 0, rejected: 0, replayed: 0, failed: [], statuses: 0, catalogue: null };

export type CarryForward = 'answered' | 'refused' | 'failed';

/**
 * One held stick export up to the hub (POST /v1/usb/carry, shared/usb/carry.ts): the manifest
 * and the sealed files byte-identical, signed by this relay as carrier. The hub's answer is kept
 * in one commit (then the files' bytes may go); until then nothing at the relay changes.
 */
export async function forwardUsbExport(up: Upstream, id: DeviceIdentity, store: RelayStore, row: UsbExportRow, log: Logger): Promise<CarryForward> {
  const { manifest, sha256 } = store.usb.manifest(row.export_id);
  const files = store.usb.parts(row.export_id);
  const head: CarryHead = { v: 1, deviceId: row.device_id, exportId: row.export_id, parts: [{ name: MANIFEST_FILE, size: manifest.length, sha256 }, ...files] };
  const headBytes = Buffer.from(JSON.stringify(head));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(headBytes.length);
  const headSha = createHash('sha256').update(headBytes).digest('hex');
  const total = 4 + headBytes.length + manifest.length + files.reduce((n, f) => n + f.size, 0);
  function* body(): Iterable<Buffer> {
    yield len;
    yield headBytes;
    yield manifest;
    // One file at a time out of the database: a big export never sits in memory whole.
    for (const f of files) yield store.usb.data(row.device_id, f.name);
  }
  const headers = {
    'content-type': 'application/octet-stream',
    [HEADERS.device]: id.deviceId,
    [HEADERS.signature]: id.sign(carryRequestSigningText(id.deviceId, headSha)),
  };
  let r;
  try {
    r = await up.sendParts('POST', USB_CARRY_PATH, headers, total, body(), CARRY_TIMEOUT_MS);
  } catch (err) {
    store.usb.setError(row.export_id, `upstream unreachable: ${err instanceof Error ? err.message : String(err)}`);
    return 'failed';
  }
  const json = safeJson(r.body);
  if (r.status === 200) {
    const a = CarryAnswer.safeParse(json);
    if (!a.success || a.data.exportId !== row.export_id || a.data.deviceId !== row.device_id) {
      store.usb.setError(row.export_id, 'upstream sent a malformed carry answer');
      return 'failed';
    }
    store.usb.answered(row.export_id, row.device_id, { answer: a.data.answer, hubFile: a.data.hubFile, refused: a.data.refused, outcome: a.data.outcome });
    log.info('stick export answered by the hub', { exportId: row.export_id, deviceId: row.device_id, accepted: a.data.outcome.accepted, replayed: a.data.outcome.replayed, refused: a.data.refused });
    return 'answered';
  }
  const code = (json as { error?: { code?: string; message?: string } } | null)?.error?.code ?? `http_${r.status}`;
  const message = (json as { error?: { message?: string } } | null)?.error?.message ?? '';
  if (r.status >= 500 || r.status === 429 || r.status === 401 || r.status === 403 || r.status === 404) {
    // Busy, or the relay itself is not (or no longer) known upstream, or an upstream without the route: try again later.
    store.usb.setError(row.export_id, `${code}: upstream HTTP ${r.status} ${message}`.trim());
    if (code === 'unknown_device') store.setState(`enrolled:${up.base.href}`, false);
    return 'failed';
  }
  // Refused as sent (the relay's copy does not match its digests, too large): final; the device still has its batches.
  log.warn('upstream refused a stick export as carried', { exportId: row.export_id, deviceId: row.device_id, code, status: r.status });
  store.usb.answered(row.export_id, row.device_id, { answer: null, hubFile: '', refused: `the hub refused the relay's copy (${code}): ${message}`, outcome: NOTHING });
  return 'refused';
}

/** Every waiting export (or only those named), oldest first; stops at the first that cannot reach the hub. */
export async function forwardUsbExports(up: Upstream, id: DeviceIdentity, store: RelayStore, log: Logger, only?: ReadonlySet<string>): Promise<{ answered: number; waiting: number }> {
  let answered = 0;
  for (const row of store.usb.waiting()) {
    if (only && !only.has(row.export_id)) continue;
    const out = await forwardUsbExport(up, id, store, row, log);
    if (out === 'failed') break;
    answered++;
  }
  return { answered, waiting: store.usb.waitingCount() };
}

function safeJson(b: Buffer): unknown {
  try {
    return JSON.parse(b.toString('utf8'));
  } catch {
    return null;
  }
}
