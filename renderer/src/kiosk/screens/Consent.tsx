import { useState } from 'react';
import { CONSENT_VERSION } from '../../../../shared/catalogue/consent.js';
import { useI18n } from '../../i18n/i18n.js';
import type { FlowEvent } from '../flow/machine.js';
import { Nav } from '../parts/Nav.js';
import { Problem } from '../parts/Problem.js';
import { useSpeak } from '../voice.js';

/** The personal-data statement (UU 27/2022) and the resident's yes; a no explains where to go instead. */
export function Consent({ dispatch }: { dispatch: (e: FlowEvent) => void }) {
  const { t } = useI18n();
  const [refused, setRefused] = useState(false);
  useSpeak([
    { key: 'kiosk.consent.text', text: t('kiosk.consent.text') },
    { key: 'kiosk.consent.question', text: t('kiosk.consent.question') },
  ]);
  return (
    <section className="screen screen-split" data-screen="consent">
      <div className="split-a">
        <h2>{t('kiosk.consent.title')}</h2>
        <p className="statement" data-testid="consent-text" data-version={CONSENT_VERSION}>
          {t('kiosk.consent.text')}
        </p>
      </div>
      <div className="split-b">
        <p className="lead">{t('kiosk.consent.question')}</p>
        {refused && <Problem problem={{ key: 'kiosk.consent.refused' }} />}
        <div className="choice-row">
          <button type="button" className="btn btn-secondary" onClick={() => setRefused(true)} data-testid="consent-no">
            {t('kiosk.consent.disagree')}
          </button>
          <button type="button" className="btn btn-primary" onClick={() => dispatch({ type: 'consent-agreed' })} data-testid="consent-yes">
            <span aria-hidden="true">✓ </span>
            {t('kiosk.consent.agree')}
          </button>
        </div>
        <Nav onBack={() => dispatch({ type: 'back' })} />
      </div>
    </section>
  );
}
