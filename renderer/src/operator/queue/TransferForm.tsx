import { useState } from 'react';
import type { QueueCountersView } from '../../../../shared/api/calls/queue.js';
import type { QueueCounter } from '../../../../shared/queue/board.js';
import { useI18n } from '../../i18n/i18n.js';

export type TransferTarget = { counter: number } | { group: string };

/** Where the ticket goes: another counter (only it calls the ticket next) or a service group. Enter moves it, Esc cancels. */
export function TransferForm({ counter, view, busy, onTransfer, onCancel }: { counter: QueueCounter; view: QueueCountersView; busy: boolean; onTransfer: (to: TransferTarget) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const others = view.counters.filter((c) => c.active && c.number !== counter.number);
  const first = others[0] ? `c:${others[0].number}` : view.groups[0] ? `g:${view.groups[0].group}` : '';
  const [target, setTarget] = useState(first);
  const submit = (): void => {
    const [kind, value] = [target.slice(0, 1), target.slice(2)];
    if (kind === 'c') onTransfer({ counter: Number(value) });
    else if (kind === 'g' && value) onTransfer({ group: value });
  };
  return (
    <form
      className="move-note counter-transfer"
      data-testid="counter-transfer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      onKeyDown={(e) => {
        // A select does not submit its form on Enter by itself: here it does, as the label says.
        if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'SELECT') {
          e.preventDefault();
          submit();
          return;
        }
        if (e.key !== 'Escape') return;
        e.preventDefault();
        e.stopPropagation();
        onCancel();
      }}
    >
      <label htmlFor="transfer-target">{t('queue.desk.transferTo')}</label>{' '}
      <select id="transfer-target" autoFocus value={target} onChange={(e) => setTarget(e.target.value)} data-testid="transfer-target">
        {others.length > 0 && (
          <optgroup label={t('queue.desk.toCounter')}>
            {others.map((c) => (
              <option key={c.number} value={`c:${c.number}`}>
                {c.name}
              </option>
            ))}
          </optgroup>
        )}
        <optgroup label={t('queue.desk.toGroup')}>
          {view.groups.map((g) => (
            <option key={g.group} value={`g:${g.group}`}>
              {g.group} — {g.label}
            </option>
          ))}
        </optgroup>
      </select>{' '}
      <button type="submit" disabled={busy || target === ''} data-testid="transfer-confirm">
        {t('queue.desk.transferConfirm')}
      </button>{' '}
      <button type="button" onClick={onCancel}>
        {t('queue.desk.transferCancel')}
      </button>
    </form>
  );
}
