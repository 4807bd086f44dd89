/**
 * A USB stick carried up by a kecamatan relay (issue 12 §2): the relay cannot open what a kiosk
 * sealed to the hub, so it keeps each device folder's files byte-identical and sends them up
 * as they were, one export (one manifest) per request; the hub runs the very ingest of
 * `hub usb-import` on them and answers the files it would have written onto the stick.
 * Pure: the route, the request's layout, what the relay signs, what the hub answers.
 *
 * Request body (POST USB_CARRY_PATH):
 *   u32 BE head length | head (JSON, CarryHead) | each part's bytes, in the head's order
 * The first part is the device's manifest.json; then the sealed files it names that the relay
 * holds (a file the relay refused as damaged is left out: the hub answers it "missing").
 * Headers: x-anj-dev = the relay's id, x-anj-sig = the relay's Ed25519 over carrySigningText.
 */
import { z } from 'zod';
import { DeviceId } from '../sync/protocol.js';
import { MANIFEST_FILE, MAX_ANSWER_BYTES, MAX_STICK_BATCHES } from './format.js';

export const USB_CARRY_PATH = '/v1/usb/carry';
export const MAX_CARRY_HEAD_BYTES = 1024 * 1024;
/** The largest export one request carries (every part together). */
export const MAX_CARRY_BYTES = 2 * 1024 * 1024 * 1024;
/** Beside the device's answer.json on the stick: the relay's receipt, "di kecamatan". */
export const RELAY_RECEIPT_FILE = 'relay.json';

const Part = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9._-]{1,120}$/),
    size: z.number().int().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

export const CarryHead = z
  .object({
    v: z.literal(1),
    deviceId: DeviceId,
    exportId: z.string().uuid(),
    parts: z.array(Part).min(1).max(MAX_STICK_BATCHES + 2),
  })
  .strict()
  .refine((h) => h.parts[0]!.name === MANIFEST_FILE, 'the first part must be the manifest')
  .refine((h) => new Set(h.parts.map((p) => p.name)).size === h.parts.length, 'part names must differ');
export type CarryHead = z.infer<typeof CarryHead>;

/** What the relay signs for one carry request: who carries, and the head (which holds every part's digest). */
export function carryRequestSigningText(relayId: string, headSha256: string): string {
  return `anjungan-usb-carry-v1\n${relayId}\n${headSha256}`;
}

export const CarryOutcome = z
  .object({
    accepted: z.number().int().min(0),
    duplicate: z.number().int().min(0),
    rejected: z.number().int().min(0),
    replayed: z.number().int().min(0),
    failed: z.array(z.object({ batchId: z.string(), code: z.string(), message: z.string() }).strict()),
    statuses: z.number().int().min(0),
    catalogue: z.number().int().nullable(),
  })
  .strict();
export type CarryOutcome = z.infer<typeof CarryOutcome>;

/** The hub's answer to a carry: the answer.json text it signed (null when it refused the folder, with why), and its hub.json. */
export const CarryAnswer = z
  .object({
    deviceId: DeviceId,
    exportId: z.string().uuid(),
    refused: z.string().max(1000).nullable(),
    answer: z.string().max(MAX_ANSWER_BYTES + 1024).nullable(),
    hubFile: z.string().max(64 * 1024),
    outcome: CarryOutcome,
  })
  .strict();
export type CarryAnswer = z.infer<typeof CarryAnswer>;

/** What the relay leaves beside a device's folder when it stored the export (not signed: it only says "di kecamatan"). */
export const RelayStickReceipt = z
  .object({
    v: z.literal(1),
    deviceId: DeviceId,
    exportId: z.string().uuid(),
    relayId: z.string().min(1).max(100),
    at: z.string().max(40),
    batches: z.array(z.string()).max(MAX_STICK_BATCHES),
  })
  .strict();
export type RelayStickReceipt = z.infer<typeof RelayStickReceipt>;
