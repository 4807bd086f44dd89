import type { settingsCalls } from '../../../shared/api/calls/settings.js';
import { ApiFailure } from '../../../shared/api/result.js';
import { officeName } from '../../../shared/domain/wilayah.js';
import { actorOf } from '../../../shared/api/access.js';
import type { Handlers } from '../dispatcher.js';
import type { CoreServices } from '../services.js';

export function settingsHandlers(s: CoreServices): Pick<Handlers, keyof typeof settingsCalls> {
  return {
    'settings:get': () => s.settings.get(),
    'settings:update': (patch, ctx) => {
      if (patch.officeCode !== undefined && !officeName(patch.officeCode)) {
        throw new ApiFailure('invalid_request', `office code ${patch.officeCode} is not a desa of Kabupaten Serang`);
      }
      return s.settings.update(patch, actorOf(ctx.principal));
    },
  };
}
