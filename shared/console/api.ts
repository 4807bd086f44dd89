import { z } from 'zod';
import { COMPLAINT_MOVE_IDS, COMPLAINT_STATES, type ComplaintMoveId, type ComplaintState } from '../domain/complaint-workflow.js';
import { HUB_ROLES, type HubMoveId, type HubRole } from '../domain/hub-workflow.js';
import { SubmissionStatus } from '../domain/submission.js';
import type { ConsoleErrorCode, FieldProblem } from './errors.js';
import type { SlaState } from '../domain/working-days.js';

/**
 * The console's HTTP API at the hub (/console/api/...): JSON in and out, a session cookie and,
 * on every change, the session's CSRF token in the X-CSRF-Token header. `CONSOLE_ACCESS` says
 * which roles may call each route; the hub checks it on every request (main/hub/console/routes.ts).
 */
export const CONSOLE_API = '/console/api';
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_COOKIE = 'anjungan_console';

export type ConsoleRoute =
  | 'login'
  | 'logout'
  | 'me'
  | 'inbox'
  | 'detail'
  | 'attachment'
  | 'move'
  | 'devices'
  | 'device.revoke'
  | 'device.rename'
  | 'enrolment.issue'
  | 'catalogue.list'
  | 'catalogue.publish'
  | 'catalogue.rollback'
  | 'users.list'
  | 'users.add'
  | 'audit'
  | 'complaints'
  | 'complaint.move'
  | 'escalations'
  | 'dashboard'
  | 'agencies';

const ANY: readonly HubRole[] = HUB_ROLES;
const AGENCY_STAFF: readonly HubRole[] = ['officer', 'verifier', 'head', 'admin'];
const ADMIN: readonly HubRole[] = ['admin'];

/** null: no session needed (logging in). */
export const CONSOLE_ACCESS: Record<ConsoleRoute, readonly HubRole[] | null> = {
  login: null,
  logout: ANY,
  me: ANY,
  inbox: AGENCY_STAFF,
  detail: AGENCY_STAFF,
  attachment: AGENCY_STAFF,
  move: ['officer', 'verifier', 'head'],
  devices: ADMIN,
  'device.revoke': ADMIN,
  'device.rename': ADMIN,
  'enrolment.issue': ADMIN,
  'catalogue.list': ADMIN,
  'catalogue.publish': ADMIN,
  'catalogue.rollback': ADMIN,
  'users.list': ADMIN,
  'users.add': ADMIN,
  audit: ADMIN,
  complaints: AGENCY_STAFF,
  'complaint.move': AGENCY_STAFF,
  // Breaches go to the head of unit (their agency's) and to the kabupaten admin (every agency).
  escalations: ['head', 'admin'],
  dashboard: AGENCY_STAFF,
  agencies: AGENCY_STAFF,
};

export const LoginBody = z.object({ username: z.string().min(1).max(40), password: z.string().min(1).max(200) }).strict();
export const MoveBody = z
  .object({
    ids: z.array(z.string().min(1).max(200)).min(1).max(100),
    move: z.enum(['accept', 'verify', 'incomplete', 'resume', 'process', 'finish', 'reject']),
    note: z.string().max(2000).nullable().optional(),
  })
  .strict();
export const OfficePrefix = z.string().regex(/^\d{2}\.\d{2}(\.\d{2}(\.\d{4})?)?$/, 'a kecamatan code 36.04.05 or a desa code 36.04.05.2001');
export const InboxParams = z
  .object({
    status: z.array(SubmissionStatus).max(12).optional(),
    service: z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/).optional(),
    office: OfficePrefix.optional(),
    minAgeDays: z.coerce.number().int().min(0).max(3650).optional(),
    breached: z.enum(['1', '0']).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();
export const RenameBody = z.object({ label: z.string().trim().min(1).max(80) }).strict();
export const EnrolmentBody = z.object({ label: z.string().trim().max(80).optional(), hours: z.number().min(1).max(24 * 30).optional() }).strict();
export const CatalogueTargets = z.union([z.tuple([z.literal('all')]), z.array(OfficePrefix).min(1).max(200)]);
export const PublishBody = z.object({ document: z.record(z.string(), z.unknown()), targets: CatalogueTargets.default(['all']), note: z.string().max(500).optional() }).strict();
export const RollbackBody = z.object({ version: z.number().int().min(1) }).strict();
export const UserBody = z
  .object({ username: z.string().max(40), password: z.string().max(200), role: z.enum(HUB_ROLES), agencyId: z.string().max(80).nullable().optional() })
  .strict();

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day yyyy-mm-dd');
export const ComplaintParams = z
  .object({
    state: z.array(z.enum(COMPLAINT_STATES)).max(7).optional(),
    breached: z.enum(['1', '0']).optional(),
    callback: z.enum(['1', '0']).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();
export const ComplaintMoveBody = z
  .object({ move: z.enum(COMPLAINT_MOVE_IDS), note: z.string().max(2000).nullable().optional(), agencyId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/).nullable().optional() })
  .strict();
export const DashboardParams = z
  .object({ dim: z.enum(['agency', 'service', 'kecamatan', 'desa']).default('agency'), from: Day, to: Day })
  .strict()
  .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['from'] })
  .refine((p) => Date.parse(p.to) - Date.parse(p.from) <= 400 * 86_400_000, { message: 'at most 400 days at once', path: ['to'] });

export interface ComplaintEntry {
  id: string;
  registrationNo: string | null;
  serviceId: string | null;
  serviceTitle: string;
  officeCode: string | null;
  receivedAt: string;
  state: ComplaintState;
  stateSince: string;
  agencyId: string | null;
  agencyName: string | null;
  note: string | null;
  answers: unknown;
  /** The number to call back, when the resident asked for it. */
  callbackPhone: string | null;
  sla: SlaState | null;
  breached: boolean;
  moves: { id: ComplaintMoveId; noteRequired: boolean }[];
}
export interface ComplaintPage {
  items: ComplaintEntry[];
  total: number;
  page: number;
  pageSize: number;
}
export interface Escalations {
  requests: InboxPage;
  complaints: ComplaintPage;
}
export interface TallyEntry {
  key: string;
  label: string;
  received: number;
  finished: number;
  inSla: number;
}
export interface DashboardView {
  dim: 'agency' | 'service' | 'kecamatan' | 'desa';
  from: string;
  to: string;
  today: string;
  byKey: TallyEntry[];
  byDay: { day: string; received: number; finished: number; inSla: number }[];
  byWeek: { week: string; received: number; finished: number; inSla: number }[];
  backlog: { buckets: string[]; rows: { key: string; label: string; buckets: number[]; total: number }[] };
  /** null: no survey answers at the hub yet. */
  ikm: { key: string; ikm: number; responses: number }[] | null;
}

export interface ConsoleMe {
  user: { userId: string; username: string; role: HubRole; agencyId: string | null };
  csrf: string;
  idleSeconds: number;
}

export interface InboxEntry {
  id: string;
  registrationNo: string | null;
  serviceId: string | null;
  serviceTitle: string;
  officeCode: string | null;
  deviceId: string;
  status: SubmissionStatus;
  receivedAt: string;
  stateSince: string;
  sla: SlaState;
  /** When its current state's SLA runs out (the service's days at the time it entered the state); null in a final state. */
  stateDueAt: string | null;
  breached: boolean;
  escalated: boolean;
  /** The moves this user may make on it now (its service's workflow and the user's role). */
  allowedMoves: HubMoveId[];
}

export interface InboxPage {
  items: InboxEntry[];
  total: number;
  page: number;
  pageSize: number;
}

export interface RequestDetail extends InboxEntry {
  record: unknown;
  attachment: { name: string | null; contentType: string | null; bytes: number } | null;
  history: { status: SubmissionStatus; note: string | null; at: string; actor: string }[];
  moves: { id: HubMoveId; to: SubmissionStatus; note: 'missing' | 'collect' | 'reason' | 'optional' }[];
}

export interface DeviceEntry {
  deviceId: string;
  label: string | null;
  officeCode: string | null;
  enrolledAt: string;
  lastSeenAt: string | null;
  revoked: boolean;
  version: string | null;
  submissions: number;
  /** Submissions waiting at the device when it last reported (null: it never did). */
  backlog: number | null;
  backlogAt: string | null;
  /** The device's clock minus the hub's, in seconds, at its last report (a wrong clock skews SLA times). */
  clockSkewSeconds: number | null;
  /** The device's batches by how they reached the hub: itself, through a kecamatan relay, on a USB stick. */
  carried: { direct: number; relay: number; lastRelayAt: string | null; usb: number; lastUsbAt: string | null };
}

/** Every error answer of the console API: a stable code (shared/console/errors.ts), English for logs, the bad fields by name. */
export interface ConsoleErrorBody {
  error: {
    code: ConsoleErrorCode;
    message: string;
    fields?: Record<string, FieldProblem>;
    /** catalogue_invalid: the schema's lines, `file X: field Y: ...` (catalogueFieldError reads them). */
    errors?: string[];
    /** locked: seconds until the next try. */
    retryAfterSeconds?: number;
  };
}
