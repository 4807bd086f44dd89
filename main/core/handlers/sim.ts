import { ApiFailure } from '../../../shared/api/result.js';
import type { SimHandlers } from '../dispatcher.js';
import type { CoreServices } from '../services.js';

/** The simulator calls, or null when no simulated device runs (then the dispatcher does not know them). */
export function simHandlers(s: CoreServices): SimHandlers | null {
  const d = s.devices;
  if (!d.simReader && !d.simPrinter) return null;
  const simOnly = (what: string): never => {
    throw new ApiFailure('device_unavailable', `${what} works only with the sim driver`);
  };
  return {
    'sim:insert-card': (req) => {
      const sim = d.simReader ?? simOnly('sim:insert-card');
      try {
        return { nik: sim.insert(req.nik ?? req.index ?? 0).biodata.nik };
      } catch (err) {
        throw new ApiFailure('not_found', err instanceof Error ? err.message : String(err));
      }
    },
    'sim:remove-card': () => {
      const sim = d.simReader ?? simOnly('sim:remove-card');
      const had = sim.cardPresent !== null;
      sim.remove();
      return { removed: had };
    },
    'sim:printer-state': (req) => {
      const patch = Object.fromEntries(Object.entries(req).filter(([, v]) => v !== undefined));
      return d.setSimPrinter(patch) ?? simOnly('sim:printer-state');
    },
  };
}
