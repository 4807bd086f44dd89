import { useState, type FormEvent } from 'react';
import type { AuthStatus } from '../../../../shared/api/calls/auth.js';
import { ApiFailure } from '../../../../shared/api/result.js';
import { call } from '../../api/client.js';
import { useI18n } from '../../i18n/i18n.js';

/** Keyboard-first login: the username field has focus, Enter submits. */
export function LoginScreen({ locked, minutes, onIn }: { locked: boolean; minutes: number; onIn: (s: AuthStatus) => void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    try {
      onIn(await call('auth:login', { username, password }));
    } catch (err) {
      setPassword('');
      const f = err instanceof ApiFailure ? err : undefined;
      const details = f?.details as { retryAfterSeconds?: number; attemptsLeft?: number } | undefined;
      if (f?.code === 'locked') setProblem(t('desk.login.locked', { seconds: details?.retryAfterSeconds ?? 30 }));
      else if (f?.code === 'unauthorized' || f?.code === 'invalid_request') {
        setProblem(`${t('desk.login.wrong')}${details?.attemptsLeft !== undefined ? ` ${t('desk.login.attemptsLeft', { n: details.attemptsLeft })}` : ''}`);
      } else setProblem(t('error.internal'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel desk-login" aria-labelledby="login-title" data-testid="desk-login">
      <h2 id="login-title">{t(locked ? 'desk.locked.title' : 'desk.login.title')}</h2>
      {locked && <p data-testid="desk-locked">{t('desk.locked.text', { minutes })}</p>}
      <form onSubmit={(e) => void submit(e)}>
        <label>
          {t('desk.login.username')}
          <input autoFocus autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} data-testid="login-username" />
        </label>
        <label>
          {t('desk.login.password')}
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="login-password" />
        </label>
        {problem && (
          <p className="problem" role="alert" data-testid="login-problem">
            {problem}
          </p>
        )}
        <button type="submit" disabled={busy} data-testid="login-submit">
          {t('desk.login.submit')}
        </button>
      </form>
    </section>
  );
}
