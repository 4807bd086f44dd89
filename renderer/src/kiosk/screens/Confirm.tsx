import type { Applicant } from '../../../../shared/domain/request.js';
import { useI18n } from '../../i18n/i18n.js';
import { groupNik } from '../flow/applicant.js';
import type { FlowEvent } from '../flow/machine.js';
import { Nav } from '../parts/Nav.js';
import { useSpeak } from '../voice.js';

/** "Apakah data ini benar?": the identity read or typed, before anything is asked. */
export function Confirm({ applicant, dispatch }: { applicant: Applicant; dispatch: (e: FlowEvent) => void }) {
  const { t } = useI18n();
  useSpeak([{ key: 'kiosk.confirm.speak', text: t('kiosk.confirm.speak') }]);
  const outside = !applicant.nik.startsWith('3604');
  return (
    <section className="screen screen-confirm" data-screen="confirm">
      <h2>{t('kiosk.confirm.title')}</h2>
      <dl className="facts" data-testid="applicant">
        <dt>{t('kiosk.confirm.name')}</dt>
        <dd data-testid="applicant-name">{applicant.nama}</dd>
        <dt>{t('kiosk.confirm.address')}</dt>
        <dd data-testid="applicant-address">{applicant.alamat}</dd>
        <dt>{t('kiosk.confirm.nik')}</dt>
        <dd className="mono">{groupNik(applicant.nik)}</dd>
      </dl>
      <p className="hint" data-testid="identity-source">
        {t(applicant.source === 'card' ? 'kiosk.confirm.fromCard' : 'kiosk.confirm.typed')}
      </p>
      {outside && <p className="hint">{t('kiosk.nik.warnRegion')}</p>}
      <div className="choice-row">
        <button type="button" className="btn btn-secondary" onClick={() => dispatch({ type: 'confirm-no' })} data-testid="confirm-no">
          {t('kiosk.confirm.no')}
        </button>
        <button type="button" className="btn btn-primary" onClick={() => dispatch({ type: 'confirm-yes' })} data-testid="confirm-yes">
          <span aria-hidden="true">✓ </span>
          {t('kiosk.confirm.yes')}
        </button>
      </div>
      <Nav onBack={() => dispatch({ type: 'back' })} />
    </section>
  );
}
