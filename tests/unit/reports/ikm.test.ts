import { describe, expect, it } from 'vitest';
import { SKM_UNSUR } from '../../../shared/catalogue/skm.js';
import { ikmRow, percentile, periodAround, periodProblem, slaReport, type UnsurSums } from '../../../shared/reports/reports.js';

/** Sums and counts per unsur from answer sheets (one array of 9 scores per respondent). */
function sumsOf(sheets: number[][]): UnsurSums {
  const s = {} as UnsurSums;
  SKM_UNSUR.forEach((u, i) => {
    const answers = sheets.map((r) => r[i]!).filter((v) => v > 0);
    s[u] = { sum: answers.reduce((a, b) => a + b, 0), count: answers.length };
  });
  return s;
}

describe('IKM per PermenPAN-RB 14/2017 (worked example by hand)', () => {
  // Four respondents, U1..U9:
  //   R1: 4 4 3 4 3 3 4 3 3
  //   R2: 3 3 3 4 3 3 3 3 2
  //   R3: 4 3 2 4 3 4 4 3 3
  //   R4: 3 3 3 4 4 3 4 2 3
  // Sums per unsur: 14 13 11 16 13 13 15 11 11 (total 117)
  // NRR = sum / 4:  3.50 3.25 2.75 4.00 3.25 3.25 3.75 2.75 2.75
  // Weighted NRR = NRR x 1/9: 0.3889 0.3611 0.3056 0.4444 0.3611 0.3611 0.4167 0.3056 0.3056
  // IKM = sum of weighted NRRs = 117 / 4 / 9 = 3.25
  // Converted = 3.25 x 25 = 81.25 -> in 76.61-88.30 -> mutu B, kinerja Baik.
  const sheets = [
    [4, 4, 3, 4, 3, 3, 4, 3, 3],
    [3, 3, 3, 4, 3, 3, 3, 3, 2],
    [4, 3, 2, 4, 3, 4, 4, 3, 3],
    [3, 3, 3, 4, 4, 3, 4, 2, 3],
  ];

  it('gives the NRRs, weighted NRRs, IKM, x25 and mutu computed by hand', () => {
    const r = ikmRow(4, sumsOf(sheets));
    expect(r.responses).toBe(4);
    expect(SKM_UNSUR.map((u) => r.nrr[u])).toEqual([3.5, 3.25, 2.75, 4, 3.25, 3.25, 3.75, 2.75, 2.75]);
    expect(SKM_UNSUR.map((u) => r.weighted[u])).toEqual([0.3889, 0.3611, 0.3056, 0.4444, 0.3611, 0.3611, 0.4167, 0.3056, 0.3056]);
    expect(r.ikm).toBe(3.25);
    expect(r.converted).toBe(81.25);
    expect(r.mutu).toBe('B');
    expect(r.kinerja).toBe('Baik');
  });

  it('divides each unsur by those who answered it (a skipped answer is not a zero)', () => {
    // R4 skipped U9: U9 = (3 + 2 + 3) / 3 = 2.6667; the other unsur as above.
    const skipped = sheets.map((r, i) => (i === 3 ? [...r.slice(0, 8), 0] : r));
    const r = ikmRow(4, sumsOf(skipped));
    expect(r.nrr.u9).toBeCloseTo(8 / 3, 10);
    // IKM = (14/4 + 13/4 + 11/4 + 16/4 + 13/4 + 13/4 + 15/4 + 11/4 + 8/3) / 9 = (26.5 + 2.6667) / 9 = 3.2407
    expect(r.ikm).toBe(3.2407);
    expect(r.converted).toBe(81.02);
  });

  it('puts the boundaries of the mutu bands where the regulation does', () => {
    const flat = (ikm: number): UnsurSums => {
      const s = {} as UnsurSums;
      for (const u of SKM_UNSUR) s[u] = { sum: ikm * 10000, count: 10000 };
      return s;
    };
    expect(ikmRow(1, flat(88.31 / 25)).mutu).toBe('A');
    expect(ikmRow(1, flat(88.3 / 25)).mutu).toBe('B');
    expect(ikmRow(1, flat(76.61 / 25)).mutu).toBe('B');
    expect(ikmRow(1, flat(76.6 / 25)).mutu).toBe('C');
    expect(ikmRow(1, flat(65 / 25)).mutu).toBe('C');
    expect(ikmRow(1, flat(64.99 / 25)).mutu).toBe('D');
    expect(ikmRow(1, flat(1)).converted).toBe(25);
    expect(ikmRow(1, flat(4)).converted).toBe(100);
  });

  it('has no IKM without answers, and says so instead of dividing by zero', () => {
    const r = ikmRow(0, sumsOf([]));
    expect(r.ikm).toBeNull();
    expect(r.mutu).toBeNull();
    expect(r.weighted.u1).toBeNull();
  });
});

describe('report arithmetic', () => {
  it('takes nearest-rank percentiles of weighted values', () => {
    const h = new Map([[0, 5], [1, 3], [4, 2]]); // 0 0 0 0 0 1 1 1 4 4
    expect(percentile(h, 0.5)).toBe(0);
    expect(percentile(h, 0.6)).toBe(1);
    expect(percentile(h, 0.9)).toBe(4);
    expect(percentile(new Map(), 0.5)).toBeNull();
  });

  it('counts SLA in working days, skipping weekends and holidays', () => {
    // Made Fri 2026-03-13. Mon 03-16 is 1 working day. To Wed 03-25: 16, 17 open; 18-20
    // cuti bersama / Nyepi; 21-22 weekend and Idul Fitri; 23-24 cuti bersama; 25 open -> 3.
    const r = slaReport(
      { from: '2026-03-01', to: '2026-03-31' },
      [
        { day: '2026-03-13', finishDay: '2026-03-16', serviceId: 'sktm', n: 3 },
        { day: '2026-03-13', finishDay: '2026-03-25', serviceId: 'sktm', n: 1 },
      ],
      new Map([['sktm', { label: 'SKTM', slaDays: 1 }]]),
    );
    expect(r.rows).toEqual([{ serviceId: 'sktm', label: 'SKTM', slaDays: 1, finished: 4, met: 3, metPct: 75, medianDays: 1, p90Days: 3 }]);
  });

  it('knows days, weeks (Monday first) and months, and refuses bad periods', () => {
    expect(periodAround('day', '2026-12-02')).toEqual({ from: '2026-12-02', to: '2026-12-02' });
    expect(periodAround('week', '2026-12-02')).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(periodAround('month', '2026-02-10')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(periodProblem({ from: '2026-02-30', to: '2026-03-01' })).toMatch(/--from/);
    expect(periodProblem({ from: '2026-03-02', to: '2026-03-01' })).toMatch(/before/);
    expect(periodProblem({ from: '2000-01-01', to: '2026-03-01' })).toMatch(/longer/);
    expect(periodProblem({ from: '2026-03-01', to: '2026-03-01' })).toBeNull();
  });
});
