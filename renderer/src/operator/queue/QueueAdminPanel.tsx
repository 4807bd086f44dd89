import { useEffect, useState } from 'react';
import type { QueueCountersView } from '../../../../shared/api/calls/queue.js';
import { MAX_COUNTERS, MAX_RUNNING_TEXT, defaultCounterName, type QueueCounter } from '../../../../shared/queue/board.js';
import type { Settings } from '../../../../shared/domain/settings.js';
import { call } from '../../api/client.js';
import { useQuery } from '../../api/hooks.js';
import { useI18n } from '../../i18n/i18n.js';
import { errorText } from '../error-text.js';

type Message = { problem: boolean; text: string } | null;

/** The admin's part of the queue: the counters (name, service groups), the display's running text, the display window. */
export function QueueAdminPanel({ settings }: { settings: Settings }) {
  const { t } = useI18n();
  const view = useQuery('queue:counters', {}, []);
  const board = useQuery('queue:board', {}, []);
  return (
    <section className="panel queue-admin" aria-labelledby="queue-admin-title" data-testid="queue-admin">
      <h2 id="queue-admin-title">{t('queue.admin.title')}</h2>
      {view.error && <p className="problem">{errorText(t, view.error)}</p>}
      {view.data && <CountersForm view={view.data} onSaved={view.reload} />}
      {board.data && <RunningTextForm initial={board.data.runningText} />}
      <DisplayWindowSetting value={settings.displayWindow} />
    </section>
  );
}

function CountersForm({ view, onSaved }: { view: QueueCountersView; onSaved: () => void }) {
  const { t } = useI18n();
  const [rows, setRows] = useState<QueueCounter[]>(view.counters);
  const [message, setMessage] = useState<Message>(null);
  useEffect(() => setRows(view.counters), [view.counters]);
  const update = (i: number, patch: Partial<QueueCounter>): void => setRows((r) => r.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const add = (): void => {
    const used = new Set(rows.map((r) => r.number));
    let n = 1;
    while (used.has(n)) n++;
    if (n > MAX_COUNTERS) return;
    setRows([...rows, { number: n, name: defaultCounterName(n), groups: view.groups.slice(0, 1).map((g) => g.group), active: true }]);
  };
  const save = async (): Promise<void> => {
    setMessage(null);
    if (rows.some((r) => r.groups.length === 0)) {
      setMessage({ problem: true, text: t('queue.admin.needGroup') });
      return;
    }
    try {
      await call('queue:counters:set', { counters: rows.map((r) => ({ ...r, name: r.name.trim() || defaultCounterName(r.number) })) });
      setMessage({ problem: false, text: t('settings.saved') });
      onSaved();
    } catch (e) {
      setMessage({ problem: true, text: errorText(t, e) });
    }
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3>{t('queue.admin.counters')}</h3>
      <table className="dense queue-counters">
        <thead>
          <tr>
            <th scope="col">{t('queue.admin.col.number')}</th>
            <th scope="col">{t('queue.admin.col.name')}</th>
            <th scope="col">{t('queue.admin.col.groups')}</th>
            <th scope="col">{t('queue.admin.col.active')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c, i) => (
            <tr key={c.number} data-testid={`admin-counter-${c.number}`}>
              <td>{c.number}</td>
              <td>
                <input aria-label={t('queue.admin.col.name')} value={c.name} maxLength={40} onChange={(e) => update(i, { name: e.target.value })} data-testid={`admin-counter-name-${c.number}`} />
              </td>
              <td>
                {view.groups.map((g) => (
                  <label key={g.group} className="check inline">
                    <input
                      type="checkbox"
                      checked={c.groups.includes(g.group)}
                      onChange={(e) => update(i, { groups: e.target.checked ? [...c.groups, g.group].sort() : c.groups.filter((x) => x !== g.group) })}
                      data-testid={`admin-counter-${c.number}-group-${g.group}`}
                    />{' '}
                    {g.group} {g.label}
                  </label>
                ))}
              </td>
              <td>
                <input type="checkbox" aria-label={t('queue.admin.col.active')} checked={c.active} onChange={(e) => update(i, { active: e.target.checked })} data-testid={`admin-counter-active-${c.number}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={add} disabled={rows.length >= MAX_COUNTERS} data-testid="admin-counter-add">
        {t('queue.admin.add')}
      </button>{' '}
      <button type="submit" className="primary" data-testid="admin-counters-save">
        {t('queue.admin.save')}
      </button>
      {message && (
        <p className={message.problem ? 'problem' : 'notice'} role={message.problem ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </form>
  );
}

function RunningTextForm({ initial }: { initial: string }) {
  const { t } = useI18n();
  const [text, setText] = useState(initial);
  const [message, setMessage] = useState<Message>(null);
  const save = async (): Promise<void> => {
    try {
      await call('queue:running-text:set', { text });
      setMessage({ problem: false, text: t('settings.saved') });
    } catch (e) {
      setMessage({ problem: true, text: errorText(t, e) });
    }
  };
  return (
    <form
      className="desk-field"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label htmlFor="running-text">{t('queue.admin.runningText')}</label>
      <textarea id="running-text" rows={2} maxLength={MAX_RUNNING_TEXT} value={text} onChange={(e) => setText(e.target.value)} data-testid="admin-running-text" />
      <p className="hint">{t('queue.admin.runningText.hint', { max: MAX_RUNNING_TEXT })}</p>
      <button type="submit" data-testid="admin-running-text-save">
        {t('queue.admin.save')}
      </button>
      {message && (
        <p className={message.problem ? 'problem' : 'notice'} role={message.problem ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </form>
  );
}

function DisplayWindowSetting({ value }: { value: Settings['displayWindow'] }) {
  const { t } = useI18n();
  const [message, setMessage] = useState<Message>(null);
  return (
    <div className="desk-field">
      <label htmlFor="display-window">{t('queue.admin.displayWindow')}</label>
      <select
        id="display-window"
        value={value}
        data-testid="admin-display-window"
        onChange={(e) =>
          void call('settings:update', { displayWindow: e.target.value as Settings['displayWindow'] }).then(
            () => setMessage({ problem: false, text: t('settings.saved') }),
            (err: unknown) => setMessage({ problem: true, text: errorText(t, err) }),
          )
        }
      >
        <option value="auto">{t('queue.admin.displayWindow.auto')}</option>
        <option value="always">{t('queue.admin.displayWindow.always')}</option>
        <option value="never">{t('queue.admin.displayWindow.never')}</option>
      </select>
      {message && <p className={message.problem ? 'problem' : 'notice'}>{message.text}</p>}
    </div>
  );
}
