import { DEFAULT_RETENTION, type ServiceDefinition } from '../../../shared/catalogue/schema.js';
import type { SubmissionPayload } from '../../../shared/domain/submission.js';
import type { PrivacyQueries } from '../../db/queries/privacy.js';

/** Rows read per page and minimised per transaction: a long-offline kiosk's first purge stays bounded. */
const PAGE = 500;
const DAY_MS = 86_400_000;

export interface PurgeResult {
  /** Finished requests looked at. */
  examined: number;
  /** Minimised now (or, with dryRun, that would be). */
  purged: number;
  /** Finished but still waiting for the hub's acknowledgement (or a status not yet sent). */
  waitingForHub: number;
  /** Finished and acknowledged, inside their retention period. */
  withinRetention: number;
  /** The ids minimised (at most the first 1,000, for the audit log and the CLI). */
  ids: string[];
}

/**
 * What stays of a request once its retention has passed: no name, NIK, address, answers or
 * attachment; the channel, the RW, desa and kecamatan (the office's reports count by them: the RW
 * gives the dusun, migration 0250; an RW holds many households, as a desa does), the
 * queue number and the consent record (which statement, when).
 */
export function minimalPayload(payload: SubmissionPayload, purgedAt: string): SubmissionPayload {
  const applicant = typeof payload.applicant === 'object' && payload.applicant !== null ? (payload.applicant as Record<string, unknown>) : {};
  const keep: SubmissionPayload = { purged: { at: purgedAt } };
  const region: Record<string, unknown> = {};
  if (applicant.rw !== undefined) region.rw = applicant.rw;
  if (applicant.kelDesa !== undefined) region.kelDesa = applicant.kelDesa;
  if (applicant.kecamatan !== undefined) region.kecamatan = applicant.kecamatan;
  if (Object.keys(region).length > 0) keep.applicant = region;
  if (payload.channel !== undefined) keep.channel = payload.channel;
  if (payload.queueNo !== undefined) keep.queueNo = payload.queueNo;
  if (payload.consent !== undefined) keep.consent = payload.consent;
  return keep;
}

/** The retention of a service, or the default for one the catalogue no longer has. */
export function retentionDays(services: readonly ServiceDefinition[], serviceId: string): number {
  return services.find((s) => s.id === serviceId)?.retention.days ?? DEFAULT_RETENTION.days;
}

/**
 * The purge job (UU 27/2022): minimises every request that is finished, acknowledged by the hub
 * (which keeps the record of account) and past its service's retention period, counted from the
 * day it was finished. Nothing else is touched; a request the hub has not confirmed is kept.
 */
export function purgeDue(q: PrivacyQueries, services: readonly ServiceDefinition[], now: Date, opts: { dryRun?: boolean } = {}): PurgeResult {
  const result: PurgeResult = { examined: 0, purged: 0, waitingForHub: 0, withinRetention: 0, ids: [] };
  const at = now.toISOString();
  let after = '';
  for (;;) {
    const page = q.candidates(after, PAGE);
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    const due: { id: string; minimal: SubmissionPayload }[] = [];
    for (const c of page) {
      result.examined++;
      if (!c.acknowledged) {
        result.waitingForHub++;
        continue;
      }
      const finished = Date.parse(c.finishedAt);
      // A finish time that cannot be read is kept: never purge on a guess.
      if (!Number.isFinite(finished) || finished + retentionDays(services, c.serviceId) * DAY_MS > now.getTime()) {
        result.withinRetention++;
        continue;
      }
      due.push({ id: c.id, minimal: minimalPayload(c.payload, at) });
    }
    const done = opts.dryRun ? due.map((d) => d.id) : q.minimise(due, at);
    result.purged += done.length;
    for (const id of done) if (result.ids.length < 1000) result.ids.push(id);
  }
  return result;
}
