import { describe, expect, it } from 'vitest';
import { actionForKey, COUNTER_ACTIONS, enabledActions, minutesSince } from '../../../renderer/src/operator/queue/counter-moves.js';
import { TICKET_STATES } from '../../../shared/queue/ticket.js';

const key = (k: string, over: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean; typing: boolean }> = {}) =>
  actionForKey({ key: k, altKey: false, ctrlKey: false, metaKey: false, typing: false, ...over });

describe('the counter screen\'s buttons and keys', () => {
  it('a free counter can only call next; a called ticket can be recalled, started, marked no-show or transferred; a served one finished or transferred', () => {
    expect([...enabledActions(null)]).toEqual(['next']);
    expect([...enabledActions({ state: 'called' })].sort()).toEqual(['no_show', 'recall', 'start', 'transfer']);
    expect([...enabledActions({ state: 'serving' })].sort()).toEqual(['finish', 'transfer']);
    // "Call next" never while the counter holds a ticket: a second N does not skip the called resident.
    for (const state of TICKET_STATES) expect(enabledActions({ state }).has('next'), state).toBe(false);
    for (const state of ['done', 'no_show', 'cancelled'] as const) expect(enabledActions({ state }).size, state).toBe(0);
  });

  it('one plain key per button, any case; never with a modifier (Alt is the desk\'s navigation) or while typing', () => {
    expect(COUNTER_ACTIONS.map((a) => key(a.key))).toEqual(COUNTER_ACTIONS.map((a) => a.id));
    expect(key('N')).toBe('next');
    expect(key('n', { altKey: true })).toBeNull();
    expect(key('s', { ctrlKey: true })).toBeNull();
    expect(key('t', { metaKey: true })).toBeNull();
    expect(key('n', { typing: true })).toBeNull();
    expect(key('x')).toBeNull();
    expect(key('Enter')).toBeNull();
    expect(new Set(COUNTER_ACTIONS.map((a) => a.key)).size).toBe(COUNTER_ACTIONS.length);
  });

  it('minutes waited, whole and never negative (a clock a little ahead)', () => {
    const t0 = Date.parse('2026-12-02T08:00:00Z');
    expect(minutesSince('2026-12-02T08:00:00Z', t0 + 59_999)).toBe(0);
    expect(minutesSince('2026-12-02T08:00:00Z', t0 + 12 * 60_000)).toBe(12);
    expect(minutesSince('2026-12-02T08:05:00Z', t0)).toBe(0);
  });
});
