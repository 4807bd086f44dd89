import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { UsbRelayReceiptView } from '../../shared/api/calls/usb.js';
import { RELAY_RECEIPT_FILE, RelayStickReceipt } from '../../shared/usb/carry.js';
import type { KioskSyncDb } from '../sync/kiosk-db.js';
import { deviceDir, readBounded } from './stick.js';

/**
 * The receipt a kecamatan relay leaves beside this device's folder when it kept the stick's
 * export (`anjungan relay usb-import`): the batches it names that this device still holds open
 * are marked "di kecamatan", the same step one as a relay's receipt over HTTP
 * (main/db/queries/sync.ts markAtRelay). The rows stay pending: only the hub's signed answer
 * delivers them, so an unsigned receipt can change nothing else.
 */
function readReceipt(kiosk: KioskSyncDb, from: string): RelayStickReceipt | null {
  const file = join(deviceDir(from, kiosk.deviceId), RELAY_RECEIPT_FILE);
  if (!existsSync(file)) return null;
  try {
    const r = RelayStickReceipt.safeParse(JSON.parse(readBounded(file, 1024 * 1024).toString('utf8')));
    return r.success && r.data.deviceId === kiosk.deviceId ? r.data : null;
  } catch {
    return null; // not a receipt: the stick's other checks say what is wrong with it
  }
}

const stillOpen = (kiosk: KioskSyncDb, r: RelayStickReceipt): string[] => r.batches.filter((b) => kiosk.sync.openBatchDigest(b) !== null);

/** What the receipt on the stick would mark, read only (the desk shows it before import). Null when there is none, or nothing of it is still open here. */
export function peekRelayReceipt(kiosk: KioskSyncDb, from: string): UsbRelayReceiptView | null {
  const r = readReceipt(kiosk, from);
  const open = r ? stillOpen(kiosk, r) : [];
  return r && open.length > 0 ? { relayId: r.relayId, at: r.at, batches: open.length } : null;
}

/** Marks the receipt's open batches "di kecamatan" in one transaction. Null when there is no receipt (or it is not one). */
export function applyRelayReceipt(kiosk: KioskSyncDb, from: string): UsbRelayReceiptView | null {
  const r = readReceipt(kiosk, from);
  if (!r) return null;
  let marked = 0;
  kiosk.transaction(() => {
    for (const b of stillOpen(kiosk, r)) {
      kiosk.sync.markAtRelay(b, r.relayId, r.at);
      marked++;
    }
  });
  return { relayId: r.relayId, at: r.at, batches: marked };
}
