import { describe, expect, it } from 'vitest';
import { nextState, parseTicketLabel, ticketLabel, TICKET_STATES, FINAL_STATES, type TicketMove } from '../../../shared/queue/ticket.js';

describe('ticket state machine', () => {
  it('walks the happy path issued → called → serving → done', () => {
    expect(nextState('issued', 'call')).toBe('called');
    expect(nextState('called', 'recall')).toBe('called');
    expect(nextState('called', 'start')).toBe('serving');
    expect(nextState('serving', 'finish')).toBe('done');
  });

  it('allows no-show only after a call, and transfer of a called or served ticket', () => {
    expect(nextState('called', 'no_show')).toBe('no_show');
    expect(nextState('issued', 'no_show')).toBeNull();
    expect(nextState('serving', 'no_show')).toBeNull();
    expect(nextState('called', 'transfer')).toBe('transferred');
    expect(nextState('serving', 'transfer')).toBe('transferred');
    expect(nextState('transferred', 'call')).toBe('called');
    expect(nextState('issued', 'transfer')).toBeNull();
  });

  it('moves nothing out of a final state', () => {
    const moves: TicketMove[] = ['call', 'recall', 'start', 'finish', 'no_show', 'transfer', 'cancel'];
    for (const s of FINAL_STATES) for (const m of moves) expect(nextState(s, m)).toBeNull();
    expect(TICKET_STATES).toHaveLength(7);
  });

  it('formats and parses labels', () => {
    expect(ticketLabel('A', 7)).toBe('A-007');
    expect(ticketLabel('B', 1234)).toBe('B-1234');
    expect(parseTicketLabel('A-012')).toEqual({ group: 'A', number: 12 });
    expect(parseTicketLabel('a-012')).toBeNull();
    expect(parseTicketLabel('A012')).toBeNull();
  });
});
