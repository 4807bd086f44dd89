import { useCallback, useEffect, useState } from 'react';
import type { ConsoleMe } from '../../../shared/console/api.js';
import { ct } from '../../../shared/i18n/console-id.js';
import { api, ConsoleApiError, setCsrf } from './api.js';
import { consoleError, type ErrorView } from './error-text.js';
import { FieldError, invalidProps } from './FieldError.js';
import { Inbox } from './Inbox.js';
import { RequestView } from './RequestView.js';
import { Devices } from './Devices.js';
import { Catalogue } from './Catalogue.js';
import { Complaints } from './Complaints.js';
import { Dashboard } from './Dashboard.js';
import { Escalations } from './Escalations.js';
import { Users } from './Users.js';
import { Audit } from './Audit.js';

type Screen = { name: 'inbox' } | { name: 'detail'; id: string } | { name: 'devices' } | { name: 'catalogue' } | { name: 'complaints' } | { name: 'escalations' } | { name: 'dashboard' } | { name: 'users' } | { name: 'audit' };

/** The agencies' console: login, then the inbox (agency staff) and devices and catalogue (the kabupaten admin). */
export function ConsoleApp() {
  const [me, setMe] = useState<ConsoleMe | null>(null);
  const [checked, setChecked] = useState(false);
  const [screen, setScreen] = useState<Screen>({ name: 'inbox' });
  const [notice, setNotice] = useState<string | null>(null);
  const [escalated, setEscalated] = useState<number | null>(null);

  const adopt = (m: ConsoleMe | null) => {
    setCsrf(m?.csrf ?? '');
    setMe(m);
  };
  useEffect(() => {
    api<ConsoleMe>('GET', '/me').then(adopt, () => adopt(null)).finally(() => setChecked(true));
  }, []);
  // A call refused as unauthenticated means the hub ended the session (idle logout).
  const onError = useCallback((err: unknown) => {
    if (err instanceof ConsoleApiError && err.status === 401) {
      adopt(null);
      setNotice(ct('console.idle'));
    }
  }, []);

  // Idle logout on the screen too: after the hub's idle time without a key or a click, the session ends and
  // the personal data on the screen goes with it (the hub ends the session by itself as well).
  useEffect(() => {
    if (!me) return;
    let timer: ReturnType<typeof setTimeout>;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        void api('POST', '/logout', {}).catch(() => undefined);
        adopt(null);
        setNotice(ct('console.idle'));
      }, me.idleSeconds * 1000);
    };
    const events = ['keydown', 'pointerdown', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, arm, { passive: true });
    arm();
    return () => {
      clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, arm);
    };
  }, [me]);

  // The head of unit is told of breaches as they sign in: a count on the Eskalasi tab.
  useEffect(() => {
    if (me && (me.user.role === 'head' || me.user.role === 'admin'))
      api<{ requests: { total: number }; complaints: { total: number } }>('GET', '/escalations').then(
        (x) => setEscalated(x.requests.total + x.complaints.total),
        () => setEscalated(null),
      );
  }, [me]);
  if (!checked) return null;
  if (!me) return <Login notice={notice} onIn={(m) => (adopt(m), setNotice(null), setScreen({ name: 'inbox' }))} />;
  const admin = me.user.role === 'admin';
  const head = admin || me.user.role === 'head';
  const nav: [Screen['name'], string][] = [
    ['inbox', ct('console.nav.inbox')],
    ['complaints', ct('console.nav.complaints')],
    ...(head ? ([['escalations', `${ct('console.nav.escalations')}${escalated ? ` (${escalated})` : ''}`]] as [Screen['name'], string][]) : []),
    ['dashboard', ct('console.nav.dashboard')],
    ...(admin
      ? ([
          ['devices', ct('console.nav.devices')],
          ['catalogue', ct('console.nav.catalogue')],
          ['users', ct('console.nav.users')],
          ['audit', ct('console.nav.audit')],
        ] as [Screen['name'], string][])
      : []),
  ];
  return (
    <>
      <header>
        <strong>{ct('console.title')}</strong>
        <nav>
          {nav.map(([name, label]) => (
            <button key={name} aria-current={screen.name === name ? 'page' : undefined} onClick={() => setScreen({ name } as Screen)}>
              {label}
            </button>
          ))}
        </nav>
        <span className="who">
          {me.user.username} ({me.user.role}
          {me.user.agencyId ? `, ${me.user.agencyId}` : ''})
        </span>
        <button onClick={() => void api('POST', '/logout', {}).finally(() => adopt(null))}>{ct('console.logout')}</button>
      </header>
      <main>
        {screen.name === 'inbox' && <Inbox onOpen={(id) => setScreen({ name: 'detail', id })} onError={onError} role={me.user.role} />}
        {screen.name === 'complaints' && <Complaints onError={onError} />}
        {screen.name === 'escalations' && <Escalations onOpen={(id) => setScreen({ name: 'detail', id })} onError={onError} onCount={setEscalated} />}
        {screen.name === 'dashboard' && <Dashboard onError={onError} role={me.user.role} />}
        {screen.name === 'detail' && <RequestView id={screen.id} onBack={() => setScreen({ name: 'inbox' })} onError={onError} />}
        {screen.name === 'devices' && <Devices onError={onError} />}
        {screen.name === 'catalogue' && <Catalogue onError={onError} />}
        {screen.name === 'users' && <Users onError={onError} />}
        {screen.name === 'audit' && <Audit onError={onError} />}
      </main>
    </>
  );
}

function Login({ onIn, notice }: { onIn: (m: ConsoleMe) => void; notice: string | null }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ErrorView | null>(null);
  return (
    <form
      className="card login"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        api<ConsoleMe>('POST', '/login', { username, password }).then(onIn, (err: unknown) => setError(consoleError(err)));
      }}
    >
      <h1>{ct('console.login.title')}</h1>
      {notice && <p className="error">{notice}</p>}
      <label>
        {ct('console.login.username')}
        <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} maxLength={40} {...invalidProps('username', error)} />
        <FieldError name="username" view={error} />
      </label>
      <label>
        {ct('console.login.password')}
        <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} maxLength={200} {...invalidProps('password', error)} />
        <FieldError name="password" view={error} />
      </label>
      <p>
        <button type="submit">{ct('console.login.submit')}</button>
      </p>
      {error && (
        <p className="error" role="alert" data-testid="login-error">
          {error.text}
        </p>
      )}
    </form>
  );
}
