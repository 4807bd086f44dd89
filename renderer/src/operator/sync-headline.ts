import type { SyncStatusInfo } from '../../../shared/api/calls/sync.js';
import type { MessageKey } from '../../../shared/i18n/index.js';

/**
 * The sync panel's first line. "Semua data terkirim" only when nothing waits: between passes
 * the engine is idle with a backlog (new submissions, the debounce), and that is not "all sent".
 */
export function syncHeadline(s: Pick<SyncStatusInfo, 'state' | 'backlog'>): { key: MessageKey; mark: string } {
  if (s.state === 'idle') return s.backlog > 0 ? { key: 'sync.state.waiting', mark: '⇡' } : { key: 'sync.state.idle', mark: '✔' };
  if (s.state === 'sending') return { key: 'sync.state.sending', mark: '⇡' };
  return { key: `sync.state.${s.state}`, mark: '⚠' };
}
