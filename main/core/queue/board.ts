import {
  BOARD_LAST_CALLS,
  callDisplayText,
  defaultCounterName,
  GENERAL_GROUP,
  type BoardState,
  type QueueCall,
  type QueueCounter,
  type QueueGroupInfo,
} from '../../../shared/queue/board.js';
import { callText, ticketLabel } from '../../../shared/queue/ticket.js';
import type { ServiceDefinition } from '../../../shared/catalogue/schema.js';
import type { AgencyDefinition } from '../../../shared/catalogue/agency.js';
import type { QueueQueries } from '../../db/queries/queue.js';

/** The groups a counter may serve: one per queue letter of the catalogue (named by its agency), and "Umum". */
export function queueGroups(services: readonly ServiceDefinition[], agencies: readonly AgencyDefinition[]): QueueGroupInfo[] {
  const names = new Map(agencies.map((a) => [a.id, a.name]));
  const byGroup = new Map<string, string>();
  for (const s of services) if (!byGroup.has(s.queueGroup)) byGroup.set(s.queueGroup, names.get(s.agency) ?? s.agency);
  if (!byGroup.has(GENERAL_GROUP)) byGroup.set(GENERAL_GROUP, 'Umum');
  return [...byGroup.entries()].map(([group, label]) => ({ group, label })).sort((a, b) => a.group.localeCompare(b.group));
}

/** A counter nobody configured yet: counter 1 serves every group, so a new office can start at once. */
export function defaultCounters(groups: readonly QueueGroupInfo[]): QueueCounter[] {
  return [{ number: 1, name: defaultCounterName(1), groups: groups.map((g) => g.group), active: true }];
}

/** One call as the loudspeaker and the display get it: both texts from the same numbers. */
export function callOf(c: { callId: string; ticketId: string; group: string; number: number; counter: number; recall: boolean; at: string }, counterName: string): QueueCall {
  return {
    id: c.callId,
    ticketId: c.ticketId,
    label: ticketLabel(c.group, c.number),
    group: c.group,
    number: c.number,
    counter: c.counter,
    counterName,
    spokenText: callText(c.group, c.number, c.counter),
    displayText: callDisplayText(c.group, c.number, counterName),
    recall: c.recall,
    at: c.at,
  };
}

/** The start of an office day (WIB) as an ISO instant. */
export function dayStartIso(day: string): string {
  return new Date(`${day}T00:00:00+07:00`).toISOString();
}

/** Everything the display shows, numbers only; a few indexed queries, whatever the number of tickets stored. */
export function buildBoard(q: QueueQueries, day: string, counters: readonly QueueCounter[], groups: readonly QueueGroupInfo[], now: Date): BoardState {
  const active = counters.filter((c) => c.active);
  const names = new Map(counters.map((c) => [c.number, c.name]));
  const current = new Map<number, { label: string; state: 'called' | 'serving'; since: string }>();
  for (const t of q.current()) {
    if (t.counter === null || current.has(t.counter) || (t.state !== 'called' && t.state !== 'serving')) continue;
    current.set(t.counter, { label: t.label, state: t.state, since: (t.state === 'serving' ? t.servingAt : t.calledAt) ?? t.waitingSince });
  }
  const labels = new Map(groups.map((g) => [g.group, g.label]));
  const counts = new Map(q.waitingCounts(day).map((w) => [w.group, w]));
  const shown = new Set<string>([...active.flatMap((c) => c.groups), ...counts.keys()]);
  return {
    day,
    counters: active.map((c) => ({ number: c.number, name: c.name, groups: c.groups, current: current.get(c.number) ?? null })),
    lastCalls: q.recentCalls(dayStartIso(day), BOARD_LAST_CALLS).map((c) => callOf(c, names.get(c.counter) ?? defaultCounterName(c.counter))),
    waiting: [...shown].sort().map((group) => ({ group, label: labels.get(group) ?? group, waiting: counts.get(group)?.waiting ?? 0, priority: counts.get(group)?.priority ?? 0 })),
    runningText: q.runningText(),
    updatedAt: now.toISOString(),
  };
}
