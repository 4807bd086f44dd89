import type { Settings } from '../../../shared/domain/settings.js';
import type { MessageKey } from '../../../shared/i18n/index.js';
import { useQuery } from '../api/hooks.js';
import { AppHeader } from '../components/AppHeader.js';
import { HealthPanel } from '../components/HealthPanel.js';
import { SubmissionTable } from '../components/SubmissionTable.js';
import { useI18n } from '../i18n/i18n.js';
import { DeskProvider, useDesk, useDeskGate } from './auth/desk-session.js';
import { LoginScreen } from './auth/LoginScreen.js';
import { SetupScreen } from './auth/SetupScreen.js';
import { useAdminNav } from './AdminNav.js';
import { CardPanel } from './CardPanel.js';
import { DevicePanel } from './DevicePanel.js';
import { PrintJobsPanel } from './PrintJobsPanel.js';
import { SettingsPanel } from './SettingsPanel.js';
import { SyncPanel } from './SyncPanel.js';

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
  const admin = useAdminNav();
  return (
    <>
      <div className="desk-bar">
        <span data-testid="desk-user">{t('desk.user', { name: user.name, role: t(`desk.role.${user.role}` as MessageKey) })}</span>
        <button type="button" onClick={logout} data-testid="desk-logout">
          {t('desk.logout')}
        </button>
      </div>
      {admin.bar}
      {admin.screen ?? (
      <main className="operator-grid">
        <div>
          {can('requests.read') && <SubmissionTable limit={50} />}
          {can('print.manage') && <PrintJobsPanel />}
        </div>
        <aside>
          {can('sync.run') && <SyncPanel />}
          <DevicePanel />
          {can('requests.create') && <CardPanel />}
          <HealthPanel startedAt={startedAt} />
          {can('settings.manage') && <SettingsPanel settings={settings} />}
        </aside>
      </main>
      )}
    </>
  );
}
