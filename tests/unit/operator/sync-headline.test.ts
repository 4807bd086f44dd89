import { describe, expect, it } from 'vitest';
import { syncHeadline } from '../../../renderer/src/operator/sync-headline.js';
import { t } from '../../../shared/i18n/index.js';

describe('sync panel headline', () => {
  it('says "all sent" only when nothing waits', () => {
    expect(syncHeadline({ state: 'idle', backlog: 0 }).key).toBe('sync.state.idle');
    expect(t('id', syncHeadline({ state: 'idle', backlog: 0 }).key)).toBe('Semua data terkirim');
  });

  it('an idle engine with a backlog (between passes, the debounce) is not "all sent"', () => {
    for (const backlog of [1, 7, 500]) {
      const h = syncHeadline({ state: 'idle', backlog });
      expect(h.key).toBe('sync.state.waiting');
      expect(t('id', h.key)).not.toContain('Semua data terkirim');
      expect(t('en', h.key)).not.toContain('Everything is sent');
    }
  });

  it('the other states keep their own words, never "all sent"', () => {
    for (const state of ['sending', 'backoff', 'offline', 'disabled'] as const) {
      for (const backlog of [0, 3]) {
        const h = syncHeadline({ state, backlog });
        expect(h.key).toBe(`sync.state.${state}`);
        expect(t('id', h.key)).not.toContain('Semua data terkirim');
      }
    }
  });
});
