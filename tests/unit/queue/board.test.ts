import { describe, expect, it } from 'vitest';
import { BoardState, callDisplayText, QueueCounter } from '../../../shared/queue/board.js';
import { timeBucket, MAX_TALLIED_SECONDS } from '../../../shared/queue/report.js';
import { callText } from '../../../shared/queue/ticket.js';

describe('queue board types', () => {
  it('says and shows one call from the same numbers', () => {
    expect(callText('A', 12, 2)).toBe('Nomor antrean A dua belas, silakan ke loket dua');
    expect(callDisplayText('A', 12, 'Loket 2')).toBe('Nomor antrean A-012, silakan ke Loket 2');
  });

  it('refuses a counter without a group, a lower-case group or a number out of range', () => {
    expect(QueueCounter.safeParse({ number: 1, name: 'Loket 1', groups: ['A'], active: true }).success).toBe(true);
    expect(QueueCounter.safeParse({ number: 1, name: 'Loket 1', groups: [], active: true }).success).toBe(false);
    expect(QueueCounter.safeParse({ number: 1, name: 'Loket 1', groups: ['a'], active: true }).success).toBe(false);
    expect(QueueCounter.safeParse({ number: 21, name: 'Loket 21', groups: ['A'], active: true }).success).toBe(false);
    expect(QueueCounter.safeParse({ number: 1, name: 'x'.repeat(41), groups: ['A'], active: true }).success).toBe(false);
  });

  it('a board carries no field a name could hide in beyond its declared shape', () => {
    const keys = Object.keys(BoardState.shape).sort();
    expect(keys).toEqual(['counters', 'day', 'lastCalls', 'runningText', 'updatedAt', 'waiting']);
  });

  it('buckets durations: 15 s under 5 min, 1 min under an hour, 5 min under 8 h, 30 min beyond, bounded', () => {
    expect(timeBucket(-5)).toBe(0);
    expect(timeBucket(44)).toBe(30);
    expect(timeBucket(299)).toBe(285);
    expect(timeBucket(359)).toBe(300);
    expect(timeBucket(3599)).toBe(3540);
    expect(timeBucket(3600 + 299)).toBe(3600);
    expect(timeBucket(9 * 3600 + 1799)).toBe(9 * 3600);
    expect(timeBucket(1e12)).toBe(MAX_TALLIED_SECONDS - (MAX_TALLIED_SECONDS % 1800));
  });
});
