import type { KioskReceipt, KioskStatusView, kioskCalls } from '../../../shared/api/calls/kiosk.js';
import { checkNikInput, cleanAnswers, initials, validateAnswers } from '../../../shared/catalogue/answers.js';
import { CONSENT_VERSION } from '../../../shared/catalogue/consent.js';
import type { ServiceDefinition } from '../../../shared/catalogue/schema.js';
import { ikmFrom } from '../../../shared/catalogue/skm.js';
import { localDay, normaliseLookupCode } from '../../../shared/domain/identifiers.js';
import type { Submission } from '../../../shared/domain/submission.js';
import { ApiFailure } from '../../../shared/api/result.js';
import { kioskQueries } from '../../db/queries/kiosk.js';
import type { Handlers } from '../dispatcher.js';
import type { CoreServices } from '../services.js';
import { createSubmission } from '../submission-service.js';

export function kioskHandlers(s: CoreServices): Pick<Handlers, keyof typeof kioskCalls> {
  const q = kioskQueries(s.store.db);

  const receiptOf = (sub: Submission): KioskReceipt => {
    const meta = q.meta(sub.id);
    if (!meta) throw new ApiFailure('not_found', `submission ${sub.id} was not made at the kiosk`);
    const svc = s.catalogue.find(sub.serviceId);
    return {
      submissionId: sub.id,
      registrationNo: sub.registrationNo,
      trackingCode: sub.trackingCode,
      queueNo: meta.queueNo,
      serviceId: sub.serviceId,
      serviceTitle: svc?.title ?? sub.serviceId,
      requirements: svc?.requirements.map((r) => r.text) ?? [],
      sla: svc?.sla.text ?? '',
      completion: svc?.completion ?? 'desa',
      forwardTo: svc?.forwardTo ?? null,
      createdAt: sub.createdAt,
    };
  };

  return {
    'kiosk:submit': (req, ctx) => {
      const svc: ServiceDefinition | undefined = s.catalogue.find(req.serviceId);
      if (!svc) throw new ApiFailure('not_found', `no service ${req.serviceId} in the catalogue`);
      if (svc.version !== req.serviceVersion) {
        throw new ApiFailure('conflict', `service ${req.serviceId} is now version ${svc.version}, not ${req.serviceVersion}`);
      }
      if (!req.consent.accepted) throw new ApiFailure('invalid_request', 'consent is required to submit at the kiosk');
      if (req.consent.statementVersion !== CONSENT_VERSION) {
        throw new ApiFailure('conflict', `consent statement ${req.consent.statementVersion} is not the current ${CONSENT_VERSION}`);
      }
      const nikProblem = checkNikInput(req.applicant.nik);
      if (nikProblem) throw new ApiFailure('invalid_request', `applicant NIK is not valid (${nikProblem.key})`, { field: 'applicant.nik', key: nikProblem.key });
      const now = s.now();
      const problems = validateAnswers(svc, req.answers, isoDay(now));
      const fields = Object.keys(problems);
      if (fields.length > 0) {
        throw new ApiFailure('invalid_request', `answers not valid: ${fields.join(', ')}`, { problems });
      }
      const known = new Set(svc.requirements.map((r) => r.id));
      const payload = {
        pemohon: req.applicant,
        jawaban: cleanAnswers(svc, req.answers),
        persyaratanDibawa: req.requirementsChecked.filter((id) => known.has(id)),
      };
      const sub = createSubmission(s, { id: req.id, serviceId: svc.id, serviceVersion: svc.version, payload }, ctx.transport, (created) => {
        const day = localDay(now);
        const seq = s.store.submissions.nextSequence(`queue-${svc.queueGroup}`, day);
        q.insertMeta({
          submissionId: created.id,
          queueNo: `${svc.queueGroup}-${String(seq).padStart(3, '0')}`,
          queueDay: day,
          consentAccepted: true,
          consentVersion: req.consent.statementVersion,
          consentAt: created.createdAt,
          identitySource: req.applicant.source,
        });
      });
      return receiptOf(sub);
    },
    'kiosk:receipt': (req) => {
      const sub = s.store.submissions.get(req.submissionId);
      if (!sub) throw new ApiFailure('not_found', `no submission ${req.submissionId}`);
      return receiptOf(sub);
    },
    'kiosk:status': (req) => {
      const raw = req.code.trim().toUpperCase();
      const sub = s.store.submissions.findByCode(raw) ?? s.store.submissions.findByCode(normaliseLookupCode(raw));
      if (!sub) throw new ApiFailure('not_found', 'no submission with that code');
      const applicant = (sub.payload['pemohon'] ?? {}) as { nik?: string; nama?: string; alamat?: string };
      const matches = req.cardNik !== undefined && applicant.nik === req.cardNik;
      const view: KioskStatusView = {
        registrationNo: sub.registrationNo,
        trackingCode: sub.trackingCode,
        serviceId: sub.serviceId,
        serviceTitle: s.catalogue.find(sub.serviceId)?.title ?? sub.serviceId,
        initials: initials(applicant.nama ?? ''),
        status: sub.status,
        history: s.store.submissions.history(sub.id),
        createdAt: sub.createdAt,
        updatedAt: sub.updatedAt,
        lastHubContactAt: q.lastHubStatusAt(),
        delivered: q.outboxState(sub.id) === 'delivered',
        identity: matches ? { nama: applicant.nama ?? '', alamat: applicant.alamat ?? '' } : null,
        identityMismatch: req.cardNik !== undefined && !matches,
      };
      return view;
    },
    'kiosk:survey': (req) => {
      if (req.submissionId && !s.store.submissions.get(req.submissionId)) {
        throw new ApiFailure('not_found', `no submission ${req.submissionId}`);
      }
      q.insertSkm({
        id: req.id,
        submissionId: req.submissionId ?? null,
        serviceId: req.serviceId,
        scores: req.scores,
        createdAt: s.now().toISOString(),
      });
      return { id: req.id };
    },
    'kiosk:ikm': (req) => {
      const year = s.now().getFullYear();
      const from = req.from ?? new Date(year, 0, 1).toISOString();
      const to = req.to ?? new Date(year + 1, 0, 1).toISOString();
      const totals = q.skmTotals(from, to);
      return { ...ikmFrom(totals.responses, totals.sums), from, to };
    },
    'kiosk:end-session': () => {
      // The devices service keeps the last card read (biodata, NIK) in memory: forget it.
      s.devices.clearLastCard();
      return { cleared: true };
    },
    'kiosk:session-probe': () => {
      return { holdsResidentData: s.devices.lastCard !== null };
    },
  };
}

function isoDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
