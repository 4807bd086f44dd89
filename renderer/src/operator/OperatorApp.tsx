import { useCallback, useEffect, useState } from 'react';
import type { Settings } from '../../../shared/domain/settings.js';
import type { MessageKey } from '../../../shared/i18n/index.js';
import { useQuery } from '../api/hooks.js';
import { AppHeader } from '../components/AppHeader.js';
import { useI18n } from '../i18n/i18n.js';
import { DeskProvider, useDesk, useDeskGate } from './auth/desk-session.js';
import { LoginScreen } from './auth/LoginScreen.js';
import { SetupScreen } from './auth/SetupScreen.js';
import { DeskNavContext, StatusAside, visibleScreens, type DeskNavigator } from './desk-nav.js';
import '../styles/desk.css';

/** Operator mode: keyboard first, dense. Nothing of the register shows before a login. */
export function OperatorApp({ settings }: { settings: Settings }) {
  const { lang } = useI18n();
  const info = useQuery('app:info', {}, ['settings:changed']);
  const gate = useDeskGate();
  if (!info.data) return null;
  return (
    <div className="mode-operator" lang={lang} data-testid="mode-operator">
      <AppHeader info={info.data} />
      {gate.state.kind === 'setup' && <SetupScreen onIn={gate.signedIn} />}
      {gate.state.kind === 'login' && <LoginScreen locked={gate.state.locked} minutes={settings.deskLockMinutes} onIn={gate.signedIn} />}
      {gate.state.kind === 'in' && (
        <DeskProvider status={gate.state.status} onLogout={gate.lock}>
          <Desk settings={settings} startedAt={info.data.startedAt} />
        </DeskProvider>
      )}
    </div>
  );
}

function Desk({ settings, startedAt }: { settings: Settings; startedAt: string }) {
  const { t } = useI18n();
  const { user, can, logout } = useDesk();
  const screens = visibleScreens(can);
  const [at, setAt] = useState<{ screen: string; requestId: string | null; generation: number }>({
    screen: screens[0]?.id ?? 'home',
    requestId: null,
    generation: 0,
  });
  const open = useCallback((screen: string, requestId: string | null = null) => {
    setAt((prev) => ({ screen, requestId, generation: prev.generation + 1 }));
  }, []);
  // Alt+<key> from anywhere, also while typing in a field: the desk is driven by keyboard all day.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const target = screens.find((s) => s.key === e.key.toLowerCase() || `Key${s.key.toUpperCase()}` === e.code);
      if (!target) return;
      e.preventDefault();
      open(target.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [screens, open]);
  const current = screens.find((s) => s.id === at.screen) ?? screens[0];
  const nav: DeskNavigator = { ...at, open };
  return (
    <DeskNavContext.Provider value={nav}>
      <div className="desk-bar">
        <nav className="desk-nav" aria-label={t('work.nav.label')} data-testid="desk-nav">
          {screens.map((s) => (
            <button
              key={s.id}
              type="button"
              aria-current={s.id === current?.id ? 'page' : undefined}
              aria-keyshortcuts={`Alt+${s.key.toUpperCase()}`}
              onClick={() => open(s.id)}
              data-testid={`nav-${s.id}`}
            >
              {t(s.label)} <kbd>{t('work.nav.shortcut', { key: s.key.toUpperCase() })}</kbd>
            </button>
          ))}
        </nav>
        <span data-testid="desk-user">{t('desk.user', { name: user.name, role: t(`desk.role.${user.role}` as MessageKey) })}</span>
        <button type="button" onClick={logout} data-testid="desk-logout">
          {t('desk.logout')}
        </button>
      </div>
      <div className="desk-body">
        <main className="desk-main" data-screen={current?.id} key={`${current?.id}-${at.generation}`}>
          {current?.render({ settings, startedAt, can })}
        </main>
        <StatusAside startedAt={startedAt} can={can} />
      </div>
    </DeskNavContext.Provider>
  );
}
