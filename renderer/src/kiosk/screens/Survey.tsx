import { useEffect, useRef } from 'react';
import type { KioskReceipt } from '../../../../shared/api/calls/kiosk.js';
import { SKM_UNSUR, skmAnswerKey, skmQuestionKey } from '../../../../shared/catalogue/skm.js';
import { call } from '../../api/client.js';
import { useI18n } from '../../i18n/i18n.js';
import type { FlowEvent, FlowState } from '../flow/machine.js';
import { Nav } from '../parts/Nav.js';
import { useSpeak } from '../voice.js';

/** SKM (PermenPAN-RB 14/2017): offered once, nine questions, four answers each; sent when the last is answered. */
export function Survey({ survey, receipt, dispatch }: { survey: FlowState['survey']; receipt: KioskReceipt | undefined; dispatch: (e: FlowEvent) => void }) {
  const { t } = useI18n();
  const id = useRef(crypto.randomUUID());
  const u = survey.index >= 0 ? SKM_UNSUR[survey.index] : undefined;
  const speakKey = u ? skmQuestionKey(u) : 'kiosk.survey.speak';
  useSpeak([{ key: speakKey, text: t(speakKey) }]);
  const { sending, scores } = survey;
  useEffect(() => {
    if (!sending) return;
    void call('kiosk:survey', {
      id: id.current,
      serviceId: receipt?.serviceId ?? 'umum',
      ...(receipt ? { submissionId: receipt.submissionId } : {}),
      scores,
    })
      .catch(() => undefined)
      .finally(() => dispatch({ type: 'survey-sent' }));
  }, [sending, scores, receipt, dispatch]);

  if (!u) {
    return (
      <section className="screen" data-screen="survey">
        <h2>{t('kiosk.survey.title')}</h2>
        <p className="lead">{t('kiosk.survey.speak')}</p>
        <div className="choice-row">
          <button type="button" className="btn btn-secondary" onClick={() => dispatch({ type: 'survey-skip' })} data-testid="survey-skip">
            {t('kiosk.survey.skip')}
          </button>
          <button type="button" className="btn btn-primary" onClick={() => dispatch({ type: 'survey-start' })} data-testid="survey-start">
            {t('kiosk.survey.start')}
          </button>
        </div>
      </section>
    );
  }
  return (
    <section className="screen" data-screen="survey" data-unsur={u}>
      <p className="step">{t('kiosk.survey.step', { n: survey.index + 1 })}</p>
      <h2>{t(skmQuestionKey(u))}</h2>
      <ul className="choices">
        {([4, 3, 2, 1] as const).map((score) => (
          <li key={score}>
            <button type="button" className="choice" disabled={sending} onClick={() => dispatch({ type: 'survey-answer', score })} data-testid={`skm-${score}`}>
              <span className="choice-mark" aria-hidden="true">
                {'★'.repeat(score)}
              </span>
              {t(skmAnswerKey(u, score))}
            </button>
          </li>
        ))}
      </ul>
      <Nav onBack={sending ? undefined : () => dispatch({ type: 'back' })} />
    </section>
  );
}
