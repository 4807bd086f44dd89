import { describe, expect, it } from 'vitest';
import { splitByMonth } from '../../../shared/reports/month-split.js';

describe('splitByMonth', () => {
  it('reads a whole year as twelve months and no days', () => {
    expect(splitByMonth({ from: '2026-01-01', to: '2026-12-31' })).toEqual({ days: [], months: { from: '2026-01', to: '2026-12' } });
  });
  it('keeps the days at either end out of the months', () => {
    expect(splitByMonth({ from: '2026-01-15', to: '2026-04-10' })).toEqual({
      days: [
        { from: '2026-01-15', to: '2026-01-31' },
        { from: '2026-04-01', to: '2026-04-10' },
      ],
      months: { from: '2026-02', to: '2026-03' },
    });
    // A leap February ends on the 29th; a period ending on the 28th keeps February as days.
    expect(splitByMonth({ from: '2028-02-01', to: '2028-02-29' })).toEqual({ days: [], months: { from: '2028-02', to: '2028-02' } });
    expect(splitByMonth({ from: '2028-02-01', to: '2028-02-28' })).toEqual({ days: [{ from: '2028-02-01', to: '2028-02-28' }], months: null });
  });
  it('gives a period without a whole month as days only, across a year end too', () => {
    expect(splitByMonth({ from: '2026-12-20', to: '2027-01-10' })).toEqual({ days: [{ from: '2026-12-20', to: '2027-01-10' }], months: null });
    expect(splitByMonth({ from: '2026-06-03', to: '2026-06-03' })).toEqual({ days: [{ from: '2026-06-03', to: '2026-06-03' }], months: null });
    expect(splitByMonth({ from: '2026-11-02', to: '2027-01-31' })).toEqual({ days: [{ from: '2026-11-02', to: '2026-11-30' }], months: { from: '2026-12', to: '2027-01' } });
  });
});
