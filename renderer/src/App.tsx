import { useEffect, useState } from 'react';
import type { Settings } from '../../shared/domain/settings.js';
import { t } from '../../shared/i18n/index.js';
import { api, call, onConnectionChange } from './api/client.js';
import { I18nProvider } from './i18n/i18n.js';
import { KioskApp } from './kiosk/KioskApp.js';
import { OperatorApp } from './operator/OperatorApp.js';

/** Loads the device's settings, then shows the mode its role names: kiosk (touch) or operator (desk). */
export function App() {
  const [settings, setSettings] = useState<Settings>();
  const [failure, setFailure] = useState<string>();

  useEffect(() => {
    const load = (): void => {
      call('settings:get', {}).then(setSettings, (err: { code?: string }) =>
        setFailure(err.code === 'unauthorized' ? t('id', 'error.unauthorized') : t('id', 'error.internal')),
      );
    };
    load();
    const offChanged = api.on('settings:changed', setSettings);
    const offConnection = onConnectionChange((connected) => connected && load());
    return () => {
      offChanged();
      offConnection();
    };
  }, []);

  if (failure) return <main className="fatal" role="alert">{failure}</main>;
  if (!settings) return <main className="loading" aria-busy="true">{t('id', 'app.loading')}</main>;
  // A page opened as ?mode=desk (or kiosk) keeps that mode; otherwise the device's role decides.
  const mode = new URLSearchParams(location.search).get('mode') ?? (settings.role === 'kiosk' ? 'kiosk' : 'desk');
  return (
    <I18nProvider initial={settings.language} key={settings.role}>
      {mode === 'kiosk' ? <KioskApp settings={settings} /> : <OperatorApp settings={settings} />}
    </I18nProvider>
  );
}
