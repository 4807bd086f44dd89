import type { HubSkm } from './skm/index.js';
import type { HubSettings } from './settings/index.js';
import type { HubQueue } from './queue/index.js';
import type { HubIdentity } from './hub-identity.js';
import type { ReleaseRules } from './releases.js';
import type { HubConsole } from './console/index.js';
import type { BatchAck, StatusPage, StatusUpdate, StatusUpdatesAck } from '../../shared/sync/protocol.js';
import type { SubmissionStatus } from '../../shared/domain/submission.js';

/**
 * Everything the hub keeps, behind one interface. It is implemented once (main/hub/rules.ts)
 * over two backends that differ only in SQL (main/hub/backend.ts): SQLite (the embedded
 * default, main/hub/sqlite/) and PostgreSQL (the kabupaten's database, main/hub/postgres/).
 * Opened with main/hub/open.ts; the same test suite runs against both.
 */
export interface HubDevice {
  id: string;
  /** Raw Ed25519 public key (32 bytes). */
  publicKey: Buffer;
  label: string | null;
  revoked: boolean;
}

export interface StagingInfo {
  batchId: string;
  deviceId: string;
  total: number;
  digest: string;
  received: number;
}

export interface IncomingAttachment {
  name: string | null;
  contentType: string | null;
  data: Buffer;
}

export interface IncomingRecord {
  id: string;
  /** The record's JSON text as carried (attachment bytes not included). */
  text: string;
  /** SHA-256 of text and attachment: tells a duplicate from a different record under the same id. */
  hash: string;
  registrationNo: string | null;
  attachment?: IncomingAttachment;
}

export interface CommitInput {
  batchId: string;
  deviceId: string;
  digest: string;
  records: IncomingRecord[];
  invalid: { id: string; reason: string }[];
  at: string;
  /** Adapters each accepted submission is queued for (durable forwarding outbox). */
  forwardTo: string[];
  /** The relay that carried the batch (its carrier signature verified), recorded with the commit. */
  carrier?: string | null;
  /** 'usb' for a stick's batch; a carrier means 'relay'; else 'http' (hub migration 360). */
  channel?: 'http' | 'usb';
}

export interface StoredSubmission {
  id: string;
  text: string;
  deviceId: string;
  batchId: string;
  registrationNo: string | null;
  status: SubmissionStatus;
  receivedAt: string;
  updatedAt: string;
  attachment: IncomingAttachment | null;
}

export interface ForwardJob {
  seq: number;
  submissionId: string;
  adapter: string;
  attempts: number;
}

export class BatchIdReusedError extends Error {
  constructor(batchId: string) {
    super(`batch id ${batchId} was already committed with other content or by another device`);
    this.name = 'BatchIdReusedError';
  }
}

export class OffsetError extends Error {
  constructor(readonly received: number) {
    super(`upload offset does not match; the hub has ${received} bytes`);
    this.name = 'OffsetError';
  }
}

/** A device's public letter key for one office. */
export interface HubLetterKey {
  officeCode: string;
  keyId: string;
  deviceId: string;
  /** Raw Ed25519 public key (32 bytes). */
  publicKey: Buffer;
}

/** stored: new; already: the same key again; conflict: that office and key id hold another key or device. */
export type LetterKeyOutcome = 'stored' | 'already' | 'conflict';

export type EnrolOutcome = 'enrolled' | 'already' | 'code_invalid' | 'key_mismatch' | 'revoked';

export interface HubStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Signed app releases for devices (issue 15): publish, the newest for an office, bytes by range. */
  readonly releases: ReleaseRules;
  /** The agencies' back office (issue 13): accounts, inbox and workflow, devices, catalogue versions, audit. */
  readonly console: HubConsole;
  /** SKM answer sheets from the devices and the IKM per office and service (issue 11 §2). */
  readonly skm: HubSkm;
  /** Settings documents published per office and per device, adopted by devices like the catalogue (issue 15). */
  readonly settings: HubSettings;
  /** Queue tickets from the devices and their tally per office and day, for the dashboards (issue 11 §1). */
  readonly queue: HubQueue;
  /** The hub's own keys (made at first use): it signs with one, devices encrypt to the other. */
  hubIdentity(): Promise<HubIdentity>;
  getDevice(id: string): Promise<HubDevice | null>;
  /** code null = open enrolment (trust on first use). A code is consumed in the same transaction. */
  enrolDevice(id: string, publicKey: Buffer, label: string | null, codeHash: string | null, at: string): Promise<EnrolOutcome>;
  revokeDevice(id: string, at: string): Promise<boolean>;
  addEnrolmentCode(codeHash: string, label: string | null, at: string, expiresAt: string): Promise<void>;

  getStaging(batchId: string): Promise<StagingInfo | null>;
  startStaging(info: Omit<StagingInfo, 'received'>, at: string): Promise<void>;
  /** Appends bytes at `offset`, which must equal what is held (else OffsetError). Returns the new length. */
  appendStaging(batchId: string, offset: number, data: Buffer): Promise<number>;
  readStaging(batchId: string): Promise<Buffer>;
  dropStaging(batchId: string): Promise<void>;
  /** Drops uploads started before `before` and never finished (a device that went away mid-upload); returns how many. */
  dropStaleStaging(before: string): Promise<number>;

  getBatch(batchId: string): Promise<{ deviceId: string; digest: string; ack: BatchAck } | null>;
  /**
   * One transaction: each record inserted if absent (keyed by id), the batch recorded with its
   * ack, its staging dropped. A batch id already committed with the same digest by the same
   * device answers its stored ack (replayed: true); otherwise BatchIdReusedError.
   */
  commitBatch(input: CommitInput): Promise<BatchAck>;
  /** Which relay carried a committed batch, if one did. */
  carriage(batchId: string): Promise<{ relayId: string; receivedAt: string } | null>;

  /** key = submission id or registration number. */
  setStatus(key: string, status: SubmissionStatus, note: string | null, at: string): Promise<{ id: string } | null>;
  /** Statuses a device set for its own submissions, idempotent by (device, seq), in one transaction. */
  applyDeviceStatuses(deviceId: string, items: StatusUpdate[]): Promise<StatusUpdatesAck>;
  statusSince(deviceId: string, since: number, limit: number): Promise<StatusPage>;
  count(): Promise<number>;
  /** Every stored submission in id order, a page at a time. */
  exportAll(onRow: (s: StoredSubmission) => void): Promise<void>;
  getSubmission(id: string): Promise<StoredSubmission | null>;

  dueForwards(now: string, limit: number): Promise<ForwardJob[]>;
  /** Publishes a device's letter key; a held (office, key id) is never replaced. */
  putLetterKey(key: HubLetterKey, at: string): Promise<LetterKeyOutcome>;
  letterKey(officeCode: string, keyId: string): Promise<HubLetterKey | null>;
  letterKeys(officeCode: string, limit: number): Promise<HubLetterKey[]>;
  finishForward(seq: number, outcome: { ok: true; at: string } | { ok: false; error: string; nextAt: string | null }): Promise<void>;
  close(): Promise<void>;
}

/** The submission's registration number, when its record carries one (kiosk submissions do). */
export function registrationNoOf(record: Record<string, unknown>): string | null {
  const r = record['registrationNo'];
  return typeof r === 'string' && r.length <= 100 ? r : null;
}
