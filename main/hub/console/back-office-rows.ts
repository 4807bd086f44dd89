import type { ComplaintState } from '../../../shared/domain/complaint-workflow.js';
import type { SubmissionStatus } from '../../../shared/domain/submission.js';

/** A count stops here ("10 000+"): counting millions of rows for a pager costs more than the page. */
export const COUNT_CAP = 10_000;

/** The tables of hub migration 280 (complaints, tallies), as both backends hand them back. */
export interface ComplaintRow {
  submission_id: string;
  state: ComplaintState;
  agency_id: string | null;
  note: string | null;
  state_since: string;
  updated_by: string;
}

export interface ComplaintListRow {
  id: string;
  registration_no: string | null;
  service_id: string | null;
  device_id: string;
  office_code: string | null;
  status: SubmissionStatus;
  received_at: string;
  record: string;
  /** null: no row yet, the complaint is new. */
  state: ComplaintState | null;
  agency_id: string | null;
  note: string | null;
  state_since: string | null;
}

export interface ComplaintQuery {
  /** The complaint services (from the catalogue). */
  services: readonly string[];
  /** Only those dispatched to this agency (agency staff); null: all (the admin). */
  agency: string | null;
  states: readonly ComplaintState[] | null;
  /** Breached: new ones received before `newBefore`, verified or dispatched ones in their state since before theirs. */
  breach: { newBefore: string; verifiedBefore: string; dispatchedBefore: string } | null;
  /** Only those whose resident asked to be called back with a usable number (hub migration 430's partial index). */
  callback: boolean;
  limit: number;
  offset: number;
}

export interface TallyRow {
  key: string;
  received: number;
  finished: number;
  in_sla: number;
}
export interface TallyDayRow extends Omit<TallyRow, 'key'> {
  day: string;
}

export interface BacklogRow {
  service_id: string | null;
  /** Index into the age cutoffs the query was given (0: newest bucket). */
  bucket: number;
  n: number;
}

export interface BackOfficeQueries {
  complaints(q: ComplaintQuery): Promise<{ rows: ComplaintListRow[]; total: number }>;
  /** The complaint row, locked until the transaction ends; null when the complaint is still new. */
  lockComplaint(submissionId: string): Promise<ComplaintRow | null>;
  upsertComplaint(row: ComplaintRow): Promise<void>;

  /** Sums per key (a service, or an office cut to `prefix` characters: 8 = kecamatan) over days from..to (WIB, inclusive). */
  tallyByKey(dim: 'service' | 'office', from: string, to: string, prefix: number | null, keys: readonly string[] | null): Promise<TallyRow[]>;
  /** Sums per day over the service tallies (only `keys` when given). */
  tallyByDay(from: string, to: string, keys: readonly string[] | null): Promise<TallyDayRow[]>;
  /** Open requests per service and age bucket: bucket i holds those received before cutoffs[i-1] and at or after cutoffs[i]. */
  backlog(openStates: readonly SubmissionStatus[], cutoffs: readonly string[], services: readonly string[] | null): Promise<BacklogRow[]>;

  /** The working-day numbering the SQL tallies use (replaced where it differs). */
  calendarDays(): Promise<{ day: string; wd: number }[]>;
  putCalendarDays(rows: readonly { day: string; wd: number }[]): Promise<void>;
  serviceSlas(): Promise<{ service_id: string; days: number }[]>;
  putServiceSlas(rows: readonly { service_id: string; days: number }[]): Promise<void>;
  /** Working days per open state (hub migration 310), what each request's due_at is computed from. */
  stateSlas(): Promise<{ status: string; days: number }[]>;
  putStateSlas(rows: readonly { status: string; days: number }[]): Promise<void>;
  /** A service's own days per open state where they differ from the hub's (hub migration 420). */
  serviceStateSlas(): Promise<{ service_id: string; status: string; days: number }[]>;
  /** Replaces them all (in the caller's transaction). */
  replaceServiceStateSlas(rows: readonly { service_id: string; status: string; days: number }[]): Promise<void>;
  /** Computes the open requests' due_at again (after the calendar or the state SLAs changed); returns how many. */
  rederiveDueDates(): Promise<number>;
  /** Computes the open requests' overall_due_at of these services again (after their overall SLA changed, hub migration 450); returns how many. */
  rederiveOverallDueDates(services: readonly string[]): Promise<number>;
}
