import type { QueueTicket } from '../../../../shared/queue/board.js';
import { TICKET_MOVES, type TicketMove } from '../../../../shared/queue/ticket.js';

/** The counter's buttons, in screen order, each with the key that presses it. */
export const COUNTER_ACTIONS = [
  { id: 'next', key: 'n' },
  { id: 'recall', key: 'u' },
  { id: 'start', key: 'm' },
  { id: 'finish', key: 's' },
  { id: 'no_show', key: 't' },
  { id: 'transfer', key: 'p' },
] as const;
export type CounterAction = (typeof COUNTER_ACTIONS)[number]['id'];

/**
 * Which buttons work now, from the ticket at the counter (shared/queue/ticket.ts's moves):
 * "call next" only while the counter holds no ticket, so a called resident is never skipped
 * by a second keypress; the others only from the state their move starts from.
 */
export function enabledActions(ticket: Pick<QueueTicket, 'state'> | null): Set<CounterAction> {
  if (!ticket) return new Set(['next']);
  const on = new Set<CounterAction>();
  for (const a of COUNTER_ACTIONS) {
    if (a.id === 'next') continue;
    if (TICKET_MOVES[a.id satisfies TicketMove].from.includes(ticket.state)) on.add(a.id);
  }
  return on;
}

/** The action a key press asks for, or null (modifiers, or typing in a field, never press a button). */
export function actionForKey(e: { key: string; altKey: boolean; ctrlKey: boolean; metaKey: boolean; typing: boolean }): CounterAction | null {
  if (e.altKey || e.ctrlKey || e.metaKey || e.typing) return null;
  return COUNTER_ACTIONS.find((a) => a.key === e.key.toLowerCase())?.id ?? null;
}

/** Minutes since `iso`, for the waiting list ("12 mnt"); never negative. */
export function minutesSince(iso: string, now: number): number {
  return Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
}
