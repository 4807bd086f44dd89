import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { useSpeak } from './voice.js';

/** Full screen, spoken: "Apakah Anda masih di sini?" with the seconds left before the wipe. */
export function IdleWarning({ seconds, onStay }: { seconds: number; onStay: () => void }) {
  const { t } = useI18n();
  useSpeak([{ key: 'kiosk.idle.speak', text: t('kiosk.idle.speak') }]);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  return (
    <div className="idle-overlay" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-text" data-testid="idle-warning">
      <h2 id="idle-title">{t('kiosk.idle.title')}</h2>
      <p id="idle-text" className="lead">
        {t('kiosk.idle.text', { seconds })}
      </p>
      <p className="idle-count" aria-hidden="true" data-testid="idle-seconds">
        {seconds}
      </p>
      <button ref={button} type="button" className="btn btn-primary btn-huge" onClick={onStay} data-testid="idle-stay">
        {t('kiosk.idle.stay')}
      </button>
    </div>
  );
}
