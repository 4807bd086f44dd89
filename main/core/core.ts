import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { CatalogueService } from '../catalogue/catalogue-service.js';
import { validateHubCatalogue, writeHubCatalogue } from '../catalogue/hub-catalogue.js';
import type { CatalogueDocument } from '../../shared/sync/protocol.js';
import { CATALOGUE_DIR, releaseKeyFile, VOICE_PACK_DIR } from '../paths.js';
import { VoiceService } from '../voice/voice-service.js';
import { openStore } from '../db/store.js';
import type { DbKey } from '../db/keys/db-key.js';
import { resolveStoredKey } from '../db/keys/key-ref.js';
import { DeviceManager, type DeviceConfig, type DeviceManagerOptions } from '../devices/device-manager.js';
import { createLogger, type Logger } from '../log.js';
import { createDispatcher, type Dispatcher, type Handlers } from './dispatcher.js';
import { storageProblemSaid } from './store-health.js';
import { CoreEvents } from './events.js';
import { appHandlers } from './handlers/app.js';
import { settingsHandlers } from './handlers/settings.js';
import { submissionHandlers } from './handlers/submissions.js';
import { catalogueHandlers } from './handlers/catalogue.js';
import { kioskHandlers } from './handlers/kiosk.js';
import { voiceHandlers } from './handlers/voice.js';
import { deviceHandlers } from './handlers/devices.js';
import { syncHandlers } from './handlers/sync.js';
import { simHandlers } from './handlers/sim.js';
import { authHandlers } from './handlers/auth.js';
import { auditHandlers } from './handlers/audit.js';
import { reportHandlers } from './handlers/reports.js';
import { queueHandlers } from './handlers/queue.js';
import { QueueService } from './queue/queue-service.js';
import { deskHandlers } from './handlers/desk.js';
import { WorkflowService } from './workflow-service.js';
import { readReleaseKey, UpdateService } from '../update/update-service.js';
import { readPublicKey } from '../update/release-signing.js';
import { deviceIdentity } from '../sync/keys.js';
import { letterHandlers } from './handlers/letters.js';
import { createLetterService } from './letters/index.js';
import { letterKeys } from './letters/letter-keys.js';
import { searchHandlers } from './handlers/search.js';
import { privacyHandlers } from './handlers/privacy.js';
import { usbHandlers } from './handlers/usb.js';
import { createUsbService } from './usb-service.js';
import { schedulePurge } from './privacy/schedule.js';
import { Accounts } from './auth/accounts.js';
import { SessionRegistry, type ClientSession } from './client-session.js';
import { actorOf, type Principal } from '../../shared/api/access.js';
import { createSyncService, type SyncOptions } from '../sync/service.js';
import type { CoreServices } from './services.js';
import { SettingsService } from './settings-service.js';
import { applyPushedSettings } from './pushed-settings.js';
import type { AdoptedSettings } from '../sync/settings-down.js';
import { APP_VERSION } from './version.js';

export interface CoreOptions {
  dataDir: string;
  shell: 'electron' | 'host';
  log?: Logger;
  now?: () => Date;
  /**
   * The base catalogue folder (services/ and agencies/; default: the shipped one). The hub's
   * catalogue (<data>/catalogue-hub) and the office's own files (<data>/catalogue) override it.
   */
  catalogueDir?: string;
  /** Reload the catalogue when its files change (default true). */
  watchCatalogue?: boolean;
  /** Drivers per device: 'sim' | 'serial:/dev/ttyX' | 'uid:/dev/ttyX' | 'tcp://host:port' | 'none' (default 'none' for both). */
  devices?: DeviceConfig;
  /** Test hooks: shorter device timeouts and polls. */
  deviceTuning?: Pick<DeviceManagerOptions, 'readerTimings' | 'printerPollMs' | 'printRetryMs' | 'columns'>;
  /** The release public key (default: shipped with the app; see paths.ts releaseKeyFile). */
  releaseKeyFile?: string;
  /** Check the hub for updates on a schedule (default: only in the Electron shell). */
  checkUpdates?: boolean;
  /** Store-and-forward sync (main/sync). Absent: no sync, no servers started. */
  sync?: SyncOptions;
  /** The database key (the shells decide it: main/db/keys/default-key.ts). Absent: the one <data>/db-key.json names, or none. */
  dbKey?: DbKey;
}

/** The whole application without any window: what the host, the Electron shell and the CLI share. */
export interface Core {
  readonly services: CoreServices;
  readonly dispatcher: Dispatcher;
  readonly events: CoreEvents;
  /** Who a page or window is right now, without counting as use (for filtering events). */
  peekPrincipal(session: ClientSession): Principal;
  close(): Promise<void>;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const log = options.log ?? createLogger('core');
  const dbKey = options.dbKey ?? resolveStoredKey(options.dataDir);
  const store = openStore(options.dataDir, { key: dbKey });
  const events = new CoreEvents();
  const deviceId = store.device.ensure(randomUUID);
  // A catalogue handed down by the hub sits between the shipped one and the office's own files.
  const hubCatalogueDir = join(options.dataDir, 'catalogue-hub');
  const now = options.now ?? (() => new Date());
  const catalogue = new CatalogueService({
    dirs: [options.catalogueDir ?? CATALOGUE_DIR, hubCatalogueDir, join(options.dataDir, 'catalogue')],
    lastGoodFile: join(options.dataDir, 'catalogue-last-good.json'),
    log: log.child('catalogue'),
    onChange: (state) => events.emit('catalogue:changed', { revision: state.revision }),
  });
  const settings = new SettingsService(store, events, log.child('settings'));
  const keys = letterKeys(store.letters);
  const syncOptions = options.sync && {
    ...options.sync,
    links: () => settings.get().syncLinks,
    // Each pass uploads this device's letter key and caches the office's other devices' keys.
    letterKeys: { officeCode: () => settings.get().officeCode, keys },
    validateCatalogue: (doc: unknown) => validateHubCatalogue(doc, catalogue.get().agencies.map((a) => a.id)),
    onCatalogue: (doc: CatalogueDocument) => {
      writeHubCatalogue(hubCatalogueDir, doc);
      catalogue.reload();
    },
    // Bound below, once the queue exists: no pass gets this far before (it waits on the network first).
    onSettings: (adopted: AdoptedSettings) => applyPushed(adopted),
  };
  let applyPushed = (_: AdoptedSettings): void => {
    throw new Error('the core is not ready for pushed settings yet');
  };
  const sync = await createSyncService({ store, deviceId, dataDir: options.dataDir, events, log: log.child('sync'), options: syncOptions, dbKey });
  const base: Omit<CoreServices, 'letters' | 'workflow' | 'updates' | 'queue' | 'usb'> = {
    version: APP_VERSION,
    shell: options.shell,
    startedAt: new Date(),
    deviceId,
    store,
    events,
    settings,
    log,
    now,
    accounts: new Accounts(store, now),
    sessions: new SessionRegistry(),
    sync,
    catalogue,
    devices: new DeviceManager({
      config: options.devices ?? { reader: 'none', printer: 'none' },
      dataDir: options.dataDir,
      jobs: store.printJobs,
      cardUids: store.cardUids,
      events,
      log: log.child('devices'),
      now,
      ...options.deviceTuning,
    }),
    voice: new VoiceService({
      cacheDir: join(options.dataDir, 'voice-cache'),
      packDirs: [join(options.dataDir, 'voice-pack'), VOICE_PACK_DIR],
      log: log.child('voice'),
    }),
  };
  const letters = createLetterService(base, keys, options.dataDir);
  // Signing a desa service that has a letter issues it (numbered, with its QR) before the request moves on.
  const workflow = new WorkflowService(base, async (sub, signer) => {
    if (catalogue.find(sub.serviceId)?.letter) await letters.issue(sub.id, actorOf(signer));
  });
  const updates = new UpdateService({
    dir: join(options.dataDir, 'updates'),
    upstream: sync.engine?.upstream ?? null,
    identity: () => deviceIdentity(deviceId, store.sync),
    currentVersion: APP_VERSION,
    platform: process.platform === 'win32' ? 'win' : 'linux',
    officeCode: () => settings.get().officeCode,
    releaseKey: readReleaseKey(options.releaseKeyFile ?? releaseKeyFile(), readPublicKey),
    log: log.child('updates'),
  });
  const queue = new QueueService(base);
  const usb = createUsbService({ ...base, updates }, { dataDir: options.dataDir, onCatalogue: () => catalogue.reload() });
  const services: CoreServices = { ...base, letters, workflow, updates, queue, usb };
  applyPushed = (adopted) => applyPushedSettings(services, adopted);
  // Updates: a first look a few minutes after start, then every six hours (a thin link is not rushed).
  let updateTimer: NodeJS.Timeout | undefined;
  if (options.checkUpdates) {
    const look = (): void => {
      updates.check().then(
        (r) => r.state === 'disabled' && log.info('updates are off', { reason: r.reason }),
        (err: unknown) => log.warn('update check failed; trying again later', { error: err }),
      );
      updateTimer = setTimeout(look, 6 * 3600_000).unref();
    };
    updateTimer = setTimeout(look, 2 * 60_000).unref();
  }
  services.catalogue.reload();
  const purge = schedulePurge(services);
  // Letters whose PDF is missing (a crash between numbering and saving, a lost file) are drawn again.
  const letterFiles = services.letters.pdfs.ensureAll().catch((err: unknown) => log.error('letter files check failed', { error: err }));
  if (options.watchCatalogue !== false) services.catalogue.watch();
  const handlers: Handlers = {
    ...appHandlers(services),
    ...settingsHandlers(services),
    ...submissionHandlers(services),
    ...catalogueHandlers(services),
    ...kioskHandlers(services),
    ...voiceHandlers(services),
    ...deviceHandlers(services),
    ...syncHandlers(services),
    ...authHandlers(services),
    ...auditHandlers(services),
    ...deskHandlers(services),
    ...letterHandlers(services),
    ...searchHandlers(services),
    ...reportHandlers(services),
    ...privacyHandlers(services),
    ...queueHandlers(services),
    ...usbHandlers(services),
  };
  const principalOf = (session: ClientSession): Principal => {
    const settings = services.settings.get();
    const { principal, ended } = session.resolve(settings.role, Date.now(), settings.deskLockMinutes * 60_000);
    if (ended) store.audit.append(`${ended.role}:${ended.username}`, 'logout.idle', ended.userId, { minutes: settings.deskLockMinutes });
    return principal;
  };
  try {
    await services.devices.start();
  } catch (err) {
    // A missing socat or a bad port must not keep the kiosk from starting: the panel shows it.
    log.error('devices failed to start', { error: err });
  }
  log.info('core started', { dataDir: options.dataDir, deviceId, shell: options.shell });
  return {
    services,
    dispatcher: createDispatcher({ handlers, sim: simHandlers(services), log: log.child('api'), principalOf, storageProblemOf: (err) => storageProblemSaid(store, events, err) }),
    events,
    peekPrincipal: (session) => {
      const settings = services.settings.get();
      return session.peek(settings.role, Date.now(), settings.deskLockMinutes * 60_000);
    },
    async close() {
      clearTimeout(updateTimer);
      purge.stop();
      services.queue.close();
      services.catalogue.close();
      await letterFiles;
      await sync.close();
      await services.devices.close();
      store.close();
      log.info('core stopped');
    },
  };
}
