import { verify } from 'node:crypto';
import { HubKeys, type BatchAck } from '../../shared/sync/protocol.js';
import { ackSigningText } from '../../shared/sync/relay.js';
import { ed25519FromRaw } from '../hub/ed25519.js';

/**
 * Whether an ack is the hub's own: its signature checked against the hub key this device learned
 * at enrolment (hub-keys:<upstream>). A relay carries the ack down unchanged, so it can neither
 * make one up nor change an outcome. A device that never learned hub keys (enrolled before they
 * existed) cannot check and takes the ack as before. Never throws.
 */
export function ackVerdict(deviceId: string, ack: BatchAck, hubKeys: unknown): { ok: true } | { ok: false; error: string } {
  const keys = HubKeys.safeParse(hubKeys);
  if (!keys.success) return { ok: true };
  if (!ack.hubSig) return { ok: false, error: 'the ack carries no hub signature' };
  try {
    const key = ed25519FromRaw(Buffer.from(keys.data.signingKey, 'base64'));
    if (verify(null, Buffer.from(ackSigningText(deviceId, ack)), key, Buffer.from(ack.hubSig, 'base64'))) return { ok: true };
  } catch {
    /* a malformed signature is a bad one */
  }
  return { ok: false, error: 'the ack signature does not verify against the hub key this device enrolled with' };
}
