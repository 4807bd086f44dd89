import { describe, expect, it } from 'vitest';
import { draftOf, linksFromDrafts, moveDraft, MAX_LINKS, type LinkDraft } from '../../../renderer/src/operator/links-draft.js';
import { formatBytes } from '../../../renderer/src/components/format.js';

const row = (over: Partial<LinkDraft> = {}): LinkDraft => ({ name: 'kantor', url: 'http://10.0.0.5:4790', budgetMb: '', windows: '', ...over });

describe('the links editor rows', () => {
  it('turns typed rows into the setting: MB as the CLI counts them, a decimal comma, windows split by commas or spaces', () => {
    const r = linksFromDrafts([row({ budgetMb: '50' }), row({ name: 'vsat', url: 'https://vsat.example', budgetMb: '1,5', windows: '18:00-20:00, 05:00-06:30' })]);
    expect(r).toEqual({
      ok: true,
      links: [
        { name: 'kantor', url: 'http://10.0.0.5:4790', dailyBudgetBytes: 50 * 1024 * 1024, windows: [] },
        { name: 'vsat', url: 'https://vsat.example', dailyBudgetBytes: Math.round(1.5 * 1024 * 1024), windows: ['18:00-20:00', '05:00-06:30'] },
      ],
    });
  });

  it('an empty list is allowed (the device sends to the hub it was started with)', () => {
    expect(linksFromDrafts([])).toEqual({ ok: true, links: [] });
  });

  it('names each bad field of each row', () => {
    const r = linksFromDrafts([
      row({ name: '', url: 'ftp://x', budgetMb: 'banyak', windows: '18-20' }),
      row({ budgetMb: '0.01', windows: '10:00-10:00' }),
      row({ name: 'KANTOR' }),
    ]);
    expect(r).toEqual({
      ok: false,
      tooMany: false,
      rows: [{ name: 'name', url: 'url', budgetMb: 'budget', windows: 'windows' }, { budgetMb: 'budget', windows: 'windows' }, { name: 'duplicate' }],
    });
  });

  it('refuses more than the engine takes: 9 links, 7 windows', () => {
    const nine = Array.from({ length: MAX_LINKS + 1 }, (_, i) => row({ name: `l${i}` }));
    expect(linksFromDrafts(nine)).toMatchObject({ ok: false, tooMany: true });
    const seven = Array.from({ length: 7 }, (_, i) => `0${i}:00-0${i}:30`).join(',');
    expect(linksFromDrafts([row({ windows: seven })])).toMatchObject({ ok: false, rows: [{ windows: 'windows' }] });
  });

  it('reads a stored link back as it was typed, and moves rows', () => {
    const d = draftOf({ name: 'vsat', url: 'http://v', dailyBudgetBytes: 50 * 1024 * 1024, windows: ['18:00-20:00', '22:00-02:00'] });
    expect(d).toEqual({ name: 'vsat', url: 'http://v', budgetMb: '50', windows: '18:00-20:00, 22:00-02:00' });
    expect(draftOf({ name: 'lan', url: 'http://l', dailyBudgetBytes: null, windows: [] }).budgetMb).toBe('');
    expect(moveDraft(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveDraft(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
  });

  it('shows a budget set as 50 MB as 50 MB (1024s, like the budget)', () => {
    expect(formatBytes(50 * 1024 * 1024, 'id')).toBe('50 MB');
    expect(formatBytes(1536, 'id')).toBe('1,5 KB');
    expect(formatBytes(512, 'en')).toBe('512 B');
  });
});
