import { useCallback, useEffect, useMemo, useState } from 'react';
import type { QueueCountersView } from '../../../../shared/api/calls/queue.js';
import type { QueueCounter, QueueTicket } from '../../../../shared/queue/board.js';
import { call } from '../../api/client.js';
import { useQuery } from '../../api/hooks.js';
import { useI18n } from '../../i18n/i18n.js';
import { errorText } from '../error-text.js';
import { actionForKey, COUNTER_ACTIONS, enabledActions, minutesSince, type CounterAction } from './counter-moves.js';
import { TransferForm, type TransferTarget } from './TransferForm.js';
import { WaitingList } from './WaitingList.js';

type Message = { problem: boolean; text: string } | null;

/**
 * One counter at work, keyboard first: N call next, U recall, M start, S finish, T no-show,
 * P transfer (each also a button); the ticket at the counter and the waiting lists of its groups
 * beside. Every list follows `queue:changed`, so two desks never work from a stale screen.
 */
export function CounterDesk({ counter, view }: { counter: QueueCounter; view: QueueCountersView }) {
  const { t } = useI18n();
  const mine = useQuery('queue:mine', { counter: counter.number }, ['queue:changed']);
  const waiting = useQuery('queue:waiting', { counter: counter.number, limit: 100 }, ['queue:changed']);
  const ticket = mine.data?.ticket ?? null;
  const [busy, setBusy] = useState(false);
  const [transferring, setTransferring] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const state = ticket?.state ?? null;
  const enabled = useMemo(() => enabledActions(state ? { state } : null), [state]);
  const { reload: reloadMine } = mine;
  const { reload: reloadWaiting } = waiting;
  const reload = useCallback(() => {
    reloadMine();
    reloadWaiting();
  }, [reloadMine, reloadWaiting]);

  const run = useCallback(
    async (action: Exclude<CounterAction, 'transfer'>): Promise<void> => {
      setBusy(true);
      setMessage(null);
      const at = { counter: counter.number, ...(ticket ? { ticketId: ticket.id } : {}) };
      try {
        if (action === 'next') {
          const r = await call('queue:next', { counter: counter.number });
          setMessage({ problem: false, text: r.ticket ? t('queue.desk.called', { label: r.ticket.label, counter: counter.name }) : t('queue.desk.nobody') });
        } else {
          const name = ({ recall: 'queue:recall', start: 'queue:start', finish: 'queue:finish', no_show: 'queue:no-show' } as const)[action];
          const r = await call(name, at);
          setMessage({ problem: false, text: t(`queue.desk.done.${action}`, { label: r.ticket.label }) });
        }
      } catch (e) {
        setMessage({ problem: true, text: errorText(t, e) });
      } finally {
        setBusy(false);
        reload();
      }
    },
    [counter, ticket, t, reload],
  );

  const transfer = async (to: TransferTarget): Promise<void> => {
    if (!ticket) return;
    setBusy(true);
    try {
      const r = await call('queue:transfer', { counter: counter.number, ticketId: ticket.id, to });
      setTransferring(false);
      const where = 'counter' in to ? (view.counters.find((c) => c.number === to.counter)?.name ?? String(to.counter)) : (view.groups.find((g) => g.group === to.group)?.label ?? to.group);
      setMessage({ problem: false, text: t('queue.desk.done.transfer', { label: r.ticket.label, to: where }) });
    } catch (e) {
      setMessage({ problem: true, text: errorText(t, e) });
    } finally {
      setBusy(false);
      reload();
    }
  };

  // The counter's keys, anywhere on this screen except while typing in a field or choosing a target.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const el = e.target as HTMLElement | null;
      const typing = !!el && (el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA' || el.isContentEditable);
      const action = actionForKey({ key: e.key, altKey: e.altKey, ctrlKey: e.ctrlKey, metaKey: e.metaKey, typing: typing || transferring });
      if (!action || busy || !enabled.has(action)) return;
      e.preventDefault();
      if (action === 'transfer') setTransferring(true);
      else void run(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [busy, enabled, run, transferring]);

  return (
    <div className="counter-desk" data-testid="counter-desk" data-counter={counter.number}>
      <div className="counter-now" data-testid="counter-now" data-state={ticket?.state ?? 'free'}>
        <CurrentTicket ticket={ticket} />
        <div className="move-buttons counter-actions" role="toolbar" aria-label={t('queue.desk.actions')}>
          {COUNTER_ACTIONS.map((a) => (
            <button
              key={a.id}
              type="button"
              className={a.id === 'next' ? 'primary' : a.id === 'no_show' ? 'danger' : undefined}
              disabled={busy || !enabled.has(a.id)}
              aria-keyshortcuts={a.key.toUpperCase()}
              onClick={() => (a.id === 'transfer' ? setTransferring(true) : void run(a.id))}
              // Picking a counter puts the keyboard on its main button: N (or Enter) calls at once.
              autoFocus={a.id === 'next'}
              data-testid={`counter-${a.id}`}
            >
              {t(`queue.desk.action.${a.id}`)} <kbd>{a.key.toUpperCase()}</kbd>
            </button>
          ))}
        </div>
        {transferring && ticket && <TransferForm counter={counter} view={view} busy={busy} onTransfer={(to) => void transfer(to)} onCancel={() => setTransferring(false)} />}
        {message && (
          <p className={message.problem ? 'problem' : 'notice'} role={message.problem ? 'alert' : 'status'} data-testid="counter-message">
            {message.text}
          </p>
        )}
      </div>
      <WaitingList list={waiting.data} groups={view.groups} onCancelled={reload} onProblem={(text) => setMessage({ problem: true, text })} />
    </div>
  );
}

function CurrentTicket({ ticket }: { ticket: QueueTicket | null }) {
  const { t } = useI18n();
  if (!ticket) return <p className="counter-ticket counter-free">{t('queue.desk.free')}</p>;
  const now = Date.now();
  return (
    <div className="counter-ticket">
      <p className="counter-label" data-testid="counter-ticket">
        {ticket.label}
      </p>
      <dl className="facts">
        <dt>{t('queue.desk.state')}</dt>
        <dd data-testid="counter-ticket-state">{t(`queue.state.${ticket.state}`)}</dd>
        {ticket.lane !== 'none' && (
          <>
            <dt>{t('queue.desk.lane')}</dt>
            <dd>{t(`kiosk.queue.lane.${ticket.lane}`)}</dd>
          </>
        )}
        <dt>{t('queue.desk.waited')}</dt>
        <dd>{t('queue.desk.minutes', { n: minutesSince(ticket.issuedAt, ticket.calledAt ? Date.parse(ticket.calledAt) : now) })}</dd>
        {ticket.servingAt && (
          <>
            <dt>{t('queue.desk.serving')}</dt>
            <dd>{t('queue.desk.minutes', { n: minutesSince(ticket.servingAt, now) })}</dd>
          </>
        )}
        {ticket.calls > 1 && (
          <>
            <dt>{t('queue.desk.calls')}</dt>
            <dd>{ticket.calls}</dd>
          </>
        )}
      </dl>
    </div>
  );
}
