import { PRIORITY_LANES } from '../../../../shared/queue/ticket.js';
import { useI18n } from '../../i18n/i18n.js';
import type { FlowEvent } from '../flow/machine.js';
import type { QueueVisit } from '../flow/state.js';
import { Nav } from '../parts/Nav.js';
import { Problem } from '../parts/Problem.js';
import { takeTicket } from '../queue.js';
import { useSpeak } from '../voice.js';

/** "Ambil nomor antrean": one tap on a lane takes the ticket (general, or a priority lane served first). */
export function QueueLane({ queue, dispatch }: { queue: QueueVisit; dispatch: (e: FlowEvent) => void }) {
  const { t } = useI18n();
  useSpeak([{ key: 'kiosk.queue.speak', text: t('kiosk.queue.speak') }]);
  const busy = queue.taking === 'busy';
  const take = (lane: 'none' | (typeof PRIORITY_LANES)[number]): void => {
    if (busy) return;
    dispatch({ type: 'queue-take', lane });
    takeTicket(lane, dispatch);
  };
  return (
    <section className="screen screen-queue" data-screen="queue">
      <h2>{t('kiosk.queue.title')}</h2>
      <p className="lead">{t('kiosk.queue.lead')}</p>
      <button type="button" className="btn btn-primary btn-huge" onClick={() => take('none')} disabled={busy} data-testid="queue-lane-none">
        {t('kiosk.queue.lane.none')}
      </button>
      <p className="queue-priority-label">{t('kiosk.queue.priority')}</p>
      <div className="queue-lanes">
        {PRIORITY_LANES.map((lane) => (
          <button key={lane} type="button" className="btn btn-secondary btn-huge" onClick={() => take(lane)} disabled={busy} data-testid={`queue-lane-${lane}`}>
            {t(`kiosk.queue.lane.${lane}`)}
          </button>
        ))}
      </div>
      {busy && (
        <p className="lead" role="status">
          {t('kiosk.queue.taking')}
        </p>
      )}
      {queue.taking === 'failed' && <Problem problem={{ key: 'kiosk.queue.failed' }} />}
      <Nav onBack={busy ? undefined : () => dispatch({ type: 'back' })} />
    </section>
  );
}
