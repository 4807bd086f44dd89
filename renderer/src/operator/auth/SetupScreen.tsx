import { useState, type FormEvent } from 'react';
import type { AuthStatus } from '../../../../shared/api/calls/auth.js';
import { ApiFailure } from '../../../../shared/api/result.js';
import type { MessageKey } from '../../../../shared/i18n/index.js';
import { call } from '../../api/client.js';
import { useI18n } from '../../i18n/i18n.js';

/** First run, while no admin exists: the person setting up the device becomes its admin. */
export function SetupScreen({ onIn }: { onIn: (s: AuthStatus) => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState({ username: '', name: '', password: '', again: '' });
  const [problem, setProblem] = useState<string>();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (form.password.length < 8) return setProblem(t('desk.setup.short'));
    if (form.password !== form.again) return setProblem(t('desk.setup.mismatch'));
    try {
      onIn(await call('auth:setup', { username: form.username, name: form.name, password: form.password }));
    } catch (err) {
      setProblem(t(`error.${err instanceof ApiFailure ? err.code : 'internal'}` as MessageKey));
    }
  };
  return (
    <section className="panel desk-setup" aria-labelledby="setup-title" data-testid="desk-setup">
      <h2 id="setup-title">{t('desk.setup.title')}</h2>
      <p>{t('desk.setup.text')}</p>
      <form onSubmit={(e) => void submit(e)}>
        <label>
          {t('desk.login.username')}
          <input autoFocus autoComplete="username" value={form.username} onChange={set('username')} data-testid="setup-username" />
        </label>
        <label>
          {t('desk.setup.name')}
          <input autoComplete="name" value={form.name} onChange={set('name')} data-testid="setup-name" />
        </label>
        <label>
          {t('desk.login.password')}
          <input type="password" autoComplete="new-password" value={form.password} onChange={set('password')} data-testid="setup-password" />
        </label>
        <label>
          {t('desk.setup.password2')}
          <input type="password" autoComplete="new-password" value={form.again} onChange={set('again')} data-testid="setup-password2" />
        </label>
        {problem && (
          <p className="problem" role="alert" data-testid="setup-problem">
            {problem}
          </p>
        )}
        <button type="submit" data-testid="setup-submit">
          {t('desk.setup.submit')}
        </button>
      </form>
    </section>
  );
}
