import { describe, expect, it } from 'vitest';
import { HOLIDAYS } from '../../../shared/domain/holidays.js';
import { addWorkingDays, isWorkingDay, slaState, wibDay, workingDaysBetween } from '../../../shared/domain/working-days.js';

describe('working days (SLA "hari kerja")', () => {
  it('skips weekends, national holidays and cuti bersama', () => {
    expect(isWorkingDay('2026-12-01')).toBe(true); // Tuesday
    expect(isWorkingDay('2026-12-05')).toBe(false); // Saturday
    expect(isWorkingDay('2026-08-17')).toBe(false); // Proklamasi
    expect(isWorkingDay('2026-12-24')).toBe(false); // cuti bersama Natal
    expect(isWorkingDay('2026-03-25')).toBe(true);
  });

  it('counts an SLA across Lebaran 2026: a request on 18 March for 3 working days is due on 27 March', () => {
    // 18 cuti Nyepi, 19 Nyepi, 20 cuti, 21–22 Idul Fitri (weekend), 23–24 cuti: work resumes on 25.
    expect(addWorkingDays('2026-03-18', 3)).toBe('2026-03-27');
    expect(workingDaysBetween('2026-03-18', '2026-03-27')).toBe(3);
    expect(addWorkingDays('2026-12-04', 1)).toBe('2026-12-07'); // Friday → Monday
    expect(addWorkingDays('2026-12-23', 2)).toBe('2026-12-29'); // 24 cuti, 25 Natal, weekend
    expect(workingDaysBetween('2026-12-10', '2026-12-01')).toBe(0);
  });

  it('takes the office day in WIB (UTC+7) and flags a breach only past the SLA', () => {
    expect(wibDay('2026-11-30T18:00:00.000Z')).toBe('2026-12-01');
    const s = slaState('2026-12-01T02:00:00.000Z', 2, '2026-12-03T08:00:00.000Z');
    expect(s).toEqual({ dueDay: '2026-12-03', used: 2, days: 2, breached: false });
    expect(slaState('2026-12-01T02:00:00.000Z', 2, '2026-12-04T08:00:00.000Z').breached).toBe(true);
  });

  it('the holiday data: 2026 as the SKB (17 libur days on 16 dates + 8 cuti bersama), 2027 present and marked provisional where estimated', () => {
    const y2026 = HOLIDAYS.filter((h) => h.date.startsWith('2026'));
    expect(y2026.filter((h) => h.kind === 'cuti-bersama')).toHaveLength(8);
    expect(y2026.filter((h) => h.kind === 'libur')).toHaveLength(17);
    expect(new Set(HOLIDAYS.map((h) => h.date)).size).toBe(HOLIDAYS.length);
    const y2027 = HOLIDAYS.filter((h) => h.date.startsWith('2027'));
    expect(y2027.length).toBeGreaterThanOrEqual(15);
    expect(y2027.some((h) => h.provisional)).toBe(true);
    for (const h of HOLIDAYS) expect(h.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('counts working days between two days as a walk day by day would, over weekends, holidays and years (capped at 2000 days)', () => {
    const walk = (from: string, to: string): number => {
      if (to <= from) return 0;
      const d = new Date(`${from}T00:00:00Z`);
      const end = new Date(`${to}T00:00:00Z`);
      let n = 0;
      for (let i = 0; i < 2000 && d < end; i++) {
        d.setUTCDate(d.getUTCDate() + 1);
        if (isWorkingDay(d.toISOString().slice(0, 10))) n++;
      }
      return n;
    };
    const day = (t: number) => new Date(t).toISOString().slice(0, 10);
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 5000; i++) {
      const a = Date.parse('2019-01-01T00:00:00Z') + rnd(9000) * 86_400_000;
      const b = a + (rnd(i % 10 === 0 ? 2600 : 60) - 5) * 86_400_000;
      const [from, to] = [day(a), day(b)];
      if (workingDaysBetween(from, to) !== walk(from, to)) expect({ from, to, got: workingDaysBetween(from, to) }).toEqual({ from, to, got: walk(from, to) });
    }
    expect(workingDaysBetween('2026-12-23', '2026-12-28')).toBe(walk('2026-12-23', '2026-12-28'));
  });
});
