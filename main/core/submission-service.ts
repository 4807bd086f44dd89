import { randomBytes } from 'node:crypto';
import type { CreateSubmissionRequest } from '../../shared/api/calls/submissions.js';
import { ApiFailure } from '../../shared/api/result.js';
import { canonicalJson } from '../../shared/domain/canonical-json.js';
import { formatRegistrationNo, localDay, trackingCodeFromBytes } from '../../shared/domain/identifiers.js';
import type { Submission } from '../../shared/domain/submission.js';
import type { CoreServices } from './services.js';

type Deps = Pick<CoreServices, 'store' | 'settings' | 'deviceId' | 'events' | 'now'>;

/**
 * The durable submit: the submission, its first status, its outbox row, its registration
 * number and an audit entry in one transaction; when the call returns, it is on disk.
 * Creating the same id twice with the same content answers the stored one (a retry after a
 * lost answer); the same id with other content is a conflict.
 */
export function createSubmission(s: Deps, req: CreateSubmissionRequest, actor: string, extra?: (sub: Submission) => void): Submission {
  const existing = s.store.submissions.get(req.id);
  if (existing) return sameOrConflict(existing, req);
  const now = s.now();
  const createdAt = now.toISOString();
  const { officeCode } = s.settings.get();
  const created = s.store.transaction(() => {
    const seq = s.store.submissions.nextSequence('registration', localDay(now));
    const row = {
      id: req.id,
      registrationNo: formatRegistrationNo(officeCode, s.deviceId, now, seq),
      trackingCode: trackingCodeFromBytes(randomBytes(5)),
      serviceId: req.serviceId,
      serviceVersion: req.serviceVersion,
      payload: req.payload,
      createdAt,
    };
    s.store.submissions.insert(row);
    s.store.audit.append(actor, 'submission.create', req.id, { serviceId: req.serviceId });
    const sub = s.store.submissions.get(req.id)!;
    extra?.(sub);
    return sub;
  });
  s.events.emit('submissions:changed', { id: created.id });
  return created;
}

function sameOrConflict(existing: Submission, req: CreateSubmissionRequest): Submission {
  const same =
    existing.serviceId === req.serviceId &&
    existing.serviceVersion === req.serviceVersion &&
    canonicalJson(existing.payload) === canonicalJson(req.payload);
  if (!same) throw new ApiFailure('conflict', `submission ${req.id} already exists with different content`);
  return existing;
}
