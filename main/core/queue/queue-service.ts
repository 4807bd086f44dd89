import { randomUUID } from 'node:crypto';
import type { QueueMine, QueueMoveResult, QueueNextResult, QueueTakeResult, QueueWaitingList } from '../../../shared/api/calls/queue.js';
import type { VoiceAudio } from '../../../shared/api/calls/voice.js';
import { ApiFailure } from '../../../shared/api/result.js';
import { officeName } from '../../../shared/domain/wilayah.js';
import { GENERAL_GROUP, type BoardState, type QueueCall, type QueueChangeReason, type QueueCounter, type QueueGroupInfo, type QueueLane } from '../../../shared/queue/board.js';
import { officeDay, officeHour, sequenceDay } from '../../../shared/queue/day.js';
import { timeBucket } from '../../../shared/queue/report.js';
import { nextState, ticketLabel, type TicketMove } from '../../../shared/queue/ticket.js';
import type { TicketChange, TicketRow } from '../../db/queries/queue.js';
import { localStamp } from '../receipts.js';
import type { CoreServices } from '../services.js';
import { buildBoard, callOf, defaultCounters, queueGroups } from './board.js';
import { chimeThen, packedSpeech } from './call-audio.js';

export type QueueDeps = Pick<CoreServices, 'store' | 'events' | 'catalogue' | 'settings' | 'devices' | 'voice' | 'log' | 'now'>;

/** Most tickets waiting in one group on one day: beyond it a take is refused (a bound, not a real office's day). */
export const MAX_WAITING_PER_GROUP = 999;
/** Recent calls whose audio may be asked for (the display asks for the one just announced). */
const MAX_CALLS_KEPT = 50;

const LANE_LABEL: Record<Exclude<QueueLane, 'none'>, string> = { lansia: 'Lansia', disabilitas: 'Disabilitas', ibu_hamil: 'Ibu hamil' };

/**
 * The queue: takes tickets, moves them along the state machine of shared/queue/ticket.ts (each
 * move checked, stored with its history, tally and audit row in one transaction), and tells the
 * display and the desk (queue:called, queue:changed). Numbers start again each office day
 * (WIB); tickets left open from an earlier day are closed when the day turns.
 */
export class QueueService {
  private day: string;
  private readonly calls = new Map<string, QueueCall>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly d: QueueDeps) {
    this.day = officeDay(d.now());
    this.closeEarlierDays();
    // The display must turn to the new day even if nobody takes a ticket at midnight.
    this.timer = setInterval(() => this.today(), 60_000);
    this.timer.unref();
  }

  close(): void {
    clearInterval(this.timer);
  }

  groups(): QueueGroupInfo[] {
    const c = this.d.catalogue.get();
    return queueGroups(c.services, c.agencies);
  }

  /** The admin's counters, or counter 1 for every group until the admin sets some. */
  counters(): QueueCounter[] {
    const stored = this.d.store.queue.counters();
    return stored.length > 0 ? stored : defaultCounters(this.groups());
  }

  setCounters(list: readonly QueueCounter[], actor: string): QueueCounter[] {
    const known = new Set(this.groups().map((g) => g.group));
    for (const c of list) {
      const unknown = c.groups.filter((g) => !known.has(g));
      if (unknown.length > 0) throw new ApiFailure('invalid_request', `counter ${c.number}: no service group ${unknown.join(', ')}`, { field: `counters.${c.number}.groups` });
    }
    const at = this.d.now().toISOString();
    this.d.store.transaction(() => {
      this.d.store.queue.setCounters(list.map((c) => ({ ...c, groups: [...new Set(c.groups)] })), at);
      this.d.store.audit.append(actor, 'queue.counters', null, { counters: list.map((c) => ({ number: c.number, groups: c.groups, active: c.active })) }, at);
    });
    this.changed('counters');
    return this.counters();
  }

  setRunningText(text: string, actor: string): string {
    const at = this.d.now().toISOString();
    this.d.store.transaction(() => {
      this.d.store.queue.setRunningText(text, at);
      this.d.store.audit.append(actor, 'queue.running_text', null, { length: text.length }, at);
    });
    this.changed('running_text');
    return text;
  }

  board(): BoardState {
    return buildBoard(this.d.store.queue, this.today(), this.counters(), this.groups(), this.d.now());
  }

  /**
   * The ticket of a request, numbered with the receipt's queue number. Call inside the
   * submit's transaction; then `changed('issued')` once it committed.
   */
  issueForRequest(submissionId: string, group: string, number: number, source: 'kiosk' | 'desk', actor: string): void {
    const now = this.d.now();
    const id = randomUUID();
    this.d.store.queue.insert({ id, day: officeDay(now), group, number, lane: 'none', source, submissionId, at: now.toISOString() });
    this.d.store.queue.addMove({ ticketId: id, move: 'issue', from: null, to: 'issued', counter: null, detail: { submissionId }, actor, at: now.toISOString() });
  }

  /** The next number of a group today: shared by request receipts and tickets taken alone. */
  nextNumber(group: string, now: Date): number {
    return this.d.store.submissions.nextSequence(`queue-${group}`, sequenceDay(officeDay(now)));
  }

  take(req: { group: string; lane: QueueLane; print: boolean }, source: 'kiosk' | 'desk', actor: string): QueueTakeResult {
    const group = req.group === 'general' ? GENERAL_GROUP : req.group;
    if (!this.groups().some((g) => g.group === group)) throw new ApiFailure('not_found', `no service group ${group}`);
    const day = this.today();
    if (this.d.store.queue.countInGroup(day, group) >= MAX_WAITING_PER_GROUP) {
      throw new ApiFailure('conflict', `group ${group} already has ${MAX_WAITING_PER_GROUP} tickets waiting`);
    }
    const now = this.d.now();
    const at = now.toISOString();
    const id = randomUUID();
    const ticket = this.d.store.transaction(() => {
      const number = this.nextNumber(group, now);
      this.d.store.queue.insert({ id, day, group, number, lane: req.lane, source, submissionId: null, at });
      this.d.store.queue.addMove({ ticketId: id, move: 'issue', from: null, to: 'issued', counter: null, detail: { lane: req.lane }, actor, at });
      this.d.store.audit.append(actor, 'queue.take', id, { label: ticketLabel(group, number), lane: req.lane, source }, at);
      return this.d.store.queue.get(id)!;
    });
    const ahead = this.ahead(ticket);
    let printJob = null;
    if (req.print) {
      const office = officeName(this.d.settings.get().officeCode);
      printJob = this.d.devices.printTicket(id, {
        officeName: office ? `Desa ${office.desa}` : 'Kantor Desa',
        ...(office ? { officeLine: `Kecamatan ${office.kecamatan}, Kabupaten Serang` } : {}),
        serviceTitle: this.groups().find((g) => g.group === group)?.label ?? group,
        registrationNo: ticket.label,
        trackingCode: '',
        issuedAt: localStamp(now),
        requirements: [],
        ticket: { label: ticket.label, lane: req.lane === 'none' ? null : LANE_LABEL[req.lane], ahead },
      });
    }
    this.changed('issued');
    return { ticket: publicTicket(ticket), ahead, printJob };
  }

  /** Tickets that will be called before this one in its group (calling order). */
  private ahead(t: TicketRow): number {
    const list = this.d.store.queue.waitingInGroup(t.day, t.queueGroup, MAX_WAITING_PER_GROUP + 1);
    const i = list.findIndex((x) => x.id === t.id);
    return i < 0 ? list.length : i;
  }

  waiting(req: { group?: string | undefined; counter?: number | undefined; limit: number }): QueueWaitingList {
    const day = this.today();
    const q = this.d.store.queue;
    if (req.counter !== undefined) {
      const c = this.counter(req.counter);
      return { items: q.waitingForCounter(day, c.number, c.groups, req.limit).map(publicTicket), total: q.countForCounter(day, c.number, c.groups) };
    }
    if (req.group !== undefined) return { items: q.waitingInGroup(day, req.group, req.limit).map(publicTicket), total: q.countInGroup(day, req.group) };
    const all = this.groups().flatMap((g) => q.waitingInGroup(day, g.group, req.limit));
    return { items: all.slice(0, req.limit).map(publicTicket), total: q.waitingCounts(day).reduce((n, w) => n + w.waiting, 0) };
  }

  mine(counter: number): QueueMine {
    const c = this.counter(counter);
    const t = this.d.store.queue.atCounter(c.number);
    return { counter: c, ticket: t ? publicTicket(t) : null };
  }

  next(counter: number, actor: string): QueueNextResult {
    const c = this.activeCounter(counter);
    const busy = this.d.store.queue.atCounter(c.number);
    if (busy) throw new ApiFailure('conflict', `counter ${c.number} still has ${busy.label} (${busy.state}): finish, mark no-show or transfer it first`);
    const [t] = this.d.store.queue.waitingForCounter(this.today(), c.number, c.groups, 1);
    if (!t) return { ticket: null, call: null };
    return this.callTicket(t, c, 'call', actor);
  }

  recall(counter: number, ticketId: string | undefined, actor: string): QueueMoveResult {
    const c = this.activeCounter(counter);
    return this.callTicket(this.currentAt(c.number, ticketId), c, 'recall', actor);
  }

  start(counter: number, ticketId: string | undefined, actor: string): QueueMoveResult {
    const t = this.currentAt(this.counter(counter).number, ticketId);
    const at = this.d.now().toISOString();
    return { ticket: this.apply(t, 'start', { ...changeOf(t), state: 'serving', servingAt: at }, counter, actor, at), call: null };
  }

  finish(counter: number, ticketId: string | undefined, actor: string): QueueMoveResult {
    const t = this.currentAt(this.counter(counter).number, ticketId);
    const at = this.d.now().toISOString();
    return { ticket: this.apply(t, 'finish', { ...changeOf(t), state: 'done', endedAt: at }, counter, actor, at), call: null };
  }

  noShow(counter: number, ticketId: string | undefined, actor: string): QueueMoveResult {
    const t = this.currentAt(this.counter(counter).number, ticketId);
    const at = this.d.now().toISOString();
    return { ticket: this.apply(t, 'no_show', { ...changeOf(t), state: 'no_show', endedAt: at }, counter, actor, at), call: null };
  }

  transfer(counter: number, ticketId: string | undefined, to: { counter: number } | { group: string }, actor: string): QueueMoveResult {
    const t = this.currentAt(this.counter(counter).number, ticketId);
    let target: number | null = null;
    let group = t.queueGroup;
    if ('counter' in to) {
      if (to.counter === counter) throw new ApiFailure('invalid_request', `the ticket is already at counter ${counter}`);
      target = this.activeCounter(to.counter).number;
    } else {
      if (!this.groups().some((g) => g.group === to.group)) throw new ApiFailure('not_found', `no service group ${to.group}`);
      group = to.group;
    }
    const at = this.d.now().toISOString();
    const change: TicketChange = { ...changeOf(t), state: 'transferred', queueGroup: group, targetCounter: target, transfers: t.transfers + 1, waitingSince: at };
    return { ticket: this.apply(t, 'transfer', change, counter, actor, at, { to }), call: null };
  }

  cancel(ticketId: string, actor: string): QueueMoveResult {
    const t = this.d.store.queue.get(ticketId);
    if (!t) throw new ApiFailure('not_found', `no ticket ${ticketId}`);
    const at = this.d.now().toISOString();
    return { ticket: this.apply(t, 'cancel', { ...changeOf(t), state: 'cancelled', endedAt: at }, t.counter, actor, at), call: null };
  }

  /**
   * The audio of a recent call: the chime, then the spoken text, from the office's recorded
   * voice pack when it holds every piece of the call (main/core/queue/call-audio.ts
   * packedSpeech), else espeak-ng (`-v id`, cached by text).
   */
  async callAudio(callId: string): Promise<VoiceAudio> {
    const c = this.calls.get(callId) ?? this.board().lastCalls.find((x) => x.id === callId);
    if (!c) throw new ApiFailure('not_found', `no recent call ${callId}`);
    const packed = packedSpeech(c.spokenText, (key) => this.d.voice.packClip(key));
    if (packed) return { audio: chimeThen(packed).toString('base64'), mime: 'audio/wav', source: 'pack' };
    let speech: Buffer | null = null;
    try {
      const spoken = await this.d.voice.speak(c.spokenText);
      if (spoken.mime === 'audio/wav') speech = Buffer.from(spoken.audio, 'base64');
    } catch (err) {
      // The chime alone still tells the room to look at the display.
      this.d.log.warn('queue call not spoken', { error: err instanceof Error ? err.message : String(err) });
    }
    return { audio: chimeThen(speech).toString('base64'), mime: 'audio/wav', source: 'synth' };
  }

  /** After any change: the whole board to the display and the desk. */
  changed(reason: QueueChangeReason): void {
    this.d.events.emit('queue:changed', { reason, board: this.board() });
  }

  private callTicket(t: TicketRow, c: QueueCounter, move: 'call' | 'recall', actor: string): QueueMoveResult {
    const at = this.d.now().toISOString();
    const callId = randomUUID();
    const change: TicketChange = { ...changeOf(t), state: 'called', counter: c.number, targetCounter: null, calls: t.calls + 1, calledAt: at };
    const ticket = this.apply(t, move, change, c.number, actor, at, { callId }, false);
    const call = callOf({ callId, ticketId: t.id, group: t.group, number: t.number, counter: c.number, recall: move === 'recall', at }, c.name);
    this.calls.set(callId, call);
    if (this.calls.size > MAX_CALLS_KEPT) this.calls.delete(this.calls.keys().next().value!);
    // Start the speech now, so the display's request for the audio finds it cached (not needed when the voice pack says it).
    if (!packedSpeech(call.spokenText, (key) => this.d.voice.packClip(key))) this.d.voice.speak(call.spokenText).catch(() => undefined);
    this.d.events.emit('queue:called', call);
    this.changed(move === 'call' ? 'called' : 'recalled');
    return { ticket, call };
  }

  /**
   * One move: allowed from the ticket's state (else `conflict`), applied only if nobody moved
   * the ticket meanwhile, with its history, report tally and audit row, all in one transaction.
   */
  private apply(t: TicketRow, move: TicketMove, change: TicketChange, counter: number | null, actor: string, at: string, detail: Record<string, unknown> = {}, emit = true) {
    const to = nextState(t.state, move);
    if (to === null || to !== change.state) throw new ApiFailure('conflict', `${t.label} is ${t.state}: it cannot be ${move.replace('_', '-')}`);
    this.d.store.transaction(() => {
      if (!this.d.store.queue.update(t.id, t.state, change)) throw new ApiFailure('conflict', `${t.label} was moved meanwhile; look again`);
      this.d.store.queue.addMove({ ticketId: t.id, move, from: t.state, to, counter, detail, actor, at });
      this.tally(t, move, counter, at);
      this.d.store.audit.append(actor, `queue.${move}`, t.id, { label: t.label, counter, ...detail }, at);
    });
    if (emit) this.changed(REASON[move]);
    return publicTicket(this.d.store.queue.get(t.id)!);
  }

  /** Waiting time ends at a call; serving time at a finish or a transfer onwards; a no-show is counted. */
  private tally(t: TicketRow, move: TicketMove, counter: number | null, at: string): void {
    const hour = String(officeHour(new Date(t.issuedAt))).padStart(2, '0');
    const add = (kind: 'wait' | 'serve' | 'no_show', seconds: number): void => {
      const b = timeBucket(seconds);
      if (counter !== null) this.d.store.queue.tally(t.day, 'counter', String(counter), kind, b);
      this.d.store.queue.tally(t.day, 'hour', hour, kind, b);
    };
    const secs = (from: string | null): number => (from ? (Date.parse(at) - Date.parse(from)) / 1000 : 0);
    if (move === 'call') add('wait', secs(t.waitingSince));
    else if ((move === 'finish' || move === 'transfer') && t.state === 'serving') add('serve', secs(t.servingAt));
    else if (move === 'no_show') add('no_show', 0);
  }

  private counter(n: number): QueueCounter {
    const c = this.counters().find((x) => x.number === n);
    if (!c) throw new ApiFailure('not_found', `no counter ${n}`);
    return c;
  }

  private activeCounter(n: number): QueueCounter {
    const c = this.counter(n);
    if (!c.active) throw new ApiFailure('conflict', `counter ${n} is not active`);
    return c;
  }

  private currentAt(counter: number, ticketId: string | undefined): TicketRow {
    const t = this.d.store.queue.atCounter(counter);
    if (!t) throw new ApiFailure('not_found', `counter ${counter} has no ticket called or being served`);
    if (ticketId !== undefined && t.id !== ticketId) throw new ApiFailure('conflict', `counter ${counter} now has ${t.label}, not the ticket asked for`);
    return t;
  }

  /** Today's office day; when it turned, what was left open of earlier days is closed first. */
  private today(): string {
    const day = officeDay(this.d.now());
    if (day !== this.day) {
      this.day = day;
      this.closeEarlierDays();
      this.changed('day');
    }
    return day;
  }

  /** Waiting and called tickets of earlier days are cancelled, one being served is finished (by 'system'). */
  private closeEarlierDays(): void {
    for (;;) {
      const left = this.d.store.queue.leftovers(this.day);
      if (left.length === 0) return;
      const at = this.d.now().toISOString();
      for (const t of left) {
        const move: TicketMove = t.state === 'serving' ? 'finish' : 'cancel';
        const change: TicketChange = { ...changeOf(t), state: move === 'finish' ? 'done' : 'cancelled', endedAt: at };
        this.apply(t, move, change, t.counter, 'system', at, { reason: 'day ended' }, false);
      }
      this.d.log.info('queue: closed tickets of earlier days', { tickets: left.length });
    }
  }
}

const REASON: Record<TicketMove, QueueChangeReason> = {
  call: 'called',
  recall: 'recalled',
  start: 'serving',
  finish: 'done',
  no_show: 'no_show',
  transfer: 'transferred',
  cancel: 'cancelled',
};

function changeOf(t: TicketRow): TicketChange {
  return {
    state: t.state,
    queueGroup: t.queueGroup,
    counter: t.counter,
    targetCounter: t.targetCounter,
    calls: t.calls,
    transfers: t.transfers,
    waitingSince: t.waitingSince,
    calledAt: t.calledAt,
    servingAt: t.servingAt,
    endedAt: t.endedAt,
  };
}

/** The API's ticket: without the store's bookkeeping. */
function publicTicket({ version: _v, ...t }: TicketRow) {
  return t;
}
