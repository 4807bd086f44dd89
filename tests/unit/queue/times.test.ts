import { describe, expect, it } from 'vitest';
import { ticketTimes, type TimedMove } from '../../../shared/queue/times.js';

const at = (s: number): string => new Date(Date.UTC(2026, 10, 23, 1) + s * 1000).toISOString();
const m = (move: string, s: number, from: string | null = null): TimedMove => ({ move, from_state: from, at: at(s) });

describe('ticketTimes', () => {
  it('counts a wait from taking the ticket to the call, and a service from start to finish', () => {
    expect(ticketTimes([m('issue', 0), m('call', 95.7, 'issued'), m('recall', 200, 'called'), m('start', 260, 'called'), m('finish', 560, 'serving')])).toEqual({
      waitSeconds: 95,
      waits: 1,
      serveSeconds: 300,
      serves: 1,
    });
  });

  it('starts a new wait at a transfer, ends a service at a transfer onwards, and counts a no-show wait only', () => {
    const moves = [m('issue', 0), m('call', 60, 'issued'), m('start', 70, 'called'), m('transfer', 170, 'serving'), m('call', 230, 'transferred'), m('no_show', 300, 'called')];
    expect(ticketTimes(moves)).toEqual({ waitSeconds: 120, waits: 2, serveSeconds: 100, serves: 1 });
    // Transferred while only called: no service to count, a second wait begins.
    expect(ticketTimes([m('issue', 0), m('call', 10, 'issued'), m('transfer', 20, 'called'), m('call', 50, 'transferred')])).toEqual({ waitSeconds: 40, waits: 2, serveSeconds: 0, serves: 0 });
  });

  it('never counts a negative time (a clock stepped back) and nothing for a ticket still waiting', () => {
    expect(ticketTimes([m('issue', 100), m('call', 40, 'issued')])).toEqual({ waitSeconds: 0, waits: 1, serveSeconds: 0, serves: 0 });
    expect(ticketTimes([m('issue', 0)])).toEqual({ waitSeconds: 0, waits: 0, serveSeconds: 0, serves: 0 });
  });
});
