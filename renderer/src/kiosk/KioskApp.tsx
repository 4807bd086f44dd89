import type { Settings } from '../../../shared/domain/settings.js';
import { useQuery } from '../api/hooks.js';
import { AppHeader } from '../components/AppHeader.js';
import { HealthPanel } from '../components/HealthPanel.js';
import { SubmissionTable } from '../components/SubmissionTable.js';
import { useI18n } from '../i18n/i18n.js';

/** Kiosk mode: touch only, large text. The resident-facing flow is built on this frame. */
export function KioskApp(_props: { settings: Settings }) {
  const { t, lang } = useI18n();
  const info = useQuery('app:info', {}, ['settings:changed']);
  if (!info.data) return null;
  return (
    <div className="mode-kiosk" lang={lang} data-testid="mode-kiosk">
      <AppHeader info={info.data} />
      <main>
        <section className="welcome">
          <h2>{t('kiosk.welcome')}</h2>
          <p>{t('kiosk.welcome.help')}</p>
        </section>
        <HealthPanel startedAt={info.data.startedAt} />
        <SubmissionTable limit={5} />
      </main>
    </div>
  );
}
