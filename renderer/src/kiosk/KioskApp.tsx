import { useCallback, useEffect, useReducer, useState } from 'react';
import type { Settings } from '../../../shared/domain/settings.js';
import { call } from '../api/client.js';
import { useQuery } from '../api/hooks.js';
import { AppHeader } from '../components/AppHeader.js';
import { useI18n } from '../i18n/i18n.js';
import '../styles/kiosk.css';
import '../styles/kiosk-screens.css';
import { onCardRead } from './devices.js';
import { initialFlow, reduce, type FlowEvent, type FlowState } from './flow/machine.js';
import { useIdle } from './idle.js';
import { IdleWarning } from './IdleWarning.js';
import { installKioskLockdown } from './lockdown.js';
import { KioskSession } from './Session.js';
import { Toolbar } from './Toolbar.js';
import { VoiceProvider } from './voice.js';

/**
 * Kiosk mode: touch only, large text, spoken. The resident's whole visit is the flow state
 * (flow/machine.ts); any end of a visit (done, home, idle) replaces it with a fresh one and
 * remounts the tree below, then clears what the browser could keep and asks the core to forget.
 */
export function KioskApp({ settings }: { settings: Settings }) {
  const [flow, dispatch] = useReducer(reduce, 0, initialFlow);
  useEffect(() => onCardRead((card) => dispatch({ type: 'card-read', biodata: card.biodata })), []);
  useEffect(() => installKioskLockdown(), []);
  useEffect(() => {
    if (flow.session === 0) return;
    void wipeBrowserTraces();
    void call('kiosk:end-session', {}).catch(() => undefined);
  }, [flow.session]);
  return (
    <VoiceProvider key={flow.session} initialVolume={settings.voiceVolume}>
      <KioskFrame settings={settings} flow={flow} dispatch={dispatch} />
    </VoiceProvider>
  );
}

async function wipeBrowserTraces(): Promise<void> {
  history.replaceState(null, '', location.pathname);
  try {
    sessionStorage.clear();
    localStorage.clear();
  } catch {
    /* storage may be unavailable */
  }
  if ('caches' in window) {
    for (const name of await caches.keys()) await caches.delete(name);
  }
  delete document.documentElement.dataset['prompt'];
  delete document.documentElement.dataset['speaking'];
}

function KioskFrame({ settings, flow, dispatch }: { settings: Settings; flow: FlowState; dispatch: (e: FlowEvent) => void }) {
  const { t, lang } = useI18n();
  const info = useQuery('app:info', {}, ['settings:changed']);
  const catalogue = useQuery('catalogue:list', {}, ['catalogue:changed']);
  const [largeText, setLargeText] = useState(false);
  const screen = flow.step.screen;
  const wipe = useCallback(() => dispatch({ type: 'idle-wipe' }), [dispatch]);
  const idle = useIdle(screen !== 'welcome' || largeText, settings, wipe);
  if (!info.data) return null;
  return (
    <div className={`mode-kiosk ${largeText ? 'large-text' : ''}`} lang={lang} data-testid="mode-kiosk" data-session={flow.session} data-screen={screen}>
      <AppHeader info={info.data} />
      <main className="kiosk-main" aria-hidden={idle.warning !== null ? true : undefined}>
        {catalogue.data ? <KioskSession flow={flow} dispatch={dispatch} catalogue={catalogue.data} /> : <p className="lead">{t('app.loading')}</p>}
      </main>
      <Toolbar largeText={largeText} setLargeText={setLargeText} hidden={idle.warning !== null} />
      {idle.warning !== null && <IdleWarning seconds={idle.warning} onStay={idle.stay} />}
    </div>
  );
}
