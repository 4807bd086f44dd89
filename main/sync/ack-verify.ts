import { createHash, verify } from 'node:crypto';
import { HubKeys, type BatchAck } from '../../shared/sync/protocol.js';
import { ackSigningText } from '../../shared/sync/relay.js';
import { compactSigningText, expandCompactAck, isCompactAck, type WireAck } from '../../shared/sync/ack-compact.js';
import { ed25519FromRaw } from '../hub/ed25519.js';

/**
 * Whether an ack is the hub's own: its signature checked against the hub key this device learned
 * at enrolment (hub-keys:<upstream>). A relay carries the ack down unchanged, so it can neither
 * make one up nor change an outcome. A device that never learned hub keys (enrolled before they
 * existed) cannot check and takes the ack as before. Never throws.
 */
export function ackVerdict(deviceId: string, ack: BatchAck, hubKeys: unknown): { ok: true } | { ok: false; error: string } {
  return hubSigned(hubKeys, ack.hubSig, () => ackSigningText(deviceId, ack), 'the ack');
}

/**
 * The full ack to apply for what the hub (or a relay) answered: a full ack checked as above; a
 * compact one (shared/sync/ack-compact.ts) expanded against the ids this device put in the
 * batch, refused when its count or membership digest differ, then its signature checked.
 * Never throws.
 */
export function resolveAck(deviceId: string, wire: WireAck, members: readonly string[], hubKeys: unknown): { ok: true; ack: BatchAck } | { ok: false; error: string } {
  if (!isCompactAck(wire)) {
    const v = ackVerdict(deviceId, wire, hubKeys);
    return v.ok ? { ok: true, ack: wire } : v;
  }
  const expanded = expandCompactAck(wire, members, sha256Hex);
  if (!expanded.ok) return expanded;
  const v = hubSigned(hubKeys, wire.hubSig, () => compactSigningText(deviceId, wire), 'the compact ack');
  return v.ok ? expanded : v;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function hubSigned(hubKeys: unknown, sig: string | undefined, text: () => string, what: string): { ok: true } | { ok: false; error: string } {
  const keys = HubKeys.safeParse(hubKeys);
  if (!keys.success) return { ok: true };
  if (!sig) return { ok: false, error: `${what} carries no hub signature` };
  try {
    const key = ed25519FromRaw(Buffer.from(keys.data.signingKey, 'base64'));
    if (verify(null, Buffer.from(text()), key, Buffer.from(sig, 'base64'))) return { ok: true };
  } catch {
    /* a malformed signature is a bad one */
  }
  return { ok: false, error: `${what} signature does not verify against the hub key this device enrolled with` };
}
