/**
 * The compact batch ack (issue 12 §4). The full ack lists every submission id of the batch
 * (≈20 KiB for 500, most of a second down a thin link); the compact one names only the
 * exceptions (duplicates, rejected with their reasons) and binds itself to the batch's
 * membership by a count and a digest of the sorted ids. The kiosk already knows the
 * membership (it saved it with the batch), so it expands the compact ack back to the full one,
 * and refuses one whose count, digest or signature does not match.
 *
 * A kiosk asks for it with `x-anj-ack: compact` on `PUT`/`GET /v1/batches/{id}`; the hub (or a
 * relay holding the hub's full ack) answers the compact form only when the full ack can be
 * rebuilt from it exactly (every id once, none empty), else the full form. The hub signs both
 * forms on every ack it hands out: `hubSig` over ackSigningText, `compactSig` over
 * compactSigningText, so a relay that stored the full ack can hand the compact one down.
 *
 * Pure: no Node, no DOM. SHA-256 is passed in by the caller (node:crypto in main/).
 */
import { z } from 'zod';
import { BatchAck, BatchId, BatchState, RejectedRecord } from './protocol.js';

/** Request header asking for the compact ack, and its one value. */
export const ACK_FORM_HEADER = 'x-anj-ack';
export const ACK_FORM_COMPACT = 'compact';

/** SHA-256 of a UTF-8 text, as lower-case hex. */
export type Sha256Hex = (text: string) => string;

export const CompactAck = z.object({
  batchId: BatchId,
  /** How many distinct submission ids the batch held. */
  count: z.number().int().min(1),
  /** SHA-256 (hex) of membershipText(ids of the batch). */
  members: z.string().regex(/^[0-9a-f]{64}$/),
  duplicate: z.array(z.string()),
  rejected: z.array(RejectedRecord),
  replayed: z.boolean().optional(),
  /** The hub's Ed25519 signature over compactSigningText (the full ack's compactSig). */
  hubSig: z.string().max(200).optional(),
});
export type CompactAck = z.infer<typeof CompactAck>;

/** An ack as a kiosk may receive it: the full form (has `accepted`) or the compact one. */
export const WireAck = z.union([BatchAck, CompactAck]);
export type WireAck = z.infer<typeof WireAck>;

/** GET /v1/batches/{id} as a kiosk that asked for the compact ack reads it. */
export const WireBatchState = BatchState.extend({ ack: WireAck.optional() });
export type WireBatchState = z.infer<typeof WireBatchState>;

export function isCompactAck(a: WireAck): a is CompactAck {
  return !('accepted' in a);
}

/** The batch's membership as one unambiguous text: its distinct ids, sorted, as a JSON array. */
export function membershipText(ids: readonly string[]): string {
  return JSON.stringify([...new Set(ids)].sort());
}

/** What the hub signs for a compact ack: the device, the batch, its membership and the exceptions, in a fixed order. */
export function compactSigningText(deviceId: string, a: Pick<CompactAck, 'batchId' | 'count' | 'members' | 'duplicate' | 'rejected'>): string {
  const outcome = { batchId: a.batchId, count: a.count, members: a.members, duplicate: a.duplicate, rejected: a.rejected.map((r) => ({ id: r.id, reason: r.reason })) };
  return `anjungan-ack-compact-v1\n${deviceId}\n${JSON.stringify(outcome)}`;
}

/**
 * The compact form of a full ack (without its signature), or null when it could not be
 * expanded back exactly: an id named twice (the same id twice in one batch) or an empty id
 * (a record without one). The hub then answers the full form.
 */
export function compactOf(full: Pick<BatchAck, 'batchId' | 'accepted' | 'duplicate' | 'rejected' | 'replayed'>, sha256Hex: Sha256Hex): Omit<CompactAck, 'hubSig'> | null {
  const ids = [...full.accepted, ...full.duplicate, ...full.rejected.map((r) => r.id)];
  const distinct = new Set(ids);
  if (distinct.size !== ids.length || distinct.has('')) return null;
  return {
    batchId: full.batchId,
    count: distinct.size,
    members: sha256Hex(membershipText(ids)),
    duplicate: full.duplicate,
    rejected: full.rejected.map((r) => ({ id: r.id, reason: r.reason })),
    ...(full.replayed ? { replayed: true } : {}),
  };
}

/** The compact ack handed out for a signed full ack, or null when it has none (an older hub) or cannot be compacted. */
export function compactFromSigned(full: BatchAck, sha256Hex: Sha256Hex): CompactAck | null {
  if (!full.compactSig) return null;
  const c = compactOf(full, sha256Hex);
  return c ? { ...c, hubSig: full.compactSig } : null;
}

/**
 * The full ack a compact one stands for, given the ids the kiosk put in that batch. Refused
 * when the count or the membership digest differ, or an exception names an id the batch did
 * not hold (or names one twice). The signature is the caller's to check (compactSigningText).
 */
export function expandCompactAck(c: CompactAck, members: readonly string[], sha256Hex: Sha256Hex): { ok: true; ack: BatchAck } | { ok: false; error: string } {
  const held = new Set(members);
  if (held.size !== c.count) return { ok: false, error: `the compact ack counts ${c.count} submissions, the batch held ${held.size}` };
  if (sha256Hex(membershipText([...held])) !== c.members) return { ok: false, error: 'the compact ack names another set of submissions than the batch held' };
  const named = new Set<string>();
  for (const id of [...c.duplicate, ...c.rejected.map((r) => r.id)]) {
    if (!held.has(id)) return { ok: false, error: `the compact ack names ${id}, which the batch did not hold` };
    if (named.has(id)) return { ok: false, error: `the compact ack names ${id} twice` };
    named.add(id);
  }
  const accepted = [...held].filter((id) => !named.has(id));
  return {
    ok: true,
    ack: { batchId: c.batchId, accepted, duplicate: [...c.duplicate], rejected: c.rejected.map((r) => ({ id: r.id, reason: r.reason })), ...(c.replayed ? { replayed: true } : {}) },
  };
}
