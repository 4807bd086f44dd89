import type { QueueWaitingList } from '../../../../shared/api/calls/queue.js';
import type { QueueGroupInfo, QueueTicket } from '../../../../shared/queue/board.js';
import { call } from '../../api/client.js';
import { useI18n } from '../../i18n/i18n.js';
import { errorText } from '../error-text.js';
import { minutesSince } from './counter-moves.js';

/** Who waits for this counter, per service group, in calling order (priority lanes and transfers first). */
export function WaitingList({ list, groups, onCancelled, onProblem }: { list: QueueWaitingList | undefined; groups: QueueGroupInfo[]; onCancelled: () => void; onProblem: (text: string) => void }) {
  const { t } = useI18n();
  if (!list) return null;
  const byGroup = new Map<string, QueueTicket[]>();
  for (const item of list.items) byGroup.set(item.group, [...(byGroup.get(item.group) ?? []), item]);
  const now = Date.now();
  const cancel = async (ticket: QueueTicket): Promise<void> => {
    try {
      await call('queue:cancel', { ticketId: ticket.id });
    } catch (e) {
      onProblem(errorText(t, e));
    }
    onCancelled();
  };
  return (
    <section className="counter-waiting" aria-labelledby="counter-waiting-title" data-testid="counter-waiting" data-total={list.total}>
      <h3 id="counter-waiting-title">{t('queue.desk.waiting', { count: list.total })}</h3>
      {list.items.length === 0 && <p>{t('queue.desk.waiting.empty')}</p>}
      {[...byGroup].map(([group, items]) => (
        <table key={group} className="dense" data-testid={`waiting-${group}`}>
          <caption>
            {group} — {groups.find((g) => g.group === group)?.label ?? group}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('queue.desk.col.number')}</th>
              <th scope="col">{t('queue.desk.col.lane')}</th>
              <th scope="col">{t('queue.desk.col.waiting')}</th>
              <th scope="col">{t('queue.desk.col.note')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('queue.desk.col.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} data-testid={`waiting-ticket-${item.label}`}>
                <td className="mono">{item.label}</td>
                <td>{item.lane === 'none' ? '—' : t(`kiosk.queue.lane.${item.lane}`)}</td>
                <td>{t('queue.desk.minutes', { n: minutesSince(item.waitingSince, now) })}</td>
                <td>{item.state === 'transferred' ? t('queue.state.transferred') : ''}</td>
                <td>
                  <button type="button" className="danger" onClick={() => void cancel(item)} data-testid={`cancel-${item.label}`}>
                    {t('queue.desk.cancel')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  );
}
