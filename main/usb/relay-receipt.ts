import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RELAY_RECEIPT_FILE, RelayStickReceipt } from '../../shared/usb/carry.js';
import type { KioskSyncDb } from '../sync/kiosk-db.js';
import { deviceDir, readBounded } from './stick.js';

/**
 * The receipt a kecamatan relay leaves beside this device's folder when it kept the stick's
 * export (`anjungan relay usb-import`): the batches it names that this device still holds open
 * are marked "di kecamatan", the same step one as a relay's receipt over HTTP
 * (main/db/queries/sync.ts markAtRelay). The rows stay pending: only the hub's signed answer
 * delivers them, so an unsigned receipt can change nothing else. Null when there is none (or it
 * is not one).
 */
export function applyRelayReceipt(kiosk: KioskSyncDb, from: string): { relayId: string; at: string; batches: number } | null {
  const file = join(deviceDir(from, kiosk.deviceId), RELAY_RECEIPT_FILE);
  if (!existsSync(file)) return null;
  let r;
  try {
    r = RelayStickReceipt.safeParse(JSON.parse(readBounded(file, 1024 * 1024).toString('utf8')));
  } catch {
    return null;
  }
  if (!r.success || r.data.deviceId !== kiosk.deviceId) return null;
  const { relayId, at, batches } = r.data;
  let marked = 0;
  kiosk.transaction(() => {
    for (const b of batches) {
      if (kiosk.sync.openBatchDigest(b) === null) continue;
      kiosk.sync.markAtRelay(b, relayId, at);
      marked++;
    }
  });
  return { relayId, at, batches: marked };
}
