import { z } from 'zod';
import { PRIORITY_LANES, TicketState, ticketLabel } from './ticket.js';

/**
 * The queue as the API carries it: counters (loket), tickets as the desk sees them, one call as
 * the loudspeaker and the waiting-room display get it, and the display's whole board. Nothing
 * here names a resident: a ticket is a letter and a number, a counter a number and a name.
 */

/** A service group: one capital letter, as the catalogue's `queueGroup` (A Dukcapil, B desa…). */
export const QueueGroup = z.string().regex(/^[A-Z]$/, 'one capital letter');
export type QueueGroup = z.infer<typeof QueueGroup>;

/** The group of "Ambil nomor antrean" without a request (a resident who only needs an operator). */
export const GENERAL_GROUP = 'U';

/** Lane of a ticket: a priority lane (served first) or none. */
export const QueueLane = z.enum([...PRIORITY_LANES, 'none']);
export type QueueLane = z.infer<typeof QueueLane>;

/** Counters are numbered 1..MAX_COUNTERS (the number is what the voice says: "loket dua"). */
export const MAX_COUNTERS = 20;
export const CounterNumber = z.number().int().min(1).max(MAX_COUNTERS);

/** One counter (loket) as the admin configures it. */
export const QueueCounter = z
  .object({
    number: CounterNumber,
    /** Shown on the display and the desk: "Loket 2", "Loket Dukcapil". */
    name: z.string().trim().min(1).max(40),
    /** The service groups it serves, at least one (GENERAL_GROUP for walk-ins without a request). */
    groups: z.array(QueueGroup).min(1).max(26),
    /** An inactive counter keeps its history but calls no one and is not on the display. */
    active: z.boolean(),
  })
  .strict();
export type QueueCounter = z.infer<typeof QueueCounter>;

/** A service group as the desk and the display name it. */
export const QueueGroupInfo = z.object({
  group: QueueGroup,
  /** Bahasa Indonesia, from the catalogue's agency (e.g. "Dukcapil"); "Umum" for GENERAL_GROUP. */
  label: z.string(),
});
export type QueueGroupInfo = z.infer<typeof QueueGroupInfo>;

/** Where a ticket came from: a request's receipt (kiosk or desk) or "Ambil nomor antrean". */
export const TicketSource = z.enum(['kiosk', 'desk']);

/** A ticket as the desk sees it (and the resident who took it): no name, no NIK. */
export const QueueTicket = z.object({
  id: z.string(),
  /** "A-012". */
  label: z.string(),
  group: QueueGroup,
  number: z.number().int(),
  /** The queue it waits in now: `group`, unless a transfer sent it to another group. */
  queueGroup: QueueGroup,
  /** The office day (WIB) the ticket belongs to, yyyy-mm-dd: numbers start again each day. */
  day: z.string(),
  lane: QueueLane,
  state: TicketState,
  source: TicketSource,
  /** The request this ticket was printed for; null for a ticket taken without a request. */
  submissionId: z.string().nullable(),
  /** The counter that called or serves it (or last did). */
  counter: z.number().int().nullable(),
  /** After a transfer to a counter: only that counter calls it next. */
  targetCounter: z.number().int().nullable(),
  /** How many times it was called (a recall counts), and transferred. */
  calls: z.number().int(),
  transfers: z.number().int(),
  issuedAt: z.string(),
  /** Since when it waits in its queue now (issuedAt, or the moment of its last transfer). */
  waitingSince: z.string(),
  calledAt: z.string().nullable(),
  servingAt: z.string().nullable(),
  /** When it reached done, no_show or cancelled. */
  endedAt: z.string().nullable(),
});
export type QueueTicket = z.infer<typeof QueueTicket>;

/**
 * One call (or recall) of a ticket to a counter: what the loudspeaker says and the display
 * shows, both from this one event. `id` names the call for `queue:call-audio`.
 */
export const QueueCall = z.object({
  id: z.string(),
  ticketId: z.string(),
  label: z.string(),
  group: QueueGroup,
  number: z.number().int(),
  counter: z.number().int(),
  counterName: z.string(),
  /** "Nomor antrean A dua belas, silakan ke loket dua". */
  spokenText: z.string(),
  /** "Nomor antrean A-012, silakan ke Loket 2". */
  displayText: z.string(),
  recall: z.boolean(),
  at: z.string(),
});
export type QueueCall = z.infer<typeof QueueCall>;

/** One counter on the board: its current ticket (called or being served), numbers only. */
export const BoardCounter = z.object({
  number: z.number().int(),
  name: z.string(),
  groups: z.array(QueueGroup),
  current: z.object({ label: z.string(), state: z.enum(['called', 'serving']), since: z.string() }).nullable(),
});
export type BoardCounter = z.infer<typeof BoardCounter>;

export const BoardWaiting = z.object({
  group: QueueGroup,
  label: z.string(),
  /** Tickets waiting in this group now (issued or transferred to the group or one of its counters). */
  waiting: z.number().int(),
  /** Of those, in a priority lane. */
  priority: z.number().int(),
});
export type BoardWaiting = z.infer<typeof BoardWaiting>;

/** How many calls the board keeps (the display shows the last five). */
export const BOARD_LAST_CALLS = 5;
/** Longest running text (marquee) the admin may set. */
export const MAX_RUNNING_TEXT = 300;

/** Everything the waiting-room display shows, display-safe: `queue:board` and every `queue:changed`. */
export const BoardState = z.object({
  /** The office day (WIB) shown. */
  day: z.string(),
  /** Active counters, by number. */
  counters: z.array(BoardCounter),
  /** Newest first, at most BOARD_LAST_CALLS. */
  lastCalls: z.array(QueueCall),
  /** Per service group with a counter or a waiting ticket, by group letter. */
  waiting: z.array(BoardWaiting),
  runningText: z.string(),
  updatedAt: z.string(),
});
export type BoardState = z.infer<typeof BoardState>;

/** Why the board changed (the desk's counter screen refreshes its lists on any of these). */
export const QueueChangeReason = z.enum(['issued', 'called', 'recalled', 'serving', 'done', 'no_show', 'transferred', 'cancelled', 'counters', 'running_text', 'day']);
export type QueueChangeReason = z.infer<typeof QueueChangeReason>;

export const QueueChanged = z.object({ reason: QueueChangeReason, board: BoardState });
export type QueueChanged = z.infer<typeof QueueChanged>;

/** The display text of a call; the spoken text is shared/queue/ticket.ts's callText. */
export function callDisplayText(group: string, number: number, counterName: string): string {
  return `Nomor antrean ${ticketLabel(group, number)}, silakan ke ${counterName}`;
}

/** The name a counter gets when the admin gives none: "Loket 2". */
export function defaultCounterName(n: number): string {
  return `Loket ${n}`;
}
