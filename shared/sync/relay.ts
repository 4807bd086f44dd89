/**
 * The kecamatan relay on the wire (issue 12 §1): what the hub signs on an ack, what a relay
 * signs as carrier of a kiosk's batch, and the relay's receipt. Pure: no Node, no DOM.
 * A relay forwards the kiosk's batch and its headers unchanged; it adds only the carrier headers.
 */
import { z } from 'zod';
import type { BatchAck } from './protocol.js';

export const RELAY_HEADERS = {
  /** The relay's own device id (enrolled upstream like a kiosk). */
  relay: 'x-anj-relay',
  /** Ed25519 by the relay over carrierSigningText. */
  relaySignature: 'x-anj-relay-sig',
} as const;

/** What the hub signs for an ack: the device, the batch and the outcome of each record, in a fixed order. */
export function ackSigningText(deviceId: string, ack: Pick<BatchAck, 'batchId' | 'accepted' | 'duplicate' | 'rejected'>): string {
  const outcome = { batchId: ack.batchId, accepted: ack.accepted, duplicate: ack.duplicate, rejected: ack.rejected.map((r) => ({ id: r.id, reason: r.reason })) };
  return `anjungan-ack-v1\n${deviceId}\n${JSON.stringify(outcome)}`;
}

/** What a relay signs when it carries a device's batch upstream (the device's own signature travels beside it). */
export function carrierSigningText(batchId: string, deviceId: string, total: number, sha256Hex: string, relayId: string): string {
  return `anjungan-carry-v1\n${batchId}\n${deviceId}\n${total}\n${sha256Hex}\n${relayId}`;
}

/** A relay's answer to a complete upload it stored durably: "di kecamatan", not yet the hub's ack. */
export const RelayReceipt = z.object({
  atRelay: z.object({ relayId: z.string(), at: z.string() }),
  received: z.number().int().min(0),
  total: z.number().int().min(0),
  committed: z.literal(false),
});
export type RelayReceipt = z.infer<typeof RelayReceipt>;
