import { z } from 'zod';
import { call } from '../define.js';
import type { PrintJob } from './devices.js';
import type { VoiceAudio } from './voice.js';
import { ReportPeriod } from './reports.js';
import {
  CounterNumber,
  MAX_COUNTERS,
  MAX_RUNNING_TEXT,
  QueueCounter,
  QueueGroup,
  QueueLane,
  type BoardState,
  type QueueCall,
  type QueueGroupInfo,
  type QueueTicket,
} from '../../queue/board.js';
import type { QueueReport } from '../../queue/report.js';

/**
 * The queue (issue 11 §1). Who calls what:
 * - a resident at the kiosk takes a ticket (`queue:take`), and nothing else of the queue;
 * - the waiting-room display (a page opened with `mode=display`: principal 'display') reads the
 *   board and the audio of a call, numbers only;
 * - an operator at a counter (`queue.serve`) calls, recalls, starts, finishes, marks a no-show,
 *   transfers and cancels; every such move is audited;
 * - the admin (`settings.manage`) sets the counters and the running text.
 * Counter moves act on the counter's current ticket (at most one called or serving per counter);
 * `ticketId`, when given, must be that ticket (a second click on a stale screen is refused).
 */

export interface QueueTakeResult {
  ticket: QueueTicket;
  /** Tickets ahead of it in its group now (priority lanes and transfers first). */
  ahead: number;
  /** The printed ticket's job in the receipt print queue; null when printing was not asked or no printer is set. */
  printJob: PrintJob | null;
}

export interface QueueCountersView {
  counters: QueueCounter[];
  /** Every group a counter may serve: the catalogue's groups and GENERAL_GROUP. */
  groups: QueueGroupInfo[];
}

/** A move's answer: the ticket after it and, for a call or recall, the call that was announced. */
export interface QueueMoveResult {
  ticket: QueueTicket;
  call: QueueCall | null;
}

/** `queue:next` when no one waits for this counter: ticket and call are null. */
export interface QueueNextResult {
  ticket: QueueTicket | null;
  call: QueueCall | null;
}

export interface QueueMine {
  counter: QueueCounter;
  /** The counter's ticket now (called or serving), or null. */
  ticket: QueueTicket | null;
}

export interface QueueWaitingList {
  /** In calling order for the group (priority lanes and transfers first), at most `limit`. */
  items: QueueTicket[];
  /** All waiting in the group (or in the counter's groups), beyond the page. */
  total: number;
}

const Group = z.union([z.literal('general'), QueueGroup]);
const AtCounter = z.object({ counter: CounterNumber, ticketId: z.string().uuid().optional() }).strict();
const TransferTo = z.union([z.object({ counter: CounterNumber }).strict(), z.object({ group: QueueGroup }).strict()]);

const SERVE = ['queue.serve'] as const;

export const queueCalls = {
  /**
   * Takes a ticket ("Ambil nomor antrean"): `group` is a service group letter or 'general'
   * (GENERAL_GROUP); a priority lane is served first. Prints it on the receipt printer unless
   * `print` is false. Rate-limited per kiosk page.
   */
  'queue:take': call<QueueTakeResult>()(
    ['resident', 'requests.create'],
    z.object({ group: Group, lane: QueueLane.default('none'), print: z.boolean().default(true) }).strict(),
  ),
  /** The display's board: current call per counter, last five calls, waiting per group, running text. */
  'queue:board': call<BoardState>()(['display', 'queue.serve', 'settings.manage'], z.object({}).strict()),
  /** The audio of a recent call (a chime, then the spoken text), for the display's loudspeaker. */
  'queue:call-audio': call<VoiceAudio>()(['display', 'queue.serve'], z.object({ callId: z.string().uuid() }).strict()),
  'queue:counters': call<QueueCountersView>()(['queue.serve', 'settings.manage'], z.object({}).strict()),
  /** Replaces the counter list (numbers unique); a counter left out becomes inactive, its history kept. */
  'queue:counters:set': call<QueueCountersView>()(
    ['settings.manage'],
    z
      .object({ counters: z.array(QueueCounter).min(1).max(MAX_COUNTERS) })
      .strict()
      .refine((r) => new Set(r.counters.map((c) => c.number)).size === r.counters.length, 'counter numbers must be unique'),
  ),
  'queue:running-text:set': call<{ runningText: string }>()(['settings.manage'], z.object({ text: z.string().trim().max(MAX_RUNNING_TEXT) }).strict()),
  /** The waiting list of a group, or of every group a counter serves, in calling order. */
  'queue:waiting': call<QueueWaitingList>()(
    SERVE,
    z
      .object({ group: QueueGroup.optional(), counter: CounterNumber.optional(), limit: z.number().int().min(1).max(200).default(50) })
      .strict(),
  ),
  'queue:mine': call<QueueMine>()(SERVE, z.object({ counter: CounterNumber }).strict()),
  /** Calls the next ticket for this counter (announced on the display and the loudspeaker). */
  'queue:next': call<QueueNextResult>()(SERVE, z.object({ counter: CounterNumber }).strict()),
  'queue:recall': call<QueueMoveResult>()(SERVE, AtCounter),
  'queue:start': call<QueueMoveResult>()(SERVE, AtCounter),
  'queue:finish': call<QueueMoveResult>()(SERVE, AtCounter),
  'queue:no-show': call<QueueMoveResult>()(SERVE, AtCounter),
  /** The counter's ticket waits again, at the front: only for that counter, or in that group. */
  'queue:transfer': call<QueueMoveResult>()(SERVE, AtCounter.extend({ to: TransferTo }).strict()),
  /** A waiting (or called) ticket whose resident has left. */
  'queue:cancel': call<QueueMoveResult>()(SERVE, z.object({ ticketId: z.string().uuid() }).strict()),
  /** Waiting and serving times per counter and hour of day; the CLI's `report queue` uses the same code. */
  'reports:queue': call<QueueReport>()(['reports.read'], z.object({ period: ReportPeriod }).strict()),
};
