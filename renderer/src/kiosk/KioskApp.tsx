import { useCallback, useEffect, useRef, useState } from 'react';
import type { Settings } from '../../../shared/domain/settings.js';
import { call } from '../api/client.js';
import { useQuery } from '../api/hooks.js';
import { AppHeader } from '../components/AppHeader.js';
import { useI18n } from '../i18n/i18n.js';
import '../styles/kiosk.css';
import { KioskSession, type Screen } from './Session.js';
import { useSpeak, useVoice, VoiceProvider } from './voice.js';

/**
 * Kiosk mode: touch only, large text, spoken. The resident's whole visit lives inside one
 * <KioskSession>; wiping it means remounting the tree with a new key and clearing everything
 * the browser could keep (history entry, storage, caches), then asking the core to forget.
 */
export function KioskApp({ settings }: { settings: Settings }) {
  const [sessionKey, setSessionKey] = useState(0);
  const wipe = useCallback(() => {
    setSessionKey((k) => k + 1);
    void wipeBrowserTraces();
    void call('kiosk:end-session', {}).catch(() => undefined);
  }, []);
  return (
    <VoiceProvider key={sessionKey}>
      <KioskFrame settings={settings} onWipe={wipe} sessionKey={sessionKey} />
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

function KioskFrame({ settings, onWipe, sessionKey }: { settings: Settings; onWipe: () => void; sessionKey: number }) {
  const { t, lang } = useI18n();
  const info = useQuery('app:info', {}, ['settings:changed']);
  const catalogue = useQuery('catalogue:list', {}, ['catalogue:changed']);
  const [screen, setScreen] = useState<Screen>('welcome');
  const [largeText, setLargeText] = useState(false);
  const [idleWarning, setIdleWarning] = useState<number | null>(null);
  const lastTouch = useRef(Date.now());

  // Idle: after idleTimeoutSeconds without a touch, warn for idleCountdownSeconds, then wipe.
  useEffect(() => {
    const touch = (): void => {
      lastTouch.current = Date.now();
    };
    window.addEventListener('pointerdown', touch, true);
    window.addEventListener('keydown', touch, true);
    const timer = setInterval(() => {
      if (screen === 'welcome' && !largeText) {
        setIdleWarning(null);
        return;
      }
      const idle = (Date.now() - lastTouch.current) / 1000;
      if (idle < settings.idleTimeoutSeconds) {
        setIdleWarning(null);
        return;
      }
      const left = Math.ceil(settings.idleTimeoutSeconds + settings.idleCountdownSeconds - idle);
      if (left <= 0) {
        setIdleWarning(null);
        lastTouch.current = Date.now();
        onWipe();
      } else setIdleWarning(left);
    }, 1000);
    return () => {
      clearInterval(timer);
      window.removeEventListener('pointerdown', touch, true);
      window.removeEventListener('keydown', touch, true);
    };
  }, [screen, largeText, settings.idleTimeoutSeconds, settings.idleCountdownSeconds, onWipe]);

  const onScreen = useCallback((s: Screen) => setScreen(s), []);
  if (!info.data) return null;
  return (
    <div className={`mode-kiosk ${largeText ? 'large-text' : ''}`} lang={lang} data-testid="mode-kiosk" data-session={sessionKey} data-screen={screen}>
      <AppHeader info={info.data} />
      <main className="kiosk-main" aria-hidden={idleWarning !== null ? true : undefined}>
        {catalogue.data ? (
          <KioskSession key={sessionKey} services={catalogue.data.services} onScreen={onScreen} onFinished={onWipe} />
        ) : (
          <p className="lead">{t('app.loading')}</p>
        )}
      </main>
      <Toolbar largeText={largeText} setLargeText={setLargeText} hidden={idleWarning !== null} />
      {idleWarning !== null && (
        <IdleWarning
          seconds={idleWarning}
          onStay={() => {
            lastTouch.current = Date.now();
            setIdleWarning(null);
          }}
        />
      )}
    </div>
  );
}

function Toolbar({ largeText, setLargeText, hidden }: { largeText: boolean; setLargeText: (v: boolean) => void; hidden: boolean }) {
  const { t } = useI18n();
  const voice = useVoice();
  return (
    <nav className="toolbar" aria-label={t('kiosk.tool.repeat')} aria-hidden={hidden ? true : undefined}>
      <button type="button" className="tool" onClick={voice.repeat} data-testid="tool-repeat">
        <span aria-hidden="true">↻ </span>
        {t('kiosk.tool.repeat')}
      </button>
      <button type="button" className="tool" onClick={() => voice.setVolume(voice.volume - 1)} data-testid="tool-volume-down" disabled={!voice.enabled}>
        {t('kiosk.tool.volumeDown')}
      </button>
      <span className="tool-volume" data-testid="volume">{t('kiosk.tool.volume', { level: voice.volume })}</span>
      <button type="button" className="tool" onClick={() => voice.setVolume(voice.volume + 1)} data-testid="tool-volume-up" disabled={!voice.enabled}>
        {t('kiosk.tool.volumeUp')}
      </button>
      <button type="button" className="tool" aria-pressed={!voice.enabled} onClick={() => voice.setEnabled(!voice.enabled)} data-testid="tool-voice">
        {voice.enabled ? t('kiosk.tool.voiceOff') : t('kiosk.tool.voiceOn')}
      </button>
      <button type="button" className="tool" aria-pressed={largeText} onClick={() => setLargeText(!largeText)} data-testid="tool-large">
        {largeText ? t('kiosk.tool.normalText') : t('kiosk.tool.largeText')}
      </button>
    </nav>
  );
}

function IdleWarning({ seconds, onStay }: { seconds: number; onStay: () => void }) {
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

