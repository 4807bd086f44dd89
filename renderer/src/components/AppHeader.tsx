import type { AppInfo } from '../../../shared/api/calls/app.js';
import { useI18n } from '../i18n/i18n.js';

/** Office name, device role and the language switch: the same facts in both modes. */
export function AppHeader({ info }: { info: AppInfo }) {
  const { t, lang, setLang } = useI18n();
  return (
    <header className="app-header">
      <div>
        <h1 data-testid="office-name">{t('app.office', { desa: info.office.desa, kecamatan: info.office.kecamatan })}</h1>
        <p className="subtitle">
          <span data-testid="device-role">{t(info.role === 'kiosk' ? 'role.kiosk' : 'role.operator')}</span>
          {' · '}
          {t('app.tagline')}
        </p>
      </div>
      <button
        type="button"
        className="lang-switch"
        lang={lang === 'id' ? 'en' : 'id'}
        onClick={() => setLang(lang === 'id' ? 'en' : 'id')}
        data-testid="lang-switch"
      >
        {t('lang.switch')}
      </button>
    </header>
  );
}
