import type { KioskStatusView, kioskCalls } from '../../../shared/api/calls/kiosk.js';
import { deliverySteps } from '../delivery-steps.js';
import { initials } from '../../../shared/catalogue/answers.js';
import { ikmFrom } from '../../../shared/catalogue/skm.js';
import { normaliseLookupCode } from '../../../shared/domain/identifiers.js';
import { requestOf } from '../../../shared/domain/request.js';
import { ApiFailure } from '../../../shared/api/result.js';
import { actorOf } from '../../../shared/api/access.js';
import type { HandlerContext, Handlers } from '../dispatcher.js';
import { receiptView } from '../receipts.js';
import { SlidingWindow } from '../rate-limit.js';
import { submitRequest } from '../request-service.js';
import type { CoreServices } from '../services.js';

/** A resident reaches only the submissions of their own visit; anything else looks like nothing. */
export function assertOwn(ctx: HandlerContext, submissionId: string): void {
  if (ctx.principal.kind === 'resident' && !ctx.session?.owns(submissionId)) {
    throw new ApiFailure('not_found', `no submission ${submissionId} in this session`);
  }
}

/** Status lookups: per page, and for the whole device (many pages could be opened). */
const STATUS_PER_PAGE = 10;
const STATUS_PER_DEVICE = 60;
const STATUS_WINDOW_MS = 60_000;

/** Letter checks: a resident checks one or two letters; a script trying tokens gets nothing for it. */
const VERIFY_PER_PAGE = 10;
const VERIFY_PER_DEVICE = 60;

export function kioskHandlers(s: CoreServices): Pick<Handlers, keyof typeof kioskCalls> {
  const q = s.store.kiosk;
  const deviceLookups = new SlidingWindow(STATUS_PER_DEVICE, STATUS_WINDOW_MS);
  const deviceVerifies = new SlidingWindow(VERIFY_PER_DEVICE, STATUS_WINDOW_MS);
  return {
    'kiosk:submit': (req, ctx) => {
      const sub = submitRequest(s, req, { channel: 'kiosk', operator: null, actor: actorOf(ctx.principal) });
      ctx.session?.rememberOwn(sub.id);
      return receiptView(s, sub);
    },
    'kiosk:receipt': (req, ctx) => {
      assertOwn(ctx, req.submissionId);
      const sub = s.store.submissions.get(req.submissionId);
      if (!sub) throw new ApiFailure('not_found', `no submission ${req.submissionId}`);
      return receiptView(s, sub);
    },
    'kiosk:status': (req, ctx) => {
      // Lookups are limited per page and for the whole device: guessing numbers must not pay.
      if ((ctx.session && !ctx.session.allow('kiosk:status', STATUS_PER_PAGE, STATUS_WINDOW_MS)) || !deviceLookups.take()) {
        throw new ApiFailure('rate_limited', 'too many status lookups; wait a minute', { retryAfterSeconds: Math.ceil(STATUS_WINDOW_MS / 1000) });
      }
      const raw = req.code.trim().toUpperCase();
      const sub = s.store.submissions.findByCode(raw) ?? s.store.submissions.findByCode(normaliseLookupCode(raw));
      if (!sub) throw new ApiFailure('not_found', 'no submission with that code');
      const byTracking = sub.trackingCode === raw || sub.trackingCode === normaliseLookupCode(raw);
      const applicant = requestOf(sub.payload)?.applicant;
      // Identity is shown only for the card this kiosk's reader read in this visit, never for a NIK sent by the page.
      const card = s.devices.lastCard;
      const cardNik = card && card.source !== 'manual' ? card.biodata.nik : undefined;
      const asked = req.cardNik !== undefined;
      const matches = byTracking && asked && cardNik !== undefined && cardNik === req.cardNik && applicant?.nik === cardNik;
      const view: KioskStatusView = {
        limited: !byTracking,
        registrationNo: sub.registrationNo,
        trackingCode: byTracking ? sub.trackingCode : '',
        serviceId: byTracking ? sub.serviceId : '',
        serviceTitle: byTracking ? (s.catalogue.find(sub.serviceId)?.title ?? sub.serviceId) : '',
        initials: byTracking ? initials(applicant?.nama ?? '') : '',
        status: sub.status,
        history: s.store.submissions.history(sub.id),
        createdAt: sub.createdAt,
        updatedAt: sub.updatedAt,
        lastHubContactAt: q.lastHubStatusAt(),
        delivered: q.outboxState(sub.id) === 'delivered',
        ...deliverySteps(s.store.sync.delivery(sub.id)),
        identity: matches && applicant ? { nama: applicant.nama, alamat: applicant.alamat } : null,
        identityMismatch: asked && !matches,
      };
      return view;
    },
    'kiosk:verify-letter': async (req, ctx) => {
      if ((ctx.session && !ctx.session.allow('kiosk:verify-letter', VERIFY_PER_PAGE, STATUS_WINDOW_MS)) || !deviceVerifies.take()) {
        throw new ApiFailure('rate_limited', 'too many letter checks; wait a minute', { retryAfterSeconds: Math.ceil(STATUS_WINDOW_MS / 1000) });
      }
      const { nikMatches: _never, ...verdict } = await s.letters.verify(req.token);
      return verdict;
    },
    'kiosk:survey': (req, ctx) => {
      if (req.submissionId) assertOwn(ctx, req.submissionId);
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
    'kiosk:end-session': (_req, ctx) => {
      // The devices service keeps the last card read (biodata, NIK) in memory: forget it; the
      // session forgets the visit's submissions, so the next resident cannot reach them.
      s.devices.clearLastCard();
      ctx.session?.endVisit();
      return { cleared: true };
    },
    'kiosk:session-probe': () => {
      return { holdsResidentData: s.devices.lastCard !== null };
    },
  };
}
