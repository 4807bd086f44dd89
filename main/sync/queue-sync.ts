import { ticketTimes } from '../../shared/queue/times.js';
import { QUEUE_PAGE, type QueueTicketSync } from '../../shared/sync/queue.js';
import type { QueueQueries, TicketRow } from '../db/queries/queue.js';
import type { HubClient } from './client.js';

/** A stored ticket as it travels: its fields, its version, and its times from its history. */
export function ticketForHub(t: TicketRow, moves: ReturnType<QueueQueries['moves']>): QueueTicketSync {
  return {
    id: t.id,
    day: t.day,
    group: t.group,
    number: t.number,
    queueGroup: t.queueGroup,
    lane: t.lane,
    state: t.state,
    source: t.source,
    submissionId: t.submissionId,
    counter: t.counter,
    calls: t.calls,
    transfers: t.transfers,
    issuedAt: t.issuedAt,
    calledAt: t.calledAt,
    servingAt: t.servingAt,
    endedAt: t.endedAt,
    ...ticketTimes(moves),
    version: t.version,
  };
}

/**
 * The tickets whose newest version the hub has not acknowledged, a page at a time, oldest
 * first (after the requests: a ticket names its request). Each is marked synced at the version
 * sent, only on the hub's answer, so a move made meanwhile is sent on the next pass and a lost
 * answer re-sends the page (the hub keeps the highest version). Returns how many requests it made.
 */
export async function pushQueueTickets(
  hub: Pick<HubClient, 'postQueueTickets'>,
  queue: Pick<QueueQueries, 'unsynced' | 'moves' | 'markSynced'>,
): Promise<number> {
  let requests = 0;
  for (;;) {
    const due = queue.unsynced(QUEUE_PAGE).map((t) => ticketForHub(t, queue.moves(t.id)));
    if (due.length === 0) return requests;
    requests++;
    const ack = await hub.postQueueTickets(due);
    const held = new Set([...ack.accepted, ...ack.duplicate]);
    queue.markSynced(due.filter((t) => held.has(t.id)).map((t) => ({ id: t.id, version: t.version })));
    // The hub answered for fewer than sent: stop here (the rest go on the next pass) rather than loop on them.
    if (held.size < due.length || due.length < QUEUE_PAGE) return requests;
  }
}
