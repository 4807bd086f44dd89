import type { Database } from 'better-sqlite3';
import type { QueueCounter, QueueLane, QueueTicket } from '../../../shared/queue/board.js';
import type { TicketMove, TicketState } from '../../../shared/queue/ticket.js';
import { splitByMonth } from '../../../shared/reports/month-split.js';

interface Raw {
  id: string;
  day: string;
  grp: string;
  number: number;
  queue_grp: string;
  lane: QueueLane;
  state: TicketState;
  source: 'kiosk' | 'desk';
  submission_id: string | null;
  counter: number | null;
  target_counter: number | null;
  calls: number;
  transfers: number;
  issued_at: string;
  waiting_since: string;
  called_at: string | null;
  serving_at: string | null;
  ended_at: string | null;
  version: number;
}

/** A stored ticket: the API's view plus its sync version. */
export interface TicketRow extends QueueTicket {
  version: number;
}

const toTicket = (r: Raw): TicketRow => ({
  id: r.id,
  label: `${r.grp}-${String(r.number).padStart(3, '0')}`,
  group: r.grp,
  number: r.number,
  day: r.day,
  lane: r.lane,
  state: r.state,
  source: r.source,
  submissionId: r.submission_id,
  counter: r.counter,
  targetCounter: r.target_counter,
  calls: r.calls,
  transfers: r.transfers,
  issuedAt: r.issued_at,
  waitingSince: r.waiting_since,
  calledAt: r.called_at,
  servingAt: r.serving_at,
  endedAt: r.ended_at,
  queueGroup: r.queue_grp,
  version: r.version,
});

export interface NewTicket {
  id: string;
  day: string;
  group: string;
  number: number;
  lane: QueueLane;
  source: 'kiosk' | 'desk';
  submissionId: string | null;
  at: string;
}

/** The columns a move may change (the query bumps the version and checks the state it came from). */
export interface TicketChange {
  state: TicketState;
  queueGroup: string;
  counter: number | null;
  targetCounter: number | null;
  calls: number;
  transfers: number;
  waitingSince: string;
  calledAt: string | null;
  servingAt: string | null;
  endedAt: string | null;
}

export interface MoveRow {
  ticketId: string;
  move: TicketMove | 'issue';
  from: TicketState | null;
  to: TicketState;
  counter: number | null;
  detail: unknown;
  actor: string;
  at: string;
}

export interface RecentCallRow {
  callId: string;
  ticketId: string;
  group: string;
  number: number;
  counter: number;
  recall: boolean;
  at: string;
}

export type TallyKind = 'wait' | 'serve' | 'no_show';
export interface TallyRow {
  dim: 'counter' | 'hour';
  key: string;
  kind: TallyKind;
  bucket: number;
  n: number;
}

const COLS =
  'id, day, grp, number, queue_grp, lane, state, source, submission_id, counter, target_counter, calls, transfers, issued_at, waiting_since, called_at, serving_at, ended_at, version';
const WAITING = "state IN ('issued', 'transferred')";
/** Calling order: transferred to this very counter, then transfers (they waited once), then priority lanes, then first come. */
const ORDER = "(target_counter IS NOT NULL) DESC, (state = 'transferred') DESC, (lane <> 'none') DESC, waiting_since, number";

/** The queue's tables (migration 0140): counters, tickets, their moves, the report tallies, the running text. */
export function queueQueries(db: Database) {
  const s = {
    counters: db.prepare<[], { number: number; name: string; groups: string; active: number }>('SELECT number, name, groups, active FROM queue_counters ORDER BY number'),
    upsertCounter: db.prepare(
      'INSERT INTO queue_counters (number, name, groups, active, updated_at) VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT (number) DO UPDATE SET name = excluded.name, groups = excluded.groups, active = excluded.active, updated_at = excluded.updated_at',
    ),
    deactivateAll: db.prepare('UPDATE queue_counters SET active = 0, updated_at = ? WHERE active = 1'),
    runningText: db.prepare<[], { running_text: string }>('SELECT running_text FROM queue_board WHERE singleton = 1'),
    setRunningText: db.prepare(
      'INSERT INTO queue_board (singleton, running_text, updated_at) VALUES (1, ?, ?) ON CONFLICT (singleton) DO UPDATE SET running_text = excluded.running_text, updated_at = excluded.updated_at',
    ),
    insert: db.prepare(
      "INSERT INTO queue_tickets (id, day, grp, number, queue_grp, lane, state, source, submission_id, issued_at, waiting_since) VALUES (?, ?, ?, ?, ?, ?, 'issued', ?, ?, ?, ?)",
    ),
    byId: db.prepare<[string], Raw>(`SELECT ${COLS} FROM queue_tickets WHERE id = ?`),
    bySubmission: db.prepare<[string], Raw>(`SELECT ${COLS} FROM queue_tickets WHERE submission_id = ? ORDER BY issued_at DESC LIMIT 1`),
    atCounter: db.prepare<[number], Raw>(`SELECT ${COLS} FROM queue_tickets WHERE counter = ? AND state IN ('called', 'serving') ORDER BY called_at DESC LIMIT 1`),
    current: db.prepare<[], Raw>(`SELECT ${COLS} FROM queue_tickets WHERE state IN ('called', 'serving') AND counter IS NOT NULL ORDER BY counter, called_at DESC`),
    forCounter: db.prepare<[string, number, string, number], Raw>(
      `SELECT ${COLS} FROM queue_tickets WHERE day = ? AND ${WAITING} ` +
        'AND (target_counter = ? OR (target_counter IS NULL AND queue_grp IN (SELECT value FROM json_each(?)))) ' +
        `ORDER BY ${ORDER} LIMIT ?`,
    ),
    countForCounter: db.prepare<[string, number, string], { n: number }>(
      `SELECT count(*) AS n FROM queue_tickets WHERE day = ? AND ${WAITING} AND (target_counter = ? OR (target_counter IS NULL AND queue_grp IN (SELECT value FROM json_each(?))))`,
    ),
    forGroup: db.prepare<[string, string, number], Raw>(`SELECT ${COLS} FROM queue_tickets WHERE day = ? AND ${WAITING} AND queue_grp = ? ORDER BY ${ORDER} LIMIT ?`),
    countForGroup: db.prepare<[string, string], { n: number }>(`SELECT count(*) AS n FROM queue_tickets WHERE day = ? AND ${WAITING} AND queue_grp = ?`),
    waitingCounts: db.prepare<[string], { grp: string; n: number; priority: number }>(
      `SELECT queue_grp AS grp, count(*) AS n, sum(lane <> 'none') AS priority FROM queue_tickets WHERE day = ? AND ${WAITING} GROUP BY queue_grp`,
    ),
    update: db.prepare(
      'UPDATE queue_tickets SET state = @state, queue_grp = @queueGroup, counter = @counter, target_counter = @targetCounter, calls = @calls, transfers = @transfers, ' +
        'waiting_since = @waitingSince, called_at = @calledAt, serving_at = @servingAt, ended_at = @endedAt, version = version + 1 WHERE id = @id AND state = @from',
    ),
    move: db.prepare('INSERT INTO queue_moves (ticket_id, move, from_state, to_state, counter, detail, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    moves: db.prepare<[string], { move: string; from_state: string | null; to_state: string; counter: number | null; actor: string; at: string }>(
      'SELECT move, from_state, to_state, counter, actor, at FROM queue_moves WHERE ticket_id = ? ORDER BY seq',
    ),
    recentCalls: db.prepare<[string, number], { detail: string; ticket_id: string; grp: string; number: number; counter: number; move: string; at: string }>(
      "SELECT m.detail, m.ticket_id, t.grp, t.number, m.counter, m.move, m.at FROM queue_moves AS m JOIN queue_tickets AS t ON t.id = m.ticket_id WHERE m.move IN ('call', 'recall') AND m.at >= ? ORDER BY m.at DESC, m.seq DESC LIMIT ?",
    ),
    leftovers: db.prepare<[string], Raw>(`SELECT ${COLS} FROM queue_tickets WHERE day < ? AND state IN ('issued', 'transferred', 'called', 'serving') LIMIT 500`),
    tally: db.prepare('INSERT INTO queue_tally (day, dim, key, kind, bucket, n) VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (day, dim, key, kind, bucket) DO UPDATE SET n = n + 1'),
    tallies: db.prepare<[string, string], TallyRow>('SELECT dim, key, kind, bucket, n FROM queue_tally WHERE day BETWEEN ? AND ? AND n <> 0'),
    monthTallies: db.prepare<[string, string], TallyRow>('SELECT dim, key, kind, bucket, n FROM queue_tally_month WHERE month BETWEEN ? AND ? AND n <> 0'),
    stateTallies: db.prepare<[string, string], { dim: 'state' | 'lane'; key: string; n: number }>(
      'SELECT dim, key, sum(n) AS n FROM queue_state_tally WHERE day BETWEEN ? AND ? GROUP BY dim, key',
    ),
    unsynced: db.prepare<[number], Raw>(`SELECT ${COLS} FROM queue_tickets WHERE version > synced_version ORDER BY issued_at LIMIT ?`),
    markSynced: db.prepare('UPDATE queue_tickets SET synced_version = max(synced_version, ?) WHERE id = ?'),
    unsyncedCount: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM queue_tickets WHERE version > synced_version'),
  };

  return {
    counters: (): QueueCounter[] =>
      s.counters.all().map((c) => ({ number: c.number, name: c.name, groups: JSON.parse(c.groups) as string[], active: c.active === 1 })),
    /** The whole list: the ones given, active or not as given; every other counter inactive. Call in a transaction. */
    setCounters(list: readonly QueueCounter[], at: string): void {
      s.deactivateAll.run(at);
      for (const c of list) s.upsertCounter.run(c.number, c.name, JSON.stringify(c.groups), c.active ? 1 : 0, at);
    },
    runningText: (): string => s.runningText.get()?.running_text ?? '',
    setRunningText: (text: string, at: string) => void s.setRunningText.run(text, at),

    insert(t: NewTicket): void {
      s.insert.run(t.id, t.day, t.group, t.number, t.group, t.lane, t.source, t.submissionId, t.at, t.at);
    },
    get: (id: string): TicketRow | undefined => {
      const r = s.byId.get(id);
      return r && toTicket(r);
    },
    forSubmission: (submissionId: string): TicketRow | undefined => {
      const r = s.bySubmission.get(submissionId);
      return r && toTicket(r);
    },
    atCounter: (counter: number): TicketRow | undefined => {
      const r = s.atCounter.get(counter);
      return r && toTicket(r);
    },
    /** Every ticket called or being served now, by counter. */
    current: (): TicketRow[] => s.current.all().map(toTicket),
    /** Waiting for this counter (sent to it, or in one of its groups), in calling order. */
    waitingForCounter: (day: string, counter: number, groups: readonly string[], limit: number): TicketRow[] =>
      s.forCounter.all(day, counter, JSON.stringify(groups), limit).map(toTicket),
    countForCounter: (day: string, counter: number, groups: readonly string[]): number => s.countForCounter.get(day, counter, JSON.stringify(groups))!.n,
    /** Waiting in a group (those sent to one counter included), in calling order. */
    waitingInGroup: (day: string, group: string, limit: number): TicketRow[] => s.forGroup.all(day, group, limit).map(toTicket),
    countInGroup: (day: string, group: string): number => s.countForGroup.get(day, group)!.n,
    waitingCounts: (day: string) => s.waitingCounts.all(day).map((r) => ({ group: r.grp, waiting: r.n, priority: r.priority })),
    /** Applies a move's change if the ticket is still in `from` (false: someone else moved it first). */
    update: (id: string, from: TicketState, c: TicketChange): boolean => s.update.run({ id, from, ...c }).changes === 1,
    addMove(m: MoveRow): void {
      s.move.run(m.ticketId, m.move, m.from, m.to, m.counter, m.detail === undefined || m.detail === null ? null : JSON.stringify(m.detail), m.actor, m.at);
    },
    moves: (ticketId: string) => s.moves.all(ticketId),
    /** Calls since `sinceIso`, newest first. */
    recentCalls: (sinceIso: string, limit: number): RecentCallRow[] =>
      s.recentCalls.all(sinceIso, limit).map((r) => ({
        callId: (JSON.parse(r.detail) as { callId: string }).callId,
        ticketId: r.ticket_id,
        group: r.grp,
        number: r.number,
        counter: r.counter,
        recall: r.move === 'recall',
        at: r.at,
      })),
    /** Tickets of days before `day` still open (at most 500 a call: the caller repeats). */
    leftovers: (day: string): TicketRow[] => s.leftovers.all(day).map(toTicket),
    tally: (day: string, dim: 'counter' | 'hour', key: string, kind: TallyKind, bucket: number) => void s.tally.run(day, dim, key, kind, bucket),
    /** The report histograms of a period (one row per day or month and bucket: the caller sums); whole months from migration 0210's monthly tally. */
    tallies(from: string, to: string): TallyRow[] {
      const split = splitByMonth({ from, to });
      const rows = split.days.flatMap((d) => s.tallies.all(d.from, d.to));
      if (split.months) rows.push(...s.monthTallies.all(split.months.from, split.months.to));
      return rows;
    },
    stateTallies: (from: string, to: string) => s.stateTallies.all(from, to),
    unsynced: (limit: number): TicketRow[] => s.unsynced.all(limit).map(toTicket),
    markSynced(acked: readonly { id: string; version: number }[]): void {
      db.transaction(() => {
        for (const a of acked) s.markSynced.run(a.version, a.id);
      })();
    },
    unsyncedCount: () => s.unsyncedCount.get()!.n,
  };
}
export type QueueQueries = ReturnType<typeof queueQueries>;
