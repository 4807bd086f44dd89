import { useCallback, useEffect, useState } from 'react';
import { HUB_ROLES, type HubRole } from '../../../shared/domain/hub-workflow.js';
import { ct, type ConsoleKey } from '../../../shared/i18n/console-id.js';
import { AgencySelect, useAgencies } from './AgencySelect.js';
import { api } from './api.js';
import { downloadCsv } from './csv.js';
import { consoleError, errorText, type ErrorView } from './error-text.js';
import { FieldError, invalidProps } from './FieldError.js';

interface UserRow {
  userId: string;
  username: string;
  role: HubRole;
  agencyId: string | null;
}

export const roleLabel = (r: HubRole): string => ct(`console.role.${r}` as ConsoleKey);

/** The hub's accounts (the kabupaten admin): who has which role in which agency, and a form to add one. */
export function Users({ onError }: { onError: (e: unknown) => void }) {
  const [items, setItems] = useState<UserRow[]>([]);
  const [form, setForm] = useState({ username: '', password: '', role: 'officer' as HubRole, agencyId: '' });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [problem, setProblem] = useState<ErrorView | null>(null);
  const fail = (e: unknown) => (onError(e), setMessage({ ok: false, text: errorText(e) }));
  const load = useCallback(() => api<{ items: UserRow[] }>('GET', '/users').then((r) => setItems(r.items), fail), []); // eslint-disable-line react-hooks/exhaustive-deps
  const agencies = useAgencies(fail);
  useEffect(() => void load(), [load]);
  const names = new Map(agencies.map((a) => [a.id, a.name]));
  const add = () => {
    const body = { username: form.username.trim(), password: form.password, role: form.role, agencyId: form.role === 'admin' ? null : form.agencyId || null };
    setProblem(null);
    api<UserRow>('POST', '/users', body).then(
      (u) => {
        setMessage({ ok: true, text: ct('console.users.added', { username: u.username, role: roleLabel(u.role) }) });
        setForm({ ...form, username: '', password: '' });
        void load();
      },
      (e: unknown) => {
        // Each bad field is named beside it; the line above says what to do.
        onError(e);
        const v = consoleError(e);
        setProblem(v);
        setMessage({ ok: false, text: v.text });
      },
    );
  };
  return (
    <section>
      <h1>{ct('console.users.title')}</h1>
      {message && (
        <p className={message.ok ? 'ok' : 'error'} role="status">
          {message.text}
        </p>
      )}
      <table data-testid="users">
        <thead>
          <tr>
            <th>{ct('console.login.username')}</th>
            <th>{ct('console.users.role')}</th>
            <th>{ct('console.complaints.agency')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((u) => (
            <tr key={u.userId}>
              <td>{u.username}</td>
              <td>{roleLabel(u.role)}</td>
              <td>{u.agencyId ? (names.get(u.agencyId) ?? u.agencyId) : ct('console.users.allAgencies')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button onClick={() => downloadCsv('pengguna.csv', ['username', 'role', 'agencyId'], items.map((u) => [u.username, u.role, u.agencyId]))}>{ct('console.csv')}</button>
      <form
        className="card filters"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <h2 style={{ width: '100%' }}>{ct('console.users.add')}</h2>
        <label>
          {ct('console.login.username')}
          <input name="new-username" value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} maxLength={40} autoComplete="off" {...invalidProps('username', problem)} />
          <FieldError name="username" view={problem} />
        </label>
        <label>
          {ct('console.login.password')}
          <input name="new-password" type="password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} maxLength={200} autoComplete="new-password" {...invalidProps('password', problem)} />
          <FieldError name="password" view={problem} />
        </label>
        <label>
          {ct('console.users.role')}
          <select name="role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as HubRole })} {...invalidProps('role', problem)}>
            {HUB_ROLES.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        </label>
        {form.role !== 'admin' && (
          <AgencySelect agencies={agencies} value={form.agencyId} onChange={(agencyId) => setForm({ ...form, agencyId })} extra={invalidProps('agencyId', problem)}>
            <FieldError name="agencyId" view={problem} />
          </AgencySelect>
        )}
        <button type="submit">{ct('console.users.submit')}</button>
      </form>
    </section>
  );
}
