import { z } from 'zod';
import { numberToWords } from './words.js';

/**
 * Queue tickets and their moves, after established queue systems (Qmatic-like): a ticket is
 * issued, called to a counter (recalled as often as needed), served and finished; a ticket
 * that is called and does not come is a no-show; a ticket may be transferred to another counter
 * or service group (it waits again, at the front of that queue); cancelled ends it unserved.
 * Pure data and functions: the core enforces them, the desk shows only the moves allowed.
 */
export const TICKET_STATES = ['issued', 'called', 'serving', 'done', 'no_show', 'cancelled', 'transferred'] as const;
export const TicketState = z.enum(TICKET_STATES);
export type TicketState = (typeof TICKET_STATES)[number];

/** Waiting states: the ticket is in a queue. 'transferred' waits at the front of its new queue. */
export const WAITING_STATES: readonly TicketState[] = ['issued', 'transferred'];
/** Final states: nothing moves a ticket out of them. */
export const FINAL_STATES: readonly TicketState[] = ['done', 'no_show', 'cancelled'];

export const PRIORITY_LANES = ['lansia', 'disabilitas', 'ibu_hamil'] as const;
export const PriorityLane = z.enum(PRIORITY_LANES);
export type PriorityLane = (typeof PRIORITY_LANES)[number];

export type TicketMove = 'call' | 'recall' | 'start' | 'finish' | 'no_show' | 'transfer' | 'cancel';

/** Which state each move starts from and where it leads. */
export const TICKET_MOVES: Record<TicketMove, { from: readonly TicketState[]; to: TicketState }> = {
  call: { from: WAITING_STATES, to: 'called' },
  recall: { from: ['called'], to: 'called' },
  start: { from: ['called'], to: 'serving' },
  finish: { from: ['serving'], to: 'done' },
  no_show: { from: ['called'], to: 'no_show' },
  transfer: { from: ['called', 'serving'], to: 'transferred' },
  cancel: { from: ['issued', 'transferred', 'called'], to: 'cancelled' },
};

/** The state after `move`, or null when the move is not allowed from `state`. */
export function nextState(state: TicketState, move: TicketMove): TicketState | null {
  const m = TICKET_MOVES[move];
  return m.from.includes(state) ? m.to : null;
}

/** "A-012": the group's letter and the day's number, as the receipt prints it. */
export function ticketLabel(group: string, number: number): string {
  return `${group}-${String(number).padStart(3, '0')}`;
}

/** A-012 → { group: 'A', number: 12 }; null for anything else. */
export function parseTicketLabel(label: string): { group: string; number: number } | null {
  const m = /^([A-Z])-(\d{1,6})$/.exec(label);
  return m ? { group: m[1]!, number: Number(m[2]) } : null;
}

/**
 * What the loudspeaker says and the display shows for one call: "Nomor antrean A dua belas,
 * silakan ke loket dua". Both come from this one function and the same call event.
 */
export function callText(group: string, number: number, counterNumber: number): string {
  return `Nomor antrean ${group} ${numberToWords(number)}, silakan ke loket ${numberToWords(counterNumber)}`;
}
