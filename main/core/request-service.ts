import { randomBytes } from 'node:crypto';
import { checkNikInput, cleanAnswers, validateAnswers } from '../../shared/catalogue/answers.js';
import { CONSENT_VERSION } from '../../shared/catalogue/consent.js';
import type { ServiceDefinition } from '../../shared/catalogue/schema.js';
import { ApiFailure } from '../../shared/api/result.js';
import { canonicalJson } from '../../shared/domain/canonical-json.js';
import { formatRegistrationNo, localDay, trackingCodeFromBytes } from '../../shared/domain/identifiers.js';
import { requestOf, type Channel, type Operator, type ParsedRequestDraft, type StoredRequest } from '../../shared/domain/request.js';
import type { Submission } from '../../shared/domain/submission.js';
import type { CoreServices } from './services.js';

type Deps = Pick<CoreServices, 'store' | 'settings' | 'deviceId' | 'events' | 'now' | 'catalogue' | 'queue'>;

/** Who entered the request: the resident at the kiosk, or an operator at the desk. */
export interface RequestOrigin {
  channel: Channel;
  operator: Operator | null;
  /** For the audit log: the transport or the operator's username. */
  actor: string;
}

/**
 * The one submit path, for the kiosk and the desk: the draft is checked against the catalogue
 * (service and version, answers, requirements), the NIK rules and the consent; then the
 * submission, its first status, its outbox row, its registration and queue numbers and an audit
 * entry are written in one transaction. When this returns, the request is on disk.
 * A retry with the same id and content answers the stored submission; other content is a conflict.
 */
export function submitRequest(s: Deps, draft: ParsedRequestDraft, origin: RequestOrigin): Submission {
  const svc = s.catalogue.find(draft.serviceId);
  if (!svc) throw new ApiFailure('not_found', `no service ${draft.serviceId} in the catalogue`);
  const now = s.now();
  const content = checkedContent(svc, draft, isoDay(now));

  const existing = s.store.submissions.get(draft.id);
  if (existing) return sameOrConflict(existing, draft, content);

  const createdAt = now.toISOString();
  const { officeCode } = s.settings.get();
  const created = s.store.transaction(() => {
    const day = localDay(now);
    const seq = s.store.submissions.nextSequence('registration', day);
    // The office day's number series of the group, shared with tickets taken without a request.
    const queueSeq = s.queue.nextNumber(svc.queueGroup, now);
    const request: StoredRequest = {
      ...content,
      consent: { accepted: true, statementVersion: draft.consent.statementVersion, at: createdAt },
      channel: origin.channel,
      operator: origin.operator,
      queueNo: `${svc.queueGroup}-${String(queueSeq).padStart(3, '0')}`,
    };
    s.store.submissions.insert({
      id: draft.id,
      registrationNo: formatRegistrationNo(officeCode, s.deviceId, now, seq),
      trackingCode: trackingCodeFromBytes(randomBytes(5)),
      serviceId: svc.id,
      serviceVersion: svc.version,
      payload: request,
      createdAt,
    });
    s.queue.issueForRequest(draft.id, svc.queueGroup, queueSeq, origin.channel, origin.actor);
    s.store.audit.append(origin.actor, 'submission.create', draft.id, { serviceId: svc.id, channel: origin.channel });
    return s.store.submissions.get(draft.id)!;
  });
  s.events.emit('submissions:changed', { id: created.id });
  s.queue.changed('issued');
  return created;
}

type CheckedContent = Pick<StoredRequest, 'applicant' | 'answers' | 'requirementsChecked'>;

/** Every rule a request must meet, with each failure a clear code and message (nothing is stored on failure). */
function checkedContent(svc: ServiceDefinition, draft: ParsedRequestDraft, today: string): CheckedContent {
  if (svc.version !== draft.serviceVersion) {
    throw new ApiFailure('conflict', `service ${svc.id} is now version ${svc.version}, not ${draft.serviceVersion}`);
  }
  if (!draft.consent.accepted) throw new ApiFailure('invalid_request', 'consent is required to submit a request');
  if (draft.consent.statementVersion !== CONSENT_VERSION) {
    throw new ApiFailure('conflict', `consent statement ${draft.consent.statementVersion} is not the current ${CONSENT_VERSION}`);
  }
  const nikProblem = checkNikInput(draft.applicant.nik);
  if (nikProblem) {
    throw new ApiFailure('invalid_request', `applicant NIK is not valid (${nikProblem.key})`, { field: 'applicant.nik', key: nikProblem.key });
  }
  const problems = validateAnswers(svc, draft.answers, today);
  const fields = Object.keys(problems);
  if (fields.length > 0) throw new ApiFailure('invalid_request', `answers not valid: ${fields.join(', ')}`, { problems });
  const known = new Set(svc.requirements.map((r) => r.id));
  return {
    applicant: draft.applicant,
    answers: cleanAnswers(svc, draft.answers),
    requirementsChecked: draft.requirementsChecked.filter((id) => known.has(id)),
  };
}

function sameOrConflict(existing: Submission, draft: ParsedRequestDraft, content: CheckedContent): Submission {
  const stored = requestOf(existing.payload);
  const same =
    stored !== null &&
    existing.serviceId === draft.serviceId &&
    existing.serviceVersion === draft.serviceVersion &&
    stored.consent.statementVersion === draft.consent.statementVersion &&
    canonicalJson({ applicant: stored.applicant, answers: stored.answers, requirementsChecked: stored.requirementsChecked }) === canonicalJson(content);
  if (!same) throw new ApiFailure('conflict', `submission ${draft.id} already exists with different content`);
  return existing;
}

/** yyyy-mm-dd in the office's local time: "today" for date answers. */
function isoDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
