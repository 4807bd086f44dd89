import { useRef } from 'react';
import { answerLabel, visibleFields } from '../../../../shared/catalogue/answers.js';
import { ApiFailure } from '../../../../shared/api/result.js';
import { call } from '../../api/client.js';
import { PagedList } from '../../components/Pager.js';
import { useI18n } from '../../i18n/i18n.js';
import { requestDraft, type FlowEvent, type FlowState } from '../flow/machine.js';
import { Nav } from '../parts/Nav.js';
import { Problem } from '../parts/Problem.js';
import { useSpeak } from '../voice.js';

/** Everything answered, each with "Ubah", and the submit. One id per visit, so a retried submit is stored once. */
export function Review({ flow, dispatch }: { flow: FlowState; dispatch: (e: FlowEvent) => void }) {
  const { t } = useI18n();
  const id = useRef(crypto.randomUUID());
  useSpeak([{ key: 'kiosk.review.speak', text: t('kiosk.review.speak') }]);
  const { service, applicant, answers, submit } = flow;
  if (!service || !applicant) return null;
  const fields = visibleFields(service, answers);
  const busy = submit === 'busy';
  const send = async (): Promise<void> => {
    const draft = requestDraft(flow, id.current);
    if (!draft) return;
    dispatch({ type: 'submit-start' });
    try {
      dispatch({ type: 'submit-ok', receipt: await call('kiosk:submit', draft) });
    } catch (err) {
      // A full or unwritable disk is the staff's to fix: the resident is told so, not to try again.
      const code = err instanceof ApiFailure ? err.code : '';
      dispatch({ type: 'submit-failed', storage: code === 'storage_full' || code === 'storage_read_only' });
    }
  };
  return (
    <section className="screen screen-review" data-screen="review">
      <h2 id="review-title">{t('kiosk.review.title')}</h2>
      <dl className="facts">
        <dt>{t('kiosk.review.service')}</dt>
        <dd data-testid="review-service">{service.title}</dd>
        <dt>{t('kiosk.review.applicant')}</dt>
        <dd>{applicant.nama}</dd>
      </dl>
      <PagedList
        items={fields.map((f, i) => ({ f, i }))}
        itemKey={({ f }) => f.id}
        className="review-list"
        labelledBy="review-title"
        render={({ f, i }) => (
          <div className="review-item">
            <span className="review-q">{f.label}</span>
            <span className="review-a">{answers[f.id] ? answerLabel(f, answers[f.id]!) : '–'}</span>
            <button type="button" className="btn btn-secondary btn-small" disabled={busy} onClick={() => dispatch({ type: 'edit', fieldIndex: i })} data-testid={`edit-${f.id}`}>
              {t('kiosk.review.edit')}
            </button>
          </div>
        )}
        footer={(pager) => (
          <>
            {busy && (
              <p className="lead" role="status">
                {t('kiosk.review.busy')}
              </p>
            )}
            {submit === 'failed' && <Problem problem={{ key: 'kiosk.review.failed' }} />}
            {submit === 'storage' && <Problem problem={{ key: 'kiosk.review.storage' }} />}
            <Nav onBack={busy ? undefined : () => dispatch({ type: 'back' })} pager={pager}>
              <button type="button" className="btn btn-primary" disabled={busy} data-testid="submit" onClick={() => void send()}>
                {t('kiosk.review.submit')}
                <span aria-hidden="true"> ✓</span>
              </button>
            </Nav>
          </>
        )}
      />
    </section>
  );
}
