import { createContext, lazy, Suspense, useContext, type ReactNode } from 'react';
import type { Permission } from '../../../shared/api/access.js';
import type { Settings } from '../../../shared/domain/settings.js';
import type { MessageKey } from '../../../shared/i18n/index.js';
import { HealthPanel } from '../components/HealthPanel.js';
import { AuditScreen } from './audit/AuditScreen.js';
import { SubmissionTable } from '../components/SubmissionTable.js';
import { CardPanel } from './CardPanel.js';
import { CataloguePanel } from './CataloguePanel.js';
import { DevicePanel } from './DevicePanel.js';
import { InboxScreen } from './inbox/InboxScreen.js';
import { PrintJobsPanel } from './PrintJobsPanel.js';
import { SearchScreen } from './search/SearchScreen.js';
import { CounterScreen } from './queue/CounterScreen.js';
import { QueueAdminPanel } from './queue/QueueAdminPanel.js';
import { LinksEditor } from './LinksEditor.js';
import { DusunEditor } from './DusunEditor.js';
import { SettingsPanel } from './SettingsPanel.js';
import { SyncPanel } from './SyncPanel.js';
import { UsbScreen } from './usb/UsbScreen.js';
import { UsersScreen } from './users/UsersScreen.js';
import { WalkInScreen } from './walkin/WalkInScreen.js';

// The charts' library loads only when the Reports screen opens (the kiosk never loads it).
const ReportsScreen = lazy(() => import('./reports/ReportsScreen.js').then((m) => ({ default: m.ReportsScreen })));

/** What a screen may need from the desk around it. */
export interface ScreenContext {
  settings: Settings;
  startedAt: string;
  can: (p: Permission) => boolean;
}

export interface DeskScreen {
  id: string;
  label: MessageKey;
  /** Shown only to users who have it (null: every logged-in user). */
  permission: Permission | null;
  /** Alt+<key> opens it from anywhere on the desk. */
  key: string;
  render: (ctx: ScreenContext) => ReactNode;
}

/** The desk's screens, in tab order. Adding a screen is one line here. */
export const DESK_SCREENS: readonly DeskScreen[] = [
  { id: 'home', label: 'work.nav.home', permission: null, key: 'b', render: (c) => <HomeScreen {...c} /> },
  { id: 'walk-in', label: 'work.nav.walkIn', permission: 'requests.create', key: 'n', render: () => <WalkInScreen /> },
  { id: 'inbox', label: 'work.nav.inbox', permission: 'requests.read', key: 'k', render: () => <InboxScreen /> },
  { id: 'search', label: 'admin.nav.search', permission: 'requests.search', key: 'c', render: () => <SearchInDesk /> },
  { id: 'audit', label: 'admin.nav.audit', permission: 'audit.read', key: 'a', render: () => <AuditScreen /> },
  { id: 'users', label: 'admin.nav.users', permission: 'users.manage', key: 'u', render: () => <UsersScreen /> },
  { id: 'reports', label: 'work.nav.reports', permission: 'reports.read', key: 'r', render: () => <Suspense fallback={null}><ReportsScreen /></Suspense> },
  { id: 'counter', label: 'work.nav.counter', permission: 'queue.serve', key: 'l', render: () => <CounterScreen /> },
  // Alt+T ("sTik"): Alt+U is the users screen, Alt+F and Alt+E open the browser's menu.
  { id: 'usb', label: 'work.nav.usb', permission: 'sync.run', key: 't', render: () => <UsbScreen /> },
  {
    id: 'settings',
    label: 'work.nav.settings',
    permission: 'settings.manage',
    key: 's',
    render: (c) => (
      <>
        <SettingsPanel settings={c.settings} />
        <LinksEditor settings={c.settings} />
        <DusunEditor settings={c.settings} />
        <CataloguePanel />
        <QueueAdminPanel settings={c.settings} />
      </>
    ),
  },
];

/** A hit opens in the inbox's request view (moves, letter) for a user who may read requests; else a summary opens in place. */
function SearchInDesk() {
  const nav = useDeskNav();
  return <SearchScreen onOpen={(id) => nav.open('inbox', id)} />;
}

/** The register and the receipt queue: what the operator page showed before it had screens. */
function HomeScreen({ can }: ScreenContext) {
  return (
    <>
      {can('requests.read') && <SubmissionTable limit={50} />}
      {can('print.manage') && <PrintJobsPanel />}
    </>
  );
}

/** Always beside the screen: the devices, the card at the desk, sending, the store's health. */
export function StatusAside({ startedAt, can }: Pick<ScreenContext, 'startedAt' | 'can'>) {
  return (
    <aside className="desk-aside">
      {can('sync.run') && <SyncPanel />}
      <DevicePanel />
      {can('requests.create') && <CardPanel canReadRequests={can('requests.read')} />}
      <HealthPanel startedAt={startedAt} />
    </aside>
  );
}

export function visibleScreens(can: (p: Permission) => boolean): DeskScreen[] {
  return DESK_SCREENS.filter((s) => s.permission === null || can(s.permission));
}

/** Moving between screens from inside one (a saved walk-in opens its request in the inbox). */
export interface DeskNavigator {
  screen: string;
  /** The request the inbox shows in detail (null: the list). */
  requestId: string | null;
  open: (screen: string, requestId?: string | null) => void;
  /** Bumped by Alt+<key> on the screen already shown: a fresh walk-in form, the inbox list. */
  generation: number;
}

export const DeskNavContext = createContext<DeskNavigator | undefined>(undefined);

export function useDeskNav(): DeskNavigator {
  const ctx = useContext(DeskNavContext);
  if (!ctx) throw new Error('useDeskNav outside the desk');
  return ctx;
}
