import type { Store } from '../db/store.js';
import type { Logger } from '../log.js';
import type { CoreEvents } from './events.js';
import type { SettingsService } from './settings-service.js';

/** What handlers may use. Each capability adds its service here and is built in createCore. */
export interface CoreServices {
  readonly version: string;
  readonly shell: 'electron' | 'host';
  readonly startedAt: Date;
  readonly deviceId: string;
  readonly store: Store;
  readonly events: CoreEvents;
  readonly settings: SettingsService;
  readonly log: Logger;
  /** Injectable so tests can fix dates in registration numbers. */
  readonly now: () => Date;
}
