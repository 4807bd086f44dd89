import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { AuditScreen } from './audit/AuditScreen.js';
import { useDesk } from './auth/desk-session.js';
import { SearchScreen } from './search/SearchScreen.js';
import { UsersScreen } from './users/UsersScreen.js';

type View = 'desk' | 'search' | 'audit' | 'users';

/**
 * Until the desk's own navigation (OperatorApp) names these screens, this bar reaches them:
 * search for whoever may search, audit and users for the admin. `screen` is null on the desk.
 */
export function useAdminNav(): { bar: ReactNode; screen: ReactNode | null } {
  const { t } = useI18n();
  const { can } = useDesk();
  const [view, setView] = useState<View>('desk');
  const tabs: { id: View; label: string; shown: boolean }[] = [
    { id: 'desk', label: t('admin.nav.desk'), shown: true },
    { id: 'search', label: t('admin.nav.search'), shown: can('requests.search') },
    { id: 'audit', label: t('admin.nav.audit'), shown: can('audit.read') },
    { id: 'users', label: t('admin.nav.users'), shown: can('users.manage') },
  ];
  const bar = (
    <nav className="desk-tabs" aria-label={t('admin.nav.desk')}>
      {tabs
        .filter((x) => x.shown)
        .map((x) => (
          <button key={x.id} type="button" aria-current={view === x.id ? 'page' : undefined} onClick={() => setView(x.id)} data-testid={`nav-${x.id}`}>
            {x.label}
          </button>
        ))}
    </nav>
  );
  const screen = view === 'search' ? <SearchScreen /> : view === 'audit' ? <AuditScreen /> : view === 'users' ? <UsersScreen /> : null;
  return { bar, screen: screen && <main className="desk-screen">{screen}</main> };
}
