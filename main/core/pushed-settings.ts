import type { AdoptedSettings } from '../sync/settings-down.js';
import type { CoreServices } from './services.js';

type Deps = Pick<CoreServices, 'store' | 'settings' | 'queue'>;

/**
 * Settings the hub pushed (issue 15), verified by the sync engine: the counters, the running
 * text and the settings in one transaction, audited as the hub's; a part this device cannot
 * take (a counter serving a group its catalogue lacks) refuses the whole document.
 */
export function applyPushedSettings(s: Deps, a: AdoptedSettings): void {
  const actor = `hub:settings(office v${a.versions.office}, device v${a.versions.device})`;
  s.store.transaction(() => {
    if (a.counters) s.queue.setCounters(a.counters, actor);
    if (a.runningText !== undefined) s.queue.setRunningText(a.runningText, actor);
    s.store.audit.append(actor, 'settings.pushed', null, { versions: a.versions, keys: Object.keys(a.settings), counters: a.counters?.length ?? null });
    // Last: it refreshes the settings cache, which must not run ahead of a rolled-back transaction.
    if (Object.keys(a.settings).length > 0) s.settings.update(a.settings, actor);
  });
}
