import { useState, type FormEvent } from 'react';
import { ROLES, type Role } from '../../../../shared/api/access.js';
import type { UserView } from '../../../../shared/api/calls/auth.js';
import { ApiFailure } from '../../../../shared/api/result.js';
import type { MessageKey } from '../../../../shared/i18n/index.js';
import { call } from '../../api/client.js';
import { useQuery } from '../../api/hooks.js';
import { formatDateTime } from '../../components/format.js';
import { useI18n } from '../../i18n/i18n.js';
import { errorText } from '../error-text.js';

/** As the core's passwordProblem: checked here first so the admin hears it before a round trip. */
const MIN_PASSWORD = 8;

type Notice = { ok: boolean; text: string } | null;

/**
 * The desk's accounts (admin): list, add (role, password twice), disable or enable, reset a
 * password, unlock after repeated failures. The core checks everything again (the last admin
 * stays) and audits every change.
 */
export function UsersScreen() {
  const { t, lang } = useI18n();
  const list = useQuery('users:list', {});
  const [notice, setNotice] = useState<Notice>(null);
  const [resetting, setResetting] = useState<UserView | null>(null);
  const failed = (err: unknown): void => {
    const conflict = err instanceof ApiFailure && err.code === 'conflict';
    const text = conflict && /last admin/.test(err.message) ? t('users.lastAdmin') : conflict ? t('users.taken') : errorText(t, err);
    setNotice({ ok: false, text: t('users.error', { message: text }) });
  };
  const change = async (run: () => Promise<unknown>, done: string): Promise<void> => {
    try {
      await run();
      setNotice({ ok: true, text: done });
    } catch (err) {
      failed(err);
    }
    list.reload();
  };
  const state = (u: UserView): string => (u.disabled ? t('users.state.disabled') : u.locked ? t('users.state.locked') : t('users.state.active'));
  return (
    <section className="panel desk-users" aria-labelledby="users-title" data-testid="users-screen">
      <h2 id="users-title">{t('users.title')}</h2>
      {notice && (
        <p className={notice.ok ? 'notice' : 'problem'} role={notice.ok ? 'status' : 'alert'} data-testid="users-notice">
          {notice.text}
        </p>
      )}
      {list.error && <p className="problem">{errorText(t, list.error)}</p>}
      {list.data && (
        <table data-testid="users-table">
          <thead>
            <tr>
              <th scope="col">{t('users.col.username')}</th>
              <th scope="col">{t('users.col.name')}</th>
              <th scope="col">{t('users.col.role')}</th>
              <th scope="col">{t('users.col.state')}</th>
              <th scope="col">{t('users.col.lastLogin')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((u) => (
              <tr key={u.id} data-username={u.username} data-testid="users-row">
                <td className="mono">{u.username}</td>
                <td>{u.name}</td>
                <td>{t(`desk.role.${u.role}` as MessageKey)}</td>
                <td data-testid="users-state">{state(u)}</td>
                <td>{u.lastLoginAt ? formatDateTime(u.lastLoginAt, lang) : t('users.never')}</td>
                <td className="actions">
                  <button
                    type="button"
                    onClick={() => void change(() => call('users:update', { id: u.id, disabled: !u.disabled }), t('users.changed', { username: u.username }))}
                    data-testid="users-toggle"
                  >
                    {u.disabled ? t('users.enable') : t('users.disable')}
                  </button>
                  <button type="button" onClick={() => setResetting(u)} data-testid="users-reset">
                    {t('users.reset')}
                  </button>
                  {u.locked && (
                    <button type="button" onClick={() => void change(() => call('users:unlock', { id: u.id }), t('users.changed', { username: u.username }))} data-testid="users-unlock">
                      {t('users.unlock')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {resetting && (
        <PasswordForm
          title={t('users.reset.title', { username: resetting.username })}
          submit={t('users.reset.submit')}
          onCancel={() => setResetting(null)}
          onPassword={async (password) => {
            await change(() => call('users:update', { id: resetting.id, password }), t('users.reset.done', { username: resetting.username }));
            setResetting(null);
          }}
        />
      )}
      <AddUser
        onAdded={(u) => {
          setNotice({ ok: true, text: t('users.add.done', { username: u.username }) });
          list.reload();
        }}
        onFailed={failed}
      />
    </section>
  );
}

function AddUser({ onAdded, onFailed }: { onAdded: (u: UserView) => void; onFailed: (err: unknown) => void }) {
  const { t } = useI18n();
  const blank = { username: '', name: '', role: 'operator' as Role, password: '', again: '' };
  const [form, setForm] = useState(blank);
  const [problem, setProblem] = useState<string | null>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const p = passwordsProblem(t, form.password, form.again);
    setProblem(p);
    if (p) return;
    try {
      const u = await call('users:add', { username: form.username, name: form.name, role: form.role, password: form.password });
      setForm(blank);
      onAdded(u);
    } catch (err) {
      onFailed(err);
    }
  };
  return (
    <form className="users-add" onSubmit={(e) => void submit(e)} aria-labelledby="users-add-title" data-testid="users-add">
      <h3 id="users-add-title">{t('users.add.title')}</h3>
      <label>
        {t('desk.login.username')}
        <input autoComplete="off" maxLength={40} value={form.username} onChange={set('username')} data-testid="users-add-username" />
      </label>
      <label>
        {t('desk.setup.name')}
        <input autoComplete="off" maxLength={120} value={form.name} onChange={set('name')} data-testid="users-add-name" />
      </label>
      <label>
        {t('users.col.role')}
        <select value={form.role} onChange={set('role')} data-testid="users-add-role">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`desk.role.${r}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('desk.login.password')}
        <input type="password" autoComplete="new-password" maxLength={200} value={form.password} onChange={set('password')} data-testid="users-add-password" />
      </label>
      <label>
        {t('desk.setup.password2')}
        <input type="password" autoComplete="new-password" maxLength={200} value={form.again} onChange={set('again')} data-testid="users-add-password2" />
      </label>
      {problem && (
        <p className="problem" role="alert" data-testid="users-add-problem">
          {problem}
        </p>
      )}
      <button type="submit" data-testid="users-add-submit">
        {t('users.add.submit')}
      </button>
    </form>
  );
}

function PasswordForm(props: { title: string; submit: string; onCancel: () => void; onPassword: (password: string) => Promise<void> }) {
  const { t } = useI18n();
  const [pw, setPw] = useState({ password: '', again: '' });
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      className="users-reset"
      data-testid="users-reset-form"
      onSubmit={(e) => {
        e.preventDefault();
        const p = passwordsProblem(t, pw.password, pw.again);
        setProblem(p);
        if (!p) void props.onPassword(pw.password);
      }}
    >
      <h3>{props.title}</h3>
      <label>
        {t('desk.login.password')}
        <input type="password" autoFocus autoComplete="new-password" maxLength={200} value={pw.password} onChange={(e) => setPw({ ...pw, password: e.target.value })} data-testid="users-reset-password" />
      </label>
      <label>
        {t('desk.setup.password2')}
        <input type="password" autoComplete="new-password" maxLength={200} value={pw.again} onChange={(e) => setPw({ ...pw, again: e.target.value })} data-testid="users-reset-password2" />
      </label>
      {problem && (
        <p className="problem" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" data-testid="users-reset-submit">
        {props.submit}
      </button>
      <button type="button" onClick={props.onCancel}>
        {t('users.cancel')}
      </button>
    </form>
  );
}

function passwordsProblem(t: (k: MessageKey) => string, password: string, again: string): string | null {
  if (password.length < MIN_PASSWORD) return t('desk.setup.short');
  if (password !== again) return t('desk.setup.mismatch');
  return null;
}
