import type { SubmissionStatus } from '../../../shared/domain/submission.js';
import type { SubmissionOwnerRow } from '../backend.js';
import type { BackOfficeQueries } from './back-office-rows.js';

/** The console's tables (hub migrations 210–230), as both backends hand them back. */
export type HubRole = 'officer' | 'verifier' | 'head' | 'admin';

export interface HubUserRow {
  user_id: string;
  username: string;
  role: HubRole;
  agency_id: string | null;
  password_hash: string;
  failures: number;
  locked_until: string | null;
  disabled_at: string | null;
  created_at: string;
}

export interface HubSessionRow {
  token_hash: string;
  user_id: string;
  csrf: string;
  created_at: string;
  last_seen_at: string;
  ended_at: string | null;
}

export interface HubAuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  /** JSON text or null. */
  detail: string | null;
  prev_hash: string;
  hash: string;
}

export interface InboxQuery {
  /** The services the caller may see; null = every service (the kabupaten admin). */
  services: readonly string[] | null;
  statuses: readonly SubmissionStatus[] | null;
  service: string | null;
  /** A kecamatan ("36.04.05") or desa ("36.04.05.2001") code prefix, matched against the device's office. */
  office: string | null;
  /** Only those received before this instant (age filter). */
  receivedBefore: string | null;
  /** SLA breach: only those whose state's SLA (due_at, hub migration 310) or overall SLA (overall_due_at, 450) ran out by this instant. */
  breachedAt: string | null;
  limit: number;
  offset: number;
}

/** The kecamatan part ("36.04.05") of an office filter, to reach the kecamatan index; null when the filter is wider. */
export function kecamatanOf(office: string): string | null {
  return office.length >= 8 ? office.slice(0, 8) : null;
}

export interface InboxRow {
  id: string;
  registration_no: string | null;
  service_id: string | null;
  device_id: string;
  office_code: string | null;
  status: SubmissionStatus;
  received_at: string;
  state_since: string | null;
  /** When its current state's SLA runs out (hub migration 310; the service's own days since 420); null in a final state. */
  due_at: string | null;
}

export interface EventRow {
  seq: number;
  status: SubmissionStatus;
  note: string | null;
  at: string;
  actor: string | null;
  origin_device: string | null;
}

export interface DeviceListRow {
  device_id: string;
  label: string | null;
  enrolled_at: string;
  revoked_at: string | null;
  last_seen_at: string | null;
  office_code: string | null;
  version: string | null;
  submissions: number;
  reported_backlog: number | null;
  reported_at: string | null;
  clock_skew_ms: number | null;
  /** Batches by how they came (hub migration 360). */
  via_http: number;
  via_relay: number;
  last_relay_at: string | null;
  via_usb: number;
  last_usb_at: string | null;
}

/** What a device said of itself on its last status page (hub migration 330). */
export interface DeviceReportRow {
  backlog: number;
  version: string | null;
  skewMs: number;
  at: string;
}

export interface CatalogueVersionRow {
  version: number;
  document: string;
  targets: string;
  note: string | null;
  published_by: string;
  published_at: string;
}

/** One SQL operation each, as HubQueries; the console's rules are main/hub/console/*.ts. */
export interface ConsoleQueries extends BackOfficeQueries {
  insertUser(row: Omit<HubUserRow, 'failures' | 'locked_until' | 'disabled_at'>): Promise<boolean>;
  userByUsername(username: string): Promise<HubUserRow | null>;
  userById(userId: string): Promise<HubUserRow | null>;
  users(limit: number): Promise<HubUserRow[]>;
  setLoginFailures(userId: string, failures: number, lockedUntil: string | null): Promise<void>;
  setPassword(userId: string, hash: string): Promise<void>;
  insertSession(row: Omit<HubSessionRow, 'ended_at'>): Promise<void>;
  selectSession(tokenHash: string): Promise<HubSessionRow | null>;
  touchSession(tokenHash: string, at: string): Promise<void>;
  endSession(tokenHash: string, at: string): Promise<void>;

  /** The audit chain's head, locked until the transaction ends. */
  lockAuditHead(): Promise<{ seq: number; hash: string }>;
  insertAudit(row: HubAuditRow): Promise<void>;
  setAuditHead(seq: number, hash: string): Promise<void>;
  auditAfter(seq: number, limit: number): Promise<HubAuditRow[]>;
  /** Newest first. */
  auditRecent(limit: number, offset: number): Promise<HubAuditRow[]>;

  inbox(q: InboxQuery): Promise<{ rows: InboxRow[]; total: number }>;
  events(submissionId: string, limit: number): Promise<EventRow[]>;
  /** Locks the submission (its status is read to check the move). */
  lockSubmission(id: string): Promise<(SubmissionOwnerRow & { status: SubmissionStatus; service_id: string | null; due_at: string | null }) | null>;
  moveSubmission(id: string, status: SubmissionStatus, at: string): Promise<void>;
  insertConsoleEvent(owner: SubmissionOwnerRow, status: SubmissionStatus, note: string | null, at: string, actor: string): Promise<void>;

  devices(limit: number): Promise<DeviceListRow[]>;
  touchDevice(deviceId: string, at: string): Promise<void>;
  reportDevice(deviceId: string, report: DeviceReportRow): Promise<void>;
  /** The office a device published its letter key for, or null. */
  deviceOffice(deviceId: string): Promise<string | null>;
  renameDevice(deviceId: string, label: string): Promise<boolean>;

  insertCatalogueVersion(row: CatalogueVersionRow): Promise<void>;
  latestCatalogueVersion(): Promise<CatalogueVersionRow | null>;
  catalogueVersion(version: number): Promise<CatalogueVersionRow | null>;
  /** Newest first, without the documents' text. */
  catalogueVersions(limit: number): Promise<Omit<CatalogueVersionRow, 'document'>[]>;
}
