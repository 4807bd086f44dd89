import type { Settings } from '../../../shared/domain/settings.js';
import { useQuery } from '../api/hooks.js';
import { AppHeader } from '../components/AppHeader.js';
import { HealthPanel } from '../components/HealthPanel.js';
import { SubmissionTable } from '../components/SubmissionTable.js';
import { useI18n } from '../i18n/i18n.js';
import { CardPanel } from './CardPanel.js';
import { DevicePanel } from './DevicePanel.js';
import { PrintJobsPanel } from './PrintJobsPanel.js';
import { SettingsPanel } from './SettingsPanel.js';
import { SyncPanel } from './SyncPanel.js';

/** Operator mode: keyboard first, dense. Queue, search, reprint and reports are built on this frame. */
export function OperatorApp({ settings }: { settings: Settings }) {
  const { lang } = useI18n();
  const info = useQuery('app:info', {}, ['settings:changed']);
  if (!info.data) return null;
  return (
    <div className="mode-operator" lang={lang} data-testid="mode-operator">
      <AppHeader info={info.data} />
      <main className="operator-grid">
        <div>
          <SubmissionTable limit={50} />
          <PrintJobsPanel />
        </div>
        <aside>
          <SyncPanel />
          <DevicePanel />
          <CardPanel />
          <HealthPanel startedAt={info.data.startedAt} />
          <SettingsPanel settings={settings} />
        </aside>
      </main>
    </div>
  );
}
