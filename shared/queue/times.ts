/** One entry of a ticket's history (queue_moves), oldest first. */
export interface TimedMove {
  move: string;
  from_state: string | null;
  at: string;
}

export interface TicketTimes {
  waitSeconds: number;
  waits: number;
  serveSeconds: number;
  serves: number;
}

/**
 * A ticket's waiting and serving time from its history, as the desk's tally counts them
 * (queue-service `tally`): a wait runs from taking the ticket, or from a transfer, to the next
 * call (a recall is no new wait); a service runs from "start" to a finish or a transfer onwards.
 * Whole seconds, never negative (a clock stepped back counts 0).
 */
export function ticketTimes(moves: readonly TimedMove[]): TicketTimes {
  const t: TicketTimes = { waitSeconds: 0, waits: 0, serveSeconds: 0, serves: 0 };
  const secs = (from: string, to: string): number => Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / 1000));
  let waitingSince: string | null = null;
  let servingSince: string | null = null;
  for (const m of moves) {
    if (m.move === 'issue') waitingSince = m.at;
    else if (m.move === 'call' && waitingSince !== null) {
      t.waitSeconds += secs(waitingSince, m.at);
      t.waits++;
      waitingSince = null;
    } else if (m.move === 'start') servingSince = m.at;
    else if ((m.move === 'finish' || m.move === 'transfer') && m.from_state === 'serving' && servingSince !== null) {
      t.serveSeconds += secs(servingSince, m.at);
      t.serves++;
      servingSince = null;
    }
    if (m.move === 'transfer') waitingSince = m.at;
  }
  return t;
}
