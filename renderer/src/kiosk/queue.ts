import type { QueueLane } from '../../../shared/queue/board.js';
import { api } from '../api/client.js';
import { followPrint } from './devices.js';
import type { FlowEvent } from './flow/machine.js';

/**
 * "Ambil nomor antrean": takes a ticket of the general group in the chosen lane, printed on the
 * receipt printer; reports the ticket (numbers only) and then the printer's answer to the flow.
 */
export function takeTicket(lane: QueueLane, dispatch: (e: FlowEvent) => void): void {
  let printing = false;
  void followPrint(async () => {
    const res = await api.invoke('queue:take', { group: 'general', lane, print: true });
    if (!res.ok) {
      dispatch({ type: 'queue-failed' });
      return null;
    }
    const { ticket, ahead, printJob } = res.value;
    printing = printJob !== null;
    dispatch({ type: 'queue-taken', ticket: { label: ticket.label, group: ticket.group, number: ticket.number, lane: ticket.lane, ahead, printing } });
    return printJob;
  }).then((outcome) => {
    if (printing) dispatch({ type: 'queue-printed', outcome });
  });
}
