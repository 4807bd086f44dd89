import { useEffect } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import type { FlowEvent } from '../flow/machine.js';
import { useSpeak } from '../voice.js';

/** "Terima kasih": the screen clears itself after 10 seconds, or at once with "Selesai". */
export function Done({ dispatch }: { dispatch: (e: FlowEvent) => void }) {
  const { t } = useI18n();
  useSpeak([{ key: 'kiosk.done.speak', text: t('kiosk.done.speak') }]);
  useEffect(() => {
    const timer = setTimeout(() => dispatch({ type: 'finish' }), 10_000);
    return () => clearTimeout(timer);
  }, [dispatch]);
  return (
    <section className="screen screen-done" data-screen="done">
      <h2>{t('kiosk.done.title')}</h2>
      <p className="lead">{t('kiosk.done.text')}</p>
      <button type="button" className="btn btn-primary btn-huge" onClick={() => dispatch({ type: 'finish' })} data-testid="done">
        {t('kiosk.done.home')}
      </button>
    </section>
  );
}
