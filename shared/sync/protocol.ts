/**
 * The sync wire protocol between a kiosk and the hub: paths, headers, signed messages, the JSON
 * control messages (with their zod schemas) and the error codes. Pure: no Node, no DOM.
 * See main/sync/README.md for the whole protocol.
 */
import { z } from 'zod';
import { SubmissionStatus } from '../domain/submission.js';

export const PROTOCOL_VERSION = 1;

/** Hub endpoints. `{id}` is a batch id (UUID). */
export const PATHS = {
  hello: '/v1/hello',
  enrol: '/v1/devices/enrol',
  /** GET: upload state {received,total,committed,ack?}; PUT ?offset=N: append bytes (commits when complete). */
  batch: (id: string) => `/v1/batches/${id}`,
  status: '/v1/status',
  catalogue: '/v1/catalogue',
  /** GET (signed) ?office=N&device=N: the settings documents newer than the device's (shared/sync/settings-push.ts). */
  settings: '/v1/settings',
  /** GET (signed) ?office=CODE&platform=linux|win&have=VERSION: the newest release for this device, or 204. */
  updatesLatest: '/v1/updates/latest',
  /** GET (Range supported, so a thin link resumes): one file of a published release. */
  updatesFile: (releaseId: number, name: string) => `/v1/updates/files/${releaseId}/${encodeURIComponent(name)}`,
  /** POST (signed, body digest in the signature): what a device did with a release. */
  updatesReport: '/v1/updates/report',
  /** POST (signed, body digest in the signature): statuses the desa set for its own submissions. */
  statusUpdates: '/v1/status-updates',
  /** POST (signed, body digest in the signature): SKM answer sheets for the hub's IKM (shared/sync/skm.ts). */
  skm: '/v1/skm',
  /** POST (signed, body digest in the signature): queue tickets and their times for the kabupaten's dashboards (shared/sync/queue.ts). */
  queueTickets: '/v1/queue-tickets',
  /** POST: publish this device's letter public key for its office; GET ?office=CODE: the office's keys. */
  letterKeys: '/v1/letter-keys',
} as const;

/** Request headers (lower case, short: they travel on every request of an 8 kB/s link). */
export const HEADERS = {
  device: 'x-anj-dev',
  signature: 'x-anj-sig',
  total: 'x-anj-len',
  digest: 'x-anj-sha',
  /**
   * `1` on a request sent while this device's enrolment is still on its way (issue 12 §4): a hub
   * or relay that does not know the device yet holds it, unread, a moment for that enrolment.
   * Without it an unknown device is answered 401 at once.
   */
  beside: 'x-anj-enr',
} as const;

/** Hub-side persistence granularity of an upload: a hub killed mid-upload loses at most this much. */
export const HUB_CHUNK_BYTES = 16 * 1024;
/** Largest compressed batch the hub accepts. */
export const MAX_BATCH_BYTES = 32 * 1024 * 1024;
/** Largest decompressed batch the hub accepts (guards against compression bombs). */
export const MAX_INFLATED_BYTES = 96 * 1024 * 1024;
/** Longest submission id. */
export const MAX_ID_LENGTH = 200;

/** What the device signs for a batch: id, device, compressed length and SHA-256 (hex) of the body. */
export function batchSigningText(batchId: string, deviceId: string, total: number, sha256Hex: string): string {
  return `anjungan-batch-v1\n${batchId}\n${deviceId}\n${total}\n${sha256Hex}`;
}

/** What the device signs for a request with a body: the request line, then the body's SHA-256 (hex). */
export function bodySigningText(method: string, pathAndQuery: string, deviceId: string, sha256Hex: string): string {
  return `${requestSigningText(method, pathAndQuery, deviceId)}\n${sha256Hex}`;
}

/** What the device signs for any other request (method and path with query). */
export function requestSigningText(method: string, pathAndQuery: string, deviceId: string): string {
  return `anjungan-req-v1\n${method.toUpperCase()}\n${pathAndQuery}\n${deviceId}`;
}

/** What a device signs to publish its letter key: the body's every field, so a captured request cannot carry another key. */
export function letterKeySigningText(deviceId: string, officeCode: string, keyId: string, publicKeyB64: string): string {
  return `anjungan-letterkey-v1\n${deviceId}\n${officeCode}\n${keyId}\n${publicKeyB64}`;
}

export const DeviceId = z.string().min(1).max(100).regex(/^[A-Za-z0-9._-]+$/);
export const BatchId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

/** Error codes the hub answers with, as {error:{code,message}}. */
export const HubErrorCode = z.enum([
  'bad_request',
  'bad_offset',
  'too_large',
  'bad_container',
  /** A segment names a compression dictionary this hub (or relay) does not hold: the kiosk builds the batch again without it. */
  'unknown_dictionary',
  'digest_mismatch',
  'bad_signature',
  'key_conflict',
  'unknown_device',
  'device_revoked',
  'batch_id_reused',
  'enrolment_required',
  'enrolment_code_invalid',
  'unauthorized',
  'not_found',
  'busy',
  /** The hub's disk (or database) is full: nothing was stored; try later. */
  'storage_full',
  'internal',
]);
export type HubErrorCode = z.infer<typeof HubErrorCode>;

export const HubErrorBody = z.object({ error: z.object({ code: HubErrorCode, message: z.string() }) });
export type HubErrorBody = z.infer<typeof HubErrorBody>;

/** How a kiosk treats an error: retry soon, retry later, fix the data, or fix the enrolment. */
export type ErrorClass = 'network' | 'busy' | 'rejected' | 'auth';

export function classifyHubError(status: number, code: HubErrorCode | undefined): ErrorClass {
  if (code === 'unknown_device' || code === 'device_revoked' || code === 'enrolment_required' || code === 'enrolment_code_invalid' || code === 'bad_signature' || code === 'unauthorized') return 'auth';
  if (code === 'bad_offset' || code === 'digest_mismatch') return 'network';
  if (status === 429 || status >= 500) return 'busy';
  return 'rejected';
}

export const EnrolRequest = z
  .object({
    deviceId: DeviceId,
    /** Raw Ed25519 public key, base64 (32 bytes). */
    publicKey: z.string().min(40).max(64),
    code: z.string().max(100).optional(),
    label: z.string().max(200).optional(),
  })
  .strict();
export type EnrolRequest = z.infer<typeof EnrolRequest>;
/** The hub's public keys (raw 32 bytes, base64): Ed25519 it signs with, X25519 devices encrypt to. */
export const HubKeys = z.object({ signingKey: z.string().max(64), boxKey: z.string().max(64) }).strict();
export type HubKeys = z.infer<typeof HubKeys>;
export const EnrolResponse = z.object({ deviceId: DeviceId, enrolled: z.literal(true), hub: HubKeys });
export type EnrolResponse = z.infer<typeof EnrolResponse>;

export const RejectedRecord = z.object({ id: z.string(), reason: z.string() });
/** The hub's answer to a committed batch. A replayed batch (same id, same bytes) gets the stored ack again. */
export const BatchAck = z.object({
  batchId: BatchId,
  accepted: z.array(z.string()),
  duplicate: z.array(z.string()),
  rejected: z.array(RejectedRecord),
  replayed: z.boolean().optional(),
  /** The hub's Ed25519 signature over ackSigningText (shared/sync/relay.ts): a relay carries it down unchanged. */
  hubSig: z.string().max(200).optional(),
  /** The hub's signature over the compact form (shared/sync/ack-compact.ts), so whoever holds this ack can hand the compact one down. */
  compactSig: z.string().max(200).optional(),
});
export type BatchAck = z.infer<typeof BatchAck>;

/** GET /v1/batches/{id}: how far an upload got. */
export const BatchState = z.object({
  received: z.number().int().min(0),
  total: z.number().int().min(0).nullable(),
  committed: z.boolean(),
  ack: BatchAck.optional(),
  /** Set by a relay that holds the whole batch durably and has no hub ack yet ("di kecamatan"). */
  atRelay: z.object({ relayId: z.string(), at: z.string() }).optional(),
});
export type BatchState = z.infer<typeof BatchState>;

/** The one status vocabulary (shared/domain/submission.ts) travels as it is. */
export const HubSubmissionStatus = SubmissionStatus;

/** GET /v1/status?since=CURSOR&limit=N: this device's submissions' status changes after CURSOR. */
export const StatusChange = z.object({
  seq: z.number().int(),
  id: z.string(),
  status: HubSubmissionStatus,
  note: z.string().nullable(),
  at: z.string(),
});
export type StatusChange = z.infer<typeof StatusChange>;
export const StatusPage = z.object({
  items: z.array(StatusChange),
  cursor: z.number().int(),
  more: z.boolean(),
  /** The settings versions the device should hold (issue 15): it fetches /v1/settings only when one is newer. */
  settings: z.object({ office: z.number().int().min(0), device: z.number().int().min(0) }).optional(),
  /** The compression dictionaries this hub decodes (container codec 3); a kiosk uses one only when it is listed here. */
  dictionaries: z.array(z.string().max(32)).max(50).optional(),
});
export type StatusPage = z.infer<typeof StatusPage>;

/**
 * What a device reports about itself on the first status page of a pass (signed query parameters,
 * no round trip of its own): its backlog, its app version and its clock, for the console's devices.
 */
export interface DeviceReport {
  backlog: number;
  version: string | null;
  /** The device's clock (ms since 1970) when it sent the request: the hub derives the skew. */
  clockMs: number;
}
export const MAX_REPORTED_BACKLOG = 1_000_000_000;
export const REPORTED_VERSION = /^[0-9A-Za-z.+-]{1,40}$/;

/** POST /v1/status-updates: the desa's own moves, numbered by the device (seq), oldest first. */
export const StatusUpdate = z
  .object({ seq: z.number().int().min(1), id: z.string().min(1).max(200), status: SubmissionStatus, note: z.string().max(2000).nullable(), at: z.string().max(40) })
  .strict();
export type StatusUpdate = z.infer<typeof StatusUpdate>;
export const StatusUpdatesRequest = z.object({ items: z.array(StatusUpdate).min(1).max(500) }).strict();
/** Applied (or already held) by seq; refused ones with a reason (not this device's submission, unknown id). */
export const StatusUpdatesAck = z.object({ applied: z.array(z.number().int()), rejected: z.array(z.object({ seq: z.number().int(), reason: z.string() })) });
export type StatusUpdatesAck = z.infer<typeof StatusUpdatesAck>;

/** A release file as the hub lists it: electron-builder's file with our signature beside it (FILE.sig's JSON). */
export const ReleaseFileInfo = z.object({ name: z.string().min(1).max(255), size: z.number().int().min(0), sha512: z.string().max(100), sig: z.string().max(2000) }).strict();
export const ReleaseInfo = z
  .object({ releaseId: z.number().int().min(1), version: z.string().max(40), platform: z.enum(['linux', 'win']), files: z.array(ReleaseFileInfo).min(1).max(20), publishedAt: z.string() })
  .strict();
export type ReleaseInfo = z.infer<typeof ReleaseInfo>;
export const UpdateReport = z
  .object({ version: z.string().max(40), outcome: z.enum(['downloaded', 'installed', 'refused', 'rolled_back', 'failed']), reason: z.string().max(500).nullable() })
  .strict();
export type UpdateReport = z.infer<typeof UpdateReport>;

/** The catalogue as carried (agencies and services); the core's validator checks the entries themselves. */
export const CatalogueDocument = z
  .object({ version: z.number().int().min(1), agencies: z.array(z.unknown()).optional(), services: z.array(z.unknown()) })
  .passthrough();
export type CatalogueDocument = z.infer<typeof CatalogueDocument>;

/** Largest catalogue document text the hub hands down (and a kiosk accepts). */
export const MAX_CATALOGUE_BYTES = 8 * 1024 * 1024;

/**
 * GET /v1/catalogue answers the document as exact JSON text with the hub's Ed25519 signature over
 * catalogueSigningText(document): a kiosk verifies the text it got, then parses it.
 */
export const SignedCatalogue = z
  .object({ document: z.string().min(2).max(MAX_CATALOGUE_BYTES), signature: z.string().min(1).max(200) })
  .strict();
export type SignedCatalogue = z.infer<typeof SignedCatalogue>;

/** What the hub signs for a catalogue document (its exact JSON text). */
export function catalogueSigningText(documentText: string): string {
  return `anjungan-catalogue-v1\n${documentText}`;
}

/** A desa code as the letter keys carry it: 36.04.KK.2NNN (any kabupaten's, in the same form). */
export const OfficeCode = z.string().regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/);
export const LetterKeyId = z.string().regex(/^[0-9a-f]{8}$/);

/** POST /v1/letter-keys (signed with letterKeySigningText). */
export const LetterKeyUpload = z
  .object({ officeCode: OfficeCode, keyId: LetterKeyId, publicKey: z.string().min(40).max(64) })
  .strict();
export type LetterKeyUpload = z.infer<typeof LetterKeyUpload>;

/** Most keys one office lists (a desa has a few devices; old keys stay so old letters verify). */
export const MAX_OFFICE_LETTER_KEYS = 200;
export const OfficeLetterKeys = z.object({
  officeCode: OfficeCode,
  keys: z.array(z.object({ keyId: LetterKeyId, deviceId: DeviceId, publicKey: z.string().min(40).max(64) })).max(MAX_OFFICE_LETTER_KEYS),
});
export type OfficeLetterKeys = z.infer<typeof OfficeLetterKeys>;
