import { describe, expect, it } from 'vitest';
import { countsPerDusun, desaKey, dusunFromDrafts, DusunMap, MAX_DUSUN, normalRw, NO_DUSUN_KEY, OTHER_DESA_KEY } from '../../../shared/domain/dusun.js';
import { DEFAULT_SETTINGS, Settings, SettingsPatch } from '../../../shared/domain/settings.js';

describe('the dusun mapping (setting dusunMap)', () => {
  it('takes RW of three digits 001-999, a bounded name, each RW in one dusun only', () => {
    expect(DusunMap.safeParse([{ name: 'Dusun I Kramat', rws: ['001', '002'] }, { name: 'Cibeber', rws: ['003'] }]).success).toBe(true);
    expect(DusunMap.safeParse([]).success).toBe(true);
    for (const rw of ['000', '1', '01', '1000', 'abc', '00a', ' 001']) expect(DusunMap.safeParse([{ name: 'A', rws: [rw] }]).success, rw).toBe(false);
    expect(DusunMap.safeParse([{ name: 'A', rws: ['999'] }]).success).toBe(true);
    expect(DusunMap.safeParse([{ name: 'A', rws: [] }]).success).toBe(false);
    expect(DusunMap.safeParse([{ name: 'x'.repeat(41), rws: ['001'] }]).success).toBe(false);
    expect(DusunMap.safeParse([{ name: '(luar desa)', rws: ['001'] }]).success).toBe(false); // never the report's own key
    expect(DusunMap.safeParse([{ name: '', rws: ['001'] }]).success).toBe(false);
    const twice = DusunMap.safeParse([{ name: 'A', rws: ['001', '002'] }, { name: 'B', rws: ['002'] }]);
    expect(twice.success).toBe(false);
    expect(twice.error!.issues[0]!.message).toBe('RW 002 is in two dusun (A, B)');
    expect(twice.error!.issues[0]!.path).toEqual([1, 'rws', 0]);
    expect(DusunMap.safeParse([{ name: 'Kramat', rws: ['001'] }, { name: 'KRAMAT', rws: ['002'] }]).success).toBe(false);
    const many = Array.from({ length: MAX_DUSUN + 1 }, (_, i) => ({ name: `D${i}`, rws: [String(i + 1).padStart(3, '0')] }));
    expect(DusunMap.safeParse(many).success).toBe(false);
  });

  it('is a setting: default empty, patched through the settings schema', () => {
    expect(DEFAULT_SETTINGS.dusunMap).toEqual([]);
    expect(Settings.safeParse({ ...DEFAULT_SETTINGS, dusunMap: [{ name: 'A', rws: ['001'] }] }).success).toBe(true);
    expect(SettingsPatch.safeParse({ dusunMap: [{ name: 'A', rws: ['001'] }, { name: 'B', rws: ['001'] }] }).success).toBe(false);
    expect(SettingsPatch.safeParse({ dusunMap: [{ name: 'A', rws: ['001'], extra: 1 }] }).success).toBe(false);
  });

  it('reads typed RW as the e-KTP writes them', () => {
    expect(['5', '05', '005', ' 5 '].map(normalRw)).toEqual(['005', '005', '005', '005']);
    expect(['0', '000', '1000', 'RW5', '', '-1', '1.5'].map(normalRw)).toEqual([null, null, null, null, null, null, null]);
  });

  it('turns the editor\'s rows into the setting, or names every problem of every row', () => {
    expect(dusunFromDrafts([{ name: '  Dusun  I ', rws: '2, 1 003;1' }, { name: 'Dusun II', rws: '10' }])).toEqual({
      ok: true,
      map: [{ name: 'Dusun I', rws: ['001', '002', '003'] }, { name: 'Dusun II', rws: ['010'] }],
    });
    const bad = dusunFromDrafts([
      { name: 'Dusun I', rws: '1, 2' },
      { name: 'dusun i', rws: '2, x7, 0' },
      { name: '', rws: '' },
      { name: '-Awal', rws: '4' },
    ]);
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.tooMany).toBe(false);
    expect(bad.rows[0]).toEqual([]);
    expect(bad.rows[1]).toEqual([
      { field: 'name', code: 'duplicate' },
      { field: 'rws', code: 'taken', rw: '002', other: 'Dusun I' },
      { field: 'rws', code: 'rw', rw: 'x7' },
      { field: 'rws', code: 'rw', rw: '0' },
    ]);
    expect(bad.rows[2]).toEqual([{ field: 'name', code: 'name' }, { field: 'rws', code: 'empty' }]);
    expect(bad.rows[3]).toEqual([{ field: 'name', code: 'name' }]);
    const tooMany = dusunFromDrafts(Array.from({ length: MAX_DUSUN + 1 }, (_, i) => ({ name: `D${i}`, rws: String(i + 1) })));
    expect(tooMany).toMatchObject({ ok: false, tooMany: true });
  });
});

describe('requests per dusun', () => {
  const map: DusunMap = [{ name: 'Kramat', rws: ['001', '002'] }, { name: 'Cibeber', rws: ['003'] }];
  it('maps this desa\'s RW to its dusun, the rest of this desa to "no dusun", other desa apart; each request once', () => {
    const rows = [
      { desa: 'KRAMATWATU', rw: '001', count: 3 },
      { desa: 'Kramatwatu', rw: '002', count: 2 },
      { desa: 'Desa Kramatwatu', rw: '3', count: 4 },
      { desa: 'KRAMATWATU', rw: '009', count: 1 }, // an RW no dusun holds
      { desa: 'KRAMATWATU', rw: '', count: 1 },
      { desa: '', rw: '001', count: 1 }, // no desa recorded: counted as this office's
      { desa: '', rw: '', count: 2 },
      { desa: 'PEJATEN', rw: '001', count: 6 }, // RW 001 of another desa is not Kramat
    ];
    const got = countsPerDusun(rows, 'Kramatwatu', map);
    expect(got).toEqual([
      { key: 'Kramat', count: 6 },
      { key: 'Cibeber', count: 4 },
      { key: NO_DUSUN_KEY, count: 4 }, // after the dusun, however many
      { key: OTHER_DESA_KEY, count: 6 },
    ]);
    expect(got.reduce((a, r) => a + r.count, 0)).toBe(rows.reduce((a, r) => a + r.count, 0));
    expect(countsPerDusun(rows, 'Kramatwatu', [])).toEqual([{ key: NO_DUSUN_KEY, count: 14 }, { key: OTHER_DESA_KEY, count: 6 }]);
    expect(countsPerDusun(rows, null, map).find((r) => r.key === OTHER_DESA_KEY)).toBeUndefined();
  });
  it('compares desa names as people write them', () => {
    expect(desaKey('KRAMAT WATU')).toBe(desaKey('Kramatwatu'));
    expect(desaKey('Kelurahan Serdang')).toBe(desaKey('SERDANG'));
    expect(desaKey('Pejaten')).not.toBe(desaKey('Kramatwatu'));
  });
});
