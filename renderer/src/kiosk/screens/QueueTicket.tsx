import { useEffect } from 'react';
import { numberToWords } from '../../../../shared/queue/words.js';
import { useI18n } from '../../i18n/i18n.js';
import type { FlowEvent } from '../flow/machine.js';
import type { QueueTicketView, QueueVisit } from '../flow/state.js';
import { Nav } from '../parts/Nav.js';
import { useVoice } from '../voice.js';

/** After the printer has answered, the ticket screen clears itself for the next resident. */
const CLEAR_AFTER_MS = 20_000;

/** The ticket taken: the number big (as the display will call it), how many wait before it, and the printout. */
export function QueueTicket({ ticket, print, dispatch }: { ticket: QueueTicketView; print: QueueVisit['print']; dispatch: (e: FlowEvent) => void }) {
  const { t } = useI18n();
  const { say } = useVoice();
  const ahead = ticket.ahead > 0 ? t('kiosk.ticket.ahead', { count: ticket.ahead }) : t('kiosk.ticket.next');
  useEffect(() => {
    if (print === 'printing') say([{ text: t('kiosk.ticket.speak', { number: `${ticket.group} ${numberToWords(ticket.number)}`, ahead }) }]);
    else if (print !== 'none') {
      const key = print === 'printed' ? 'kiosk.ticket.printed' : 'kiosk.ticket.printFailed';
      say([{ key, text: t(key) }]);
    } else say([{ text: `${t('kiosk.ticket.speak', { number: `${ticket.group} ${numberToWords(ticket.number)}`, ahead })} ${t('kiosk.ticket.noPrinter')}` }]);
  }, [print, ticket, ahead, say, t]);
  useEffect(() => {
    if (print === 'printing') return;
    const timer = setTimeout(() => dispatch({ type: 'finish' }), CLEAR_AFTER_MS);
    return () => clearTimeout(timer);
  }, [print, dispatch]);
  return (
    <section className="screen screen-queue-ticket" data-screen="queue-ticket">
      <h2>{t('kiosk.ticket.title')}</h2>
      <p className="queue-no queue-ticket-no" data-testid="queue-ticket-no">
        {ticket.label}
      </p>
      {ticket.lane !== 'none' && (
        <p className="lead queue-ticket-lane" data-testid="queue-ticket-lane">
          {t('kiosk.ticket.lane', { lane: t(`kiosk.queue.lane.${ticket.lane}`) })}
        </p>
      )}
      <p className="lead" data-testid="queue-ticket-ahead">
        {ahead}
      </p>
      <p className="lead">{t('kiosk.ticket.wait')}</p>
      <PrintLine print={print} />
      <Nav>
        <button type="button" className="btn btn-primary" onClick={() => dispatch({ type: 'finish' })} disabled={print === 'printing'} data-testid="queue-done">
          {t('kiosk.ticket.done')}
        </button>
      </Nav>
    </section>
  );
}

function PrintLine({ print }: { print: QueueVisit['print'] }) {
  const { t } = useI18n();
  if (print === 'printing') return <p className="lead" role="status" data-testid="print-state" data-state="printing">{t('kiosk.ticket.printing')}</p>;
  if (print === 'printed') {
    return (
      <p className="lead ok" role="status" data-testid="print-state" data-state="printed">
        <span aria-hidden="true">✓ </span>
        {t('kiosk.ticket.printed')}
      </p>
    );
  }
  if (print === 'failed') {
    return (
      <p className="problem" role="alert" data-testid="print-state" data-state="failed">
        <span aria-hidden="true">⚠ </span>
        {t('kiosk.ticket.printFailed')}
      </p>
    );
  }
  return <p className="lead" data-testid="print-state" data-state="none">{t('kiosk.ticket.noPrinter')}</p>;
}
