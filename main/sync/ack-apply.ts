import { isCompactAck, type WireAck } from '../../shared/sync/ack-compact.js';
import type { BatchAck } from '../../shared/sync/protocol.js';
import type { OpenBatch } from '../db/queries/sync.js';
import { resolveAck } from './ack-verify.js';
import { SyncError } from './client.js';
import type { KioskSyncDb } from './kiosk-db.js';

/**
 * Applies the hub's answer for a batch to the kiosk's store: delivered only on the hub's own
 * signed ack, whoever carried it down; a compact one only if it matches this batch's members.
 * A refused answer changes nothing and raises bad_ack, after `compactRefused` for a compact one
 * (so the next answer comes whole).
 */
export function applyBatchAck(k: KioskSyncDb, up: string | null, b: OpenBatch, wire: WireAck, compactRefused: () => void): { ack: BatchAck; delivered: number; parked: number } {
  const verdict = resolveAck(k.deviceId, wire, k.sync.members(b.batch_id), k.sync.getState(`hub-keys:${up}`));
  if (!verdict.ok && isCompactAck(wire) && up) compactRefused();
  if (!verdict.ok) throw new SyncError('busy', 'bad_ack', `ack for batch ${b.batch_id} refused: ${verdict.error}`);
  const r = k.sync.applyAck(b.batch_id, verdict.ack, new Date().toISOString());
  return { ack: verdict.ack, delivered: r.delivered, parked: r.parked };
}
