import type { CoreServices } from '../services.js';
import { purgeDue } from './purge.js';

/** The first run waits for a quiet start; then once a day (retention is counted in days). */
const FIRST_RUN_MS = 60 * 60_000;
const EVERY_MS = 24 * 3600_000;

/** Runs the retention purge (UU 27/2022) on a schedule; a failed run is logged and tried the next day. */
export function schedulePurge(s: Pick<CoreServices, 'store' | 'catalogue' | 'now' | 'log'>): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  const run = (): void => {
    try {
      const r = purgeDue(s.store.privacy, s.catalogue.get().services, s.now());
      if (r.purged > 0) {
        s.store.audit.append('internal', 'privacy.purge', null, { purged: r.purged, examined: r.examined });
        s.log.info('retention purge minimised finished requests', { purged: r.purged, waitingForHub: r.waitingForHub });
      }
    } catch (err) {
      s.log.error('retention purge failed; trying again tomorrow', { error: err });
    }
    timer = setTimeout(run, EVERY_MS).unref();
  };
  timer = setTimeout(run, FIRST_RUN_MS).unref();
  return { stop: () => clearTimeout(timer) };
}
