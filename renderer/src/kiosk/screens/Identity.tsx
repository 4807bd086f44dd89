import { useI18n } from '../../i18n/i18n.js';
import type { FlowEvent } from '../flow/machine.js';
import { CardTapIcon } from '../icons.js';
import { Nav } from '../parts/Nav.js';
import { Problem } from '../parts/Problem.js';
import { useSpeak } from '../voice.js';

/** Who applies: tap the e-KTP, or type the NIK. */
export function Identity({ cardError, dispatch }: { cardError: boolean; dispatch: (e: FlowEvent) => void }) {
  const { t } = useI18n();
  useSpeak([{ key: 'kiosk.identity.speak', text: t('kiosk.identity.speak') }]);
  return (
    <section className="screen screen-identity" data-screen="identity">
      <h2>{t('kiosk.identity.title')}</h2>
      <div className="card-prompt">
        <CardTapIcon />
        <p className="lead">{t('kiosk.welcome.card')}</p>
      </div>
      {cardError && <Problem problem={{ key: 'kiosk.card.failed' }} />}
      <p className="or">{t('kiosk.welcome.or')}</p>
      <button type="button" className="btn btn-primary btn-wide" onClick={() => dispatch({ type: 'type-nik' })} data-testid="identity-nik">
        {t('kiosk.identity.typeNik')}
      </button>
      <Nav onBack={() => dispatch({ type: 'back' })} />
    </section>
  );
}
