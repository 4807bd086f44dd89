import type { appCalls } from '../../../shared/api/calls/app.js';
import { ApiFailure } from '../../../shared/api/result.js';
import { officeName } from '../../../shared/domain/wilayah.js';
import type { Handlers } from '../dispatcher.js';
import type { CoreServices } from '../services.js';
import { storeHealth } from '../store-health.js';

export function appHandlers(s: CoreServices): Pick<Handlers, keyof typeof appCalls> {
  return {
    'app:info': () => {
      const settings = s.settings.get();
      const office = officeName(settings.officeCode);
      if (!office) throw new ApiFailure('internal', `office code ${settings.officeCode} is not a desa of Kabupaten Serang`);
      return {
        name: 'Anjungan',
        version: s.version,
        deviceId: s.deviceId,
        role: settings.role,
        office,
        shell: s.shell,
        startedAt: s.startedAt.toISOString(),
      };
    },
    'app:health': () => ({
      store: storeHealth(s.store),
      uptimeSeconds: Math.round((Date.now() - s.startedAt.getTime()) / 1000),
    }),
  };
}
