import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { BatchAck } from '../../shared/sync/protocol.js';
import { ackSigningText } from '../../shared/sync/relay.js';
import { ACK_FORM_COMPACT, ACK_FORM_HEADER, compactFromSigned, compactOf, compactSigningText, type WireAck } from '../../shared/sync/ack-compact.js';
import type { HubStore } from './store.js';

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Every ack the hub hands out carries its signature (hubSig), so a kiosk behind a relay can tell
 * the hub's ack from anything a relay might make up: only then does it mark the batch delivered.
 * It carries a second one (compactSig) over its compact form (shared/sync/ack-compact.ts), so a
 * relay holding this full ack can hand the compact one to a kiosk that asks for it.
 */
export async function signedAck(store: HubStore, deviceId: string, ack: BatchAck): Promise<BatchAck> {
  const id = await store.hubIdentity();
  const { hubSig: _h, compactSig: _c, ...outcome } = ack;
  const signed: BatchAck = { ...outcome, hubSig: id.sign(ackSigningText(deviceId, ack)).toString('base64') };
  const compact = compactOf(ack, sha256Hex);
  if (compact) signed.compactSig = id.sign(compactSigningText(deviceId, compact)).toString('base64');
  return signed;
}

/** Whether the request asked for the compact ack (x-anj-ack: compact). */
export function wantsCompactAck(req: IncomingMessage): boolean {
  const v = req.headers[ACK_FORM_HEADER];
  return (Array.isArray(v) ? v[0] : v)?.trim().toLowerCase() === ACK_FORM_COMPACT;
}

/**
 * The form of a signed full ack this request gets: compact when it asked for it and the ack
 * carries the compact signature (and can be compacted), otherwise the full ack as it is
 * (an old kiosk, an ack from an older hub, an id named twice).
 */
export function ackForRequest(req: IncomingMessage, signed: BatchAck): WireAck {
  if (!wantsCompactAck(req)) return signed;
  return compactFromSigned(signed, sha256Hex) ?? signed;
}
