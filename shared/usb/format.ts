/**
 * The USB stick (sneakernet, issue 12 §2) as a transport of the one sync engine: the same signed
 * batch containers travel, sealed to the hub's X25519 key, with a device-signed manifest; the hub
 * writes back a hub-signed answer per device. Pure: names, schemas and the texts that are signed.
 *
 * On the stick:
 *   anjungan/hub.json                     the hub's public keys (written by `hub usb-import`)
 *   anjungan/devices/<deviceId>/
 *     manifest.json                       {document, signature}: what this export carries (device Ed25519)
 *     <batchId>-<rand>.ajs                sealed batch (never rewritten: a new export writes a new name)
 *     control-<rand>.ajs                  sealed: the desa's own status moves, an enrolment code
 *     answer.json                         {document, signature}: acks, statuses, catalogue (hub Ed25519)
 *     release/<version>/FILE, FILE.sig    the newest signed release, when the device is behind
 */
import { z } from 'zod';
import { BatchAck, BatchId, DeviceId, HubKeys, ReleaseInfo, SignedCatalogue, StatusChange, StatusUpdate, StatusUpdatesAck } from '../sync/protocol.js';

export const STICK_ROOT = 'anjungan';
export const HUB_FILE = 'hub.json';
export const DEVICES_DIR = 'devices';
export const MANIFEST_FILE = 'manifest.json';
export const ANSWER_FILE = 'answer.json';
export const RELEASE_DIR = 'release';
/** A sealed file: "AJS1", ephemeral X25519 key, nonce, AES-256-GCM ciphertext, tag. */
export const SEALED_SUFFIX = '.ajs';
export const SEAL_MAGIC = 'AJS1';

/** Largest manifest or answer text read from a stick (anything unbounded gets a bound). */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;
/** Most batches one export carries (1 MiB raw each: far more than an office gathers between trips). */
export const MAX_STICK_BATCHES = 4000;
/** Most status changes one answer carries back; more wait for the next trip (`statusesMore`). */
export const MAX_ANSWER_STATUSES = 10_000;
/** Most desa status moves one export carries up. */
export const MAX_EXPORT_STATUS_UPDATES = 10_000;

const FileName = z.string().regex(/^[A-Za-z0-9._-]{1,120}$/);
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const B64Key = z.string().min(40).max(64);

export const StickFile = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('batch'), batchId: BatchId, name: FileName, size: z.number().int().min(1), sha256: Sha256, records: z.number().int().min(1) }).strict(),
  z.object({ kind: z.literal('control'), name: FileName, size: z.number().int().min(1), sha256: Sha256 }).strict(),
]);
export type StickFile = z.infer<typeof StickFile>;

/** What one export carries; signed by the device, readable by anyone (no personal data: ids, sizes, counts). */
export const Manifest = z
  .object({
    v: z.literal(1),
    deviceId: DeviceId,
    /** The device's Ed25519 public key (raw, base64): checked against the hub's record, or enrolled with a code. */
    publicKey: B64Key,
    exportId: z.string().uuid(),
    createdAt: z.string().max(40),
    /** The hub it is sealed for (its Ed25519 signing key, base64): another hub refuses the stick by name. */
    hub: B64Key,
    files: z.array(StickFile).max(MAX_STICK_BATCHES + 1),
    submissions: z.number().int().min(0),
    /** The device's status cursor at that hub: the answer carries the changes after it. */
    statusCursor: z.number().int().min(0),
    catalogueVersion: z.number().int().min(0),
    appVersion: z.string().max(40),
    platform: z.enum(['linux', 'win']),
    officeCode: z.string().max(20),
  })
  .strict();
export type Manifest = z.infer<typeof Manifest>;

/** The sealed control file: what the hub alone should read besides the batches. */
export const ControlDoc = z
  .object({
    v: z.literal(1),
    deviceId: DeviceId,
    statusUpdates: z.array(StatusUpdate).max(MAX_EXPORT_STATUS_UPDATES),
    enrolment: z.object({ code: z.string().min(1).max(100), label: z.string().max(200).nullable() }).strict().nullable(),
  })
  .strict();
export type ControlDoc = z.infer<typeof ControlDoc>;

/** The header of a sealed batch: the very signature the device sends on an HTTP upload. */
export const SealedBatchHeader = z
  .object({ batchId: BatchId, deviceId: DeviceId, length: z.number().int().min(1), digest: Sha256, signature: z.string().min(1).max(200) })
  .strict();
export type SealedBatchHeader = z.infer<typeof SealedBatchHeader>;

export const SignedDoc = z.object({ document: z.string().min(2).max(MAX_ANSWER_BYTES), signature: z.string().min(1).max(200) }).strict();
export type SignedDoc = z.infer<typeof SignedDoc>;

/** What the hub answers for one device, for one export (its exportId). */
export const Answer = z
  .object({
    v: z.literal(1),
    deviceId: DeviceId,
    exportId: z.string().uuid(),
    at: z.string().max(40),
    /** The hub's keys (the kiosk checks them against the ones it holds). */
    hub: HubKeys,
    acks: z.array(z.object({ batchId: BatchId, digest: Sha256, ack: BatchAck }).strict()).max(MAX_STICK_BATCHES),
    /** Batches the hub could not take (damaged, partial copy, refused): they stay pending at the device. */
    failed: z.array(z.object({ batchId: BatchId, code: z.string().max(40), message: z.string().max(500), wholeBatchRefused: z.boolean() }).strict()).max(MAX_STICK_BATCHES),
    statusUpdates: StatusUpdatesAck.nullable(),
    statuses: z.object({ since: z.number().int().min(0), items: z.array(StatusChange).max(MAX_ANSWER_STATUSES), cursor: z.number().int().min(0), more: z.boolean() }).strict(),
    catalogue: SignedCatalogue.nullable(),
    /** A newer signed release for this device, in release/<version>/ beside the answer. */
    release: ReleaseInfo.nullable(),
  })
  .strict();
export type Answer = z.infer<typeof Answer>;

/** What the device signs for a manifest (its exact JSON text). */
export function manifestSigningText(documentText: string): string {
  return `anjungan-usb-manifest-v1\n${documentText}`;
}

/** What the hub signs for an answer (its exact JSON text). */
export function answerSigningText(documentText: string): string {
  return `anjungan-usb-answer-v1\n${documentText}`;
}

/** Additional data bound into every sealed file: a file sealed for one device cannot pass as another's. */
export function sealContext(deviceId: string, kind: 'batch' | 'control'): string {
  return `anjungan-usb-seal-v1\n${deviceId}\n${kind}`;
}
