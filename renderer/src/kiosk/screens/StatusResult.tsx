import type { KioskStatusView } from '../../../../shared/api/calls/kiosk.js';
import type { SubmissionStatus } from '../../../../shared/domain/submission.js';
import type { MessageKey } from '../../../../shared/i18n/index.js';
import { useI18n } from '../../i18n/i18n.js';

const TIMELINE: SubmissionStatus[] = ['received', 'sent', 'accepted', 'processing', 'done'];
/** States only the desa's own workflow has ("perlu dilengkapi" is the hub's too): such a request shows the desa's steps. */
const DESA_ONLY: SubmissionStatus[] = ['checking', 'awaiting_signature', 'ready', 'collected'];

/** The steps to show: the hub's for a forwarded request, the desa's (with "perlu dilengkapi" once it happened) for its own. */
function stepsOf(view: KioskStatusView): SubmissionStatus[] {
  const seen = (s: SubmissionStatus): boolean => view.status === s || view.history.some((h) => h.status === s);
  const final: SubmissionStatus = view.status === 'rejected' ? 'rejected' : 'done';
  if (!DESA_ONLY.some(seen)) return [...TIMELINE.slice(0, 4), final];
  const steps: SubmissionStatus[] = ['received', 'checking'];
  if (seen('incomplete')) steps.push('incomplete');
  steps.push('awaiting_signature');
  return view.status === 'rejected' ? [...steps, 'rejected'] : [...steps, 'ready', 'collected'];
}

/** The officer's last note, worded by what it is: what is still missing, why it was refused, or a note. */
function noteText(t: ReturnType<typeof useI18n>['t'], view: KioskStatusView): string | null {
  const last = [...view.history].reverse().find((h) => h.note);
  if (!last?.note) return null;
  if (view.status === 'incomplete' && last.status === 'incomplete') return t('kiosk.status.missing', { note: last.note });
  if (view.status === 'rejected' && last.status === 'rejected') return t('kiosk.status.rejectedBecause', { note: last.note });
  return t('kiosk.status.note', { note: last.note });
}

const when = (iso: string): string => new Date(iso).toLocaleString('id-ID', { dateStyle: 'medium', timeStyle: 'short' });

/** Where a request stands: the steps so far, the officer's note, and the applicant's initials (or, with their card, the name). */
export function StatusResult({ view, onAnother, onHome }: { view: KioskStatusView; onAnother: () => void; onHome: () => void }) {
  const { t } = useI18n();
  const steps = stepsOf(view);
  const reached = (s: SubmissionStatus): boolean => view.history.some((h) => h.status === s) || s === view.status;
  const note = noteText(t, view);
  return (
    <section className="screen screen-split screen-status-result" data-screen="status-result">
      <div className="split-a">
        <h2>{t('kiosk.status.result')}</h2>
        <dl className="facts">
          <dt>{t('kiosk.status.registration')}</dt>
          <dd className="mono" data-testid="status-registration">
            {view.registrationNo}
          </dd>
          {!view.limited && (
            <>
              <dt>{t('kiosk.status.service')}</dt>
              <dd data-testid="status-service">{view.serviceTitle}</dd>
              <dt>{t('kiosk.status.applicant')}</dt>
              <dd data-testid="status-applicant">{view.identity ? `${view.identity.nama}, ${view.identity.alamat}` : view.initials}</dd>
            </>
          )}
        </dl>
        {view.limited && <p className="hint" data-testid="status-limited">{t('kiosk.status.limited')}</p>}
        {note && (
          <p className="lead" data-testid="status-note">
            {note}
          </p>
        )}
        <p className="hint" data-testid="status-updated">
          {t('kiosk.status.updated', { time: when(view.lastHubContactAt ?? view.updatedAt) })}
        </p>
        {view.relayAt ? (
          // Through the kecamatan's relay: both steps on one line, in place of the "not connected" hint.
          <p className="hint" data-testid="delivery-steps">
            {t('kiosk.status.atRelay', { time: when(view.relayAt) })}
            {view.deliveredAt && ` · ${t('kiosk.status.atHub', { time: when(view.deliveredAt) })}`}
          </p>
        ) : (
          !view.delivered && view.status === 'received' && <p className="hint">{t('kiosk.status.offline')}</p>
        )}
        {!view.identity && !view.limited && <p className="hint">{t(view.identityMismatch ? 'kiosk.status.cardMismatch' : 'kiosk.status.tapCard')}</p>}
      </div>
      <div className="split-b">
        <ol className="timeline" data-testid="timeline" data-status={view.status}>
          {steps.map((s) => {
            const current = s === view.status;
            const done = reached(s) && !current;
            const entry = [...view.history].reverse().find((h) => h.status === s);
            return (
              <li key={s} className={current ? 'current' : done ? 'done' : 'waiting'} data-step={s}>
                <span className="tl-mark" aria-hidden="true">
                  {current ? '▶' : done ? '✓' : '○'}
                </span>
                <span className="tl-text">
                  <span className="tl-title">{t(`status.${s}` as MessageKey)}</span>
                  <span className="tl-state">
                    {t(current ? 'kiosk.status.stepCurrent' : done ? 'kiosk.status.stepDone' : 'kiosk.status.stepWaiting')}
                    {entry ? ` · ${when(entry.at)}` : ''}
                  </span>
                </span>
              </li>
            );
          })}
        </ol>
      </div>
      <div className="choice-row">
        <button type="button" className="btn btn-secondary" onClick={onAnother} data-testid="status-another">
          {t('kiosk.status.another')}
        </button>
        <button type="button" className="btn btn-primary" onClick={onHome} data-testid="status-home">
          {t('kiosk.nav.home')}
        </button>
      </div>
    </section>
  );
}
