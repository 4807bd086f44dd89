import { useI18n } from '../../i18n/i18n.js';
import type { FlowEvent } from '../flow/machine.js';
import { CardTapIcon } from '../icons.js';
import { Problem } from '../parts/Problem.js';
import { useSpeak } from '../voice.js';

/** The first screen: tap an e-KTP, type a NIK, or pick what to do (a request, a queue number only, a status, a complaint, a letter check). */
export function Welcome({ cardError, dispatch }: { cardError: boolean; dispatch: (e: FlowEvent) => void }) {
  const { t } = useI18n();
  useSpeak([{ key: 'kiosk.welcome.speak', text: t('kiosk.welcome.speak') }]);
  return (
    <section className="screen screen-welcome" data-screen="welcome">
      <h2>{t('kiosk.welcome.title')}</h2>
      <div className="welcome-grid">
        <div className="welcome-identity">
          <div className="card-prompt" data-testid="card-prompt">
            <CardTapIcon />
            <p className="lead">{t('kiosk.welcome.card')}</p>
          </div>
          {cardError && <Problem problem={{ key: 'kiosk.card.failed' }} />}
          <p className="or">{t('kiosk.welcome.or')}</p>
          <button type="button" className="btn btn-secondary btn-wide" onClick={() => dispatch({ type: 'type-nik' })} data-testid="welcome-nik">
            {t('kiosk.welcome.nik')}
          </button>
          <button type="button" className="btn btn-primary btn-huge" onClick={() => dispatch({ type: 'queue' })} data-testid="welcome-queue">
            {t('kiosk.btn.queue')}
          </button>
        </div>
        <div className="big-buttons">
          <button type="button" className="btn btn-primary btn-huge" onClick={() => dispatch({ type: 'apply' })} data-testid="welcome-apply">
            {t('kiosk.btn.apply')}
          </button>
          <button type="button" className="btn btn-primary btn-huge" onClick={() => dispatch({ type: 'check-status' })} data-testid="welcome-status">
            {t('kiosk.btn.status')}
          </button>
          <button type="button" className="btn btn-primary btn-huge" onClick={() => dispatch({ type: 'complaint' })} data-testid="welcome-complaint">
            {t('kiosk.btn.complaint')}
          </button>
          <button type="button" className="btn btn-secondary btn-huge" onClick={() => dispatch({ type: 'verify-letter' })} data-testid="welcome-verify-letter">
            {t('kiosk.btn.verifyLetter')}
          </button>
        </div>
      </div>
    </section>
  );
}
