import { useCallback, useEffect, useState } from 'react';
import { answerLabel } from '../../../../shared/catalogue/answers.js';
import type { DeskRequestView } from '../../../../shared/api/calls/desk.js';
import { ApiFailure } from '../../../../shared/api/result.js';
import { call } from '../../api/client.js';
import { useQuery } from '../../api/hooks.js';
import { formatDateTime } from '../../components/format.js';
import { useI18n } from '../../i18n/i18n.js';
import { LetterPanel } from './LetterPanel.js';
import { MovePanel } from './MovePanel.js';

/** One request: applicant, answers, history, the moves this user may make, and its letter. Esc goes back. */
export function RequestDetail({ id, onBack }: { id: string; onBack: () => void }) {
  const { t, lang } = useI18n();
  const [view, setView] = useState<DeskRequestView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const catalogue = useQuery('catalogue:list', {}, ['catalogue:changed']);
  const load = useCallback(() => {
    call('desk:request', { id }).then(setView, (e: unknown) => setProblem(t(`error.${e instanceof ApiFailure ? e.code : 'internal'}` as 'error.internal')));
  }, [id, t]);
  useEffect(load, [load]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      // Esc inside the note of a move closes that first (MovePanel stops it).
      if (e.key === 'Escape' && !e.defaultPrevented) onBack();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onBack]);
  if (problem) return <p className="problem" role="alert">{problem}</p>;
  if (!view) return null;
  const svc = catalogue.data?.services.find((s) => s.id === view.serviceId);
  const req = view.request;
  const hasLetter = ['awaiting_signature', 'ready', 'collected'].includes(view.status) && view.completion === 'desa';
  return (
    <section className="panel request-detail" aria-labelledby="request-title" data-testid="request-detail" data-status={view.status}>
      <p>
        <button type="button" onClick={onBack} data-testid="request-back">
          ← {t('work.request.back')}
        </button>
      </p>
      <h2 id="request-title">
        <span className="mono">{view.registrationNo}</span> · {view.serviceTitle}
      </h2>
      <p className="status-line">
        <strong data-testid="request-status">{t(`status.${view.status}`)}</strong>
        {view.sla && (
          <>
            {' · '}
            {t('work.inbox.sla', { used: view.sla.used, days: view.sla.days, due: view.sla.dueDay })}
            {view.sla.breached && <strong className="flag"> {t('work.inbox.breached')}</strong>}
          </>
        )}
      </p>
      <p className="hint" data-testid="request-delivery">
        {view.relayAt && `${t('work.request.atRelay', { time: new Date(view.relayAt).toLocaleString('id-ID') })} · `}
        {view.deliveredAt ? t('work.request.atHub', { time: new Date(view.deliveredAt).toLocaleString('id-ID') }) : t('work.request.notAtHub')}
      </p>
      {view.completion === 'forward' && view.forwardTo && <p className="notice">{t('work.request.forward', { opd: view.forwardTo })}</p>}
      <div className="detail-grid">
        <div>
          <h3>{t('work.request.applicant')}</h3>
          {req ? (
            <dl className="facts" data-testid="request-applicant">
              <dt>NIK</dt>
              <dd className="mono">{req.applicant.nik}</dd>
              <dt>{t('work.walkIn.nama')}</dt>
              <dd>{req.applicant.nama}</dd>
              <dt>{t('work.walkIn.alamat')}</dt>
              <dd>{req.applicant.alamat}</dd>
              <dt>{t('work.request.queue')}</dt>
              <dd className="mono">{req.queueNo}</dd>
              <dt>{t('work.walkIn.tracking')}</dt>
              <dd className="mono">{view.trackingCode}</dd>
              <dt>{t('work.inbox.col.age')}</dt>
              <dd>
                {formatDateTime(view.createdAt, lang)} ·{' '}
                {req.channel === 'desk' && req.operator ? t('work.request.channel.desk', { operator: req.operator.name }) : t('work.request.channel.kiosk')}
              </dd>
            </dl>
          ) : (
            <p>{t('work.request.noRecord')}</p>
          )}
          {req && (
            <>
              <h3>{t('work.request.answers')}</h3>
              <dl className="facts" data-testid="request-answers">
                {Object.entries(req.answers).map(([k, v]) => {
                  const f = svc?.fields.find((x) => x.id === k);
                  return (
                    <div key={k}>
                      <dt>{f?.label ?? k}</dt>
                      <dd>{f ? answerLabel(f, v) : v}</dd>
                    </div>
                  );
                })}
              </dl>
              <h3>{t('work.request.requirements')}</h3>
              <p>{req.requirementsChecked.length === 0 ? t('work.request.none') : req.requirementsChecked.map((r) => svc?.requirements.find((x) => x.id === r)?.text ?? r).join('; ')}</p>
            </>
          )}
        </div>
        <div>
          <MovePanel view={view} onMoved={setView} />
          {hasLetter && <LetterPanel submissionId={view.id} status={view.status} />}
          <h3>{t('work.request.history')}</h3>
          <ol className="history" data-testid="request-history">
            {view.history.map((h, i) => (
              <li key={i} data-status={h.status} data-source={h.source}>
                <strong>{t(`status.${h.status}`)}</strong> · {formatDateTime(h.at, lang)}
                {h.actor && <> · {t('work.request.by', { actor: h.actor })}</>}
                {h.source === 'hub' && <> · {t('work.request.fromHub')}</>}
                {h.note && <div className="note">{h.note}</div>}
              </li>
            ))}
          </ol>
        </div>
      </div>
    </section>
  );
}
