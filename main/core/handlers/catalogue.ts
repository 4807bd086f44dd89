import type { catalogueCalls } from '../../../shared/api/calls/catalogue.js';
import type { Handlers } from '../dispatcher.js';
import type { CoreServices } from '../services.js';

export function catalogueHandlers(s: CoreServices): Pick<Handlers, keyof typeof catalogueCalls> {
  return {
    'catalogue:list': () => s.catalogue.get(),
    'catalogue:reload': () => s.catalogue.reload(),
  };
}
