import type { SubmissionStatus } from '../../shared/domain/submission.js';
import type { IncomingAttachment } from './store.js';
import type { ConsoleQueries } from './console/rows.js';
import type { SkmQueries } from './skm/rows.js';
import type { SettingsQueries } from './settings/rows.js';
import type { HubQueueQueries } from './queue/rows.js';

/**
 * The contract between the hub's rules (main/hub/rules.ts, written once) and its two
 * backends (main/hub/sqlite/, main/hub/postgres/). A backend only runs SQL and hands rows
 * back as the tables hold them; it decides nothing. Both backends keep the same tables, so
 * the row types below are shared.
 */

/** Column types and clauses that differ between the backends; migrations are written with them. */
export interface SqlDialect {
  readonly kind: 'sqlite' | 'postgres';
  /** Bytes. */
  readonly blob: string;
  /** A whole number that may pass 2³¹ (byte counts, offsets). */
  readonly bigint: string;
  /** An ever-increasing integer primary key (sequence numbers). */
  readonly serialKey: string;
  /** Written after a CREATE TABLE's closing parenthesis. */
  readonly tableOptions: string;
}

export interface DeviceRow {
  device_id: string;
  public_key: Buffer;
  label: string | null;
  revoked_at: string | null;
}

export interface StagingRow {
  batch_id: string;
  device_id: string;
  total: number;
  digest: string;
  received: number;
}

/** How a batch reached the hub (hub migration 360). */
export type BatchChannel = 'http' | 'relay' | 'usb';

export interface BatchRow {
  device_id: string;
  digest: string;
  /** The ack as answered, JSON text. */
  ack: string;
}

/** A submission joined with its attachment (null columns when it has none). */
export interface SubmissionRow {
  id: string;
  record: string;
  device_id: string;
  batch_id: string;
  registration_no: string | null;
  status: SubmissionStatus;
  received_at: string;
  updated_at: string;
  name: string | null;
  content_type: string | null;
  data: Buffer | null;
}

export type NewSubmissionRow = Pick<SubmissionRow, 'id' | 'device_id' | 'batch_id' | 'registration_no' | 'record'> & { hash: string };

/** Who a submission belongs to: what a status change needs. */
export type SubmissionOwnerRow = Pick<SubmissionRow, 'id' | 'device_id'>;

export interface StatusEventRow {
  seq: number;
  submission_id: string;
  status: SubmissionStatus;
  note: string | null;
  at: string;
}

/** The hub's own key pairs (one row): Ed25519 to sign with, X25519 to be encrypted to. */
export interface HubKeysRow {
  signing_public: Buffer;
  signing_private: Buffer;
  box_public: Buffer;
  box_private: Buffer;
  created_at: string;
}

export interface ReleaseRow {
  release_id: number;
  version: string;
  platform: 'linux' | 'win';
  /** JSON: ["all"] or office-code prefixes (a kecamatan "36.04.05", a desa "36.04.05.2001"). */
  targets: string;
  published_at: string;
}

export interface ReleaseFileRow {
  release_id: number;
  name: string;
  size: number;
  sha512: string;
  sig: string;
}

export interface ForwardRow {
  seq: number;
  submission_id: string;
  adapter: string;
  attempts: number;
}

export interface LetterKeyRow {
  office_code: string;
  key_id: string;
  device_id: string;
  public_key: Buffer;
}

/** Schema bookkeeping, used only by the migration runner (main/hub/schema.ts). */
export interface SchemaQueries {
  /** Serialises concurrent migrators and makes sure hub_schema (and its namespace) exists. */
  prepareSchema(): Promise<void>;
  /** The highest version in hub_schema; 0 when none. */
  recordedSchemaVersion(): Promise<number>;
  /** The version a database recorded before hub_schema existed (SQLite: PRAGMA user_version); 0 when none. */
  legacySchemaVersion(): Promise<number>;
  recordSchemaVersion(version: number): Promise<void>;
  /** Runs migration text (several statements). */
  execute(sql: string): Promise<void>;
}

/**
 * One SQL operation each. Several of them make one hub operation only inside
 * HubBackend.transaction; the "lock" ones hold their row (or key) until that transaction ends.
 */
export interface HubQueries extends SchemaQueries, ConsoleQueries, SkmQueries, SettingsQueries, HubQueueQueries {
  insertRelease(row: Omit<ReleaseRow, 'release_id'>): Promise<number>;
  insertReleaseFile(row: ReleaseFileRow): Promise<void>;
  insertReleaseChunk(releaseId: number, name: string, chunk: number, data: Buffer): Promise<void>;
  /** The newest releases of a platform first (at most `limit`). */
  releases(platform: 'linux' | 'win', limit: number): Promise<ReleaseRow[]>;
  releaseFiles(releaseId: number): Promise<ReleaseFileRow[]>;
  /** Chunks from..to (inclusive) of one release file, in order. */
  releaseChunks(releaseId: number, name: string, from: number, to: number): Promise<Buffer[]>;
  insertUpdateReport(deviceId: string, version: string, outcome: string, reason: string | null, at: string): Promise<void>;
  selectHubKeys(): Promise<HubKeysRow | null>;
  /** Keeps the first row ever written (two hub processes starting at once agree on one pair). */
  insertHubKeys(row: HubKeysRow): Promise<void>;
  selectDevice(deviceId: string): Promise<DeviceRow | null>;
  lockDevice(deviceId: string): Promise<DeviceRow | null>;
  /** False when the id is already taken. */
  insertDevice(deviceId: string, publicKey: Buffer, label: string | null, at: string): Promise<boolean>;
  /** False when the device is unknown or already revoked. */
  revokeDevice(deviceId: string, at: string): Promise<boolean>;
  insertEnrolmentCode(codeHash: string, label: string | null, at: string, expiresAt: string): Promise<void>;
  /** Marks an unused, unexpired code used by deviceId; false when there is none such. */
  consumeEnrolmentCode(codeHash: string, deviceId: string, at: string): Promise<boolean>;

  selectStaging(batchId: string): Promise<StagingRow | null>;
  /** The bytes staged so far, the staging row locked; null when nothing is staged. */
  lockStaging(batchId: string): Promise<number | null>;
  insertStaging(row: Omit<StagingRow, 'received'>, at: string): Promise<void>;
  insertChunk(batchId: string, offset: number, data: Buffer): Promise<void>;
  updateReceived(batchId: string, received: number): Promise<void>;
  stagingChunks(batchId: string): Promise<Buffer[]>;
  /** Deletes a staged upload with its chunks. */
  deleteStaging(batchId: string): Promise<void>;
  /** The ids of uploads staged before `before` and never finished. */
  stagingStartedBefore(before: string): Promise<string[]>;

  /** Holds off every other transaction that takes the same batch id's lock. */
  lockBatchId(batchId: string): Promise<void>;
  selectBatch(batchId: string): Promise<BatchRow | null>;
  insertBatch(batchId: string, row: BatchRow, at: string, channel: BatchChannel): Promise<void>;
  /** The relay that carried a batch (hub migration 290); the first carrier recorded stays. */
  insertCarriage(batchId: string, relayId: string, at: string): Promise<void>;
  selectCarriage(batchId: string): Promise<{ relay_id: string; received_at: string } | null>;
  /** Inserts each row whose id is not held yet (status 'sent'); answers the ids inserted. */
  insertSubmissions(rows: NewSubmissionRow[], at: string): Promise<string[]>;
  /** The stored hash of each of these ids that is held. */
  submissionHashes(ids: string[]): Promise<Map<string, string>>;
  /** For each lower-cased id, the id held whose lower case it is (a UUID may arrive in another case). */
  idsByLowerCase(lowered: string[]): Promise<Map<string, string>>;
  /** For each registration number, the id of the submission that holds it. */
  holdersOfRegistrationNos(numbers: string[]): Promise<Map<string, string>>;
  insertAttachment(submissionId: string, attachment: IncomingAttachment): Promise<void>;
  /** Queues each submission for one adapter; a pair already queued is left as it is. */
  insertForwards(submissionIds: string[], adapter: string, at: string): Promise<void>;

  findSubmissionById(id: string): Promise<SubmissionOwnerRow | null>;
  findSubmissionByRegistrationNo(registrationNo: string): Promise<SubmissionOwnerRow | null>;
  updateStatus(submissionId: string, status: SubmissionStatus, at: string): Promise<void>;
  /** `origin`: the device and its sequence number when the device itself set this status. */
  insertStatusEvent(owner: SubmissionOwnerRow, status: SubmissionStatus, note: string | null, at: string, origin?: { device: string; seq: number }): Promise<void>;
  /** Whether this device's status number `seq` is held already. */
  hasOriginEvent(deviceId: string, seq: number): Promise<boolean>;
  /** This device's events after seq `since`, oldest first, at most `limit`, without those it sent itself. */
  statusEvents(deviceId: string, since: number, limit: number): Promise<StatusEventRow[]>;

  countSubmissions(): Promise<number>;
  selectSubmission(id: string): Promise<SubmissionRow | null>;
  /** Submissions with an id after `afterId` (byte order), in that order, at most `limit`. */
  submissionsAfter(afterId: string, limit: number): Promise<SubmissionRow[]>;

  /** Pending jobs due at `now`, oldest first. */
  dueForwards(now: string, limit: number): Promise<ForwardRow[]>;
  markForwardDelivered(seq: number, at: string): Promise<void>;
  markForwardRetry(seq: number, error: string, nextAt: string): Promise<void>;
  markForwardFailed(seq: number, error: string): Promise<void>;

  selectLetterKey(officeCode: string, keyId: string): Promise<LetterKeyRow | null>;
  /** False when (office, key id) is already held. */
  insertLetterKey(row: LetterKeyRow, at: string): Promise<boolean>;
  /** The office's keys in key id order, at most `limit`. */
  letterKeysOfOffice(officeCode: string, limit: number): Promise<LetterKeyRow[]>;
}

/** A hub database: SQL only. */
export interface HubBackend {
  readonly dialect: SqlDialect;
  /** Runs fn's queries, each committed on its own (for single-statement reads and writes). */
  run<T>(fn: (q: HubQueries) => Promise<T>): Promise<T>;
  /** Runs fn's queries in one transaction: committed when fn resolves, rolled back when it throws. */
  transaction<T>(fn: (q: HubQueries) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
