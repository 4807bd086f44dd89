import type { CoreServices } from '../core/services.js';

/**
 * A quiet moment to install an update (issue 15): no resident in the middle of a visit (no card
 * held, no submission of the current visit), and no receipt waiting or printing.
 */
export function isQuiet(s: Pick<CoreServices, 'devices' | 'sessions' | 'store'>): boolean {
  if (s.devices.lastCard !== null) return false;
  if (s.sessions.anyVisitInProgress()) return false;
  return s.store.printJobs.queuedCount() === 0 && !s.store.printJobs.recent(20).some((j) => j.state === 'printing');
}
