import { randomUUID } from 'node:crypto';
import { openStore } from '../db/store.js';
import { createLogger, type Logger } from '../log.js';
import { createDispatcher, type Dispatcher, type Handlers } from './dispatcher.js';
import { CoreEvents } from './events.js';
import { appHandlers } from './handlers/app.js';
import { settingsHandlers } from './handlers/settings.js';
import { submissionHandlers } from './handlers/submissions.js';
import type { CoreServices } from './services.js';
import { SettingsService } from './settings-service.js';
import { APP_VERSION } from './version.js';

export interface CoreOptions {
  dataDir: string;
  shell: 'electron' | 'host';
  log?: Logger;
  now?: () => Date;
}

/** The whole application without any window: what the host, the Electron shell and the CLI share. */
export interface Core {
  readonly services: CoreServices;
  readonly dispatcher: Dispatcher;
  readonly events: CoreEvents;
  close(): Promise<void>;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const log = options.log ?? createLogger('core');
  const store = openStore(options.dataDir);
  const events = new CoreEvents();
  const deviceId = store.device.ensure(randomUUID);
  const services: CoreServices = {
    version: APP_VERSION,
    shell: options.shell,
    startedAt: new Date(),
    deviceId,
    store,
    events,
    settings: new SettingsService(store, events, log.child('settings')),
    log,
    now: options.now ?? (() => new Date()),
  };
  const handlers: Handlers = {
    ...appHandlers(services),
    ...settingsHandlers(services),
    ...submissionHandlers(services),
  };
  log.info('core started', { dataDir: options.dataDir, deviceId, shell: options.shell });
  return {
    services,
    dispatcher: createDispatcher(handlers, log.child('api')),
    events,
    async close() {
      store.close();
      log.info('core stopped');
    },
  };
}
