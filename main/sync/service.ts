import { join } from 'node:path';
import type { CoreEvents } from '../core/events.js';
import { APP_VERSION } from '../core/version.js';
import type { DbKey } from '../db/keys/db-key.js';
import { copyKeyRef } from '../db/keys/key-ref.js';
import { openSqliteHubStore } from '../hub/open.js';
import { startHubServer, type HubServer } from '../hub/server.js';
import type { HubStore } from '../hub/store.js';
import type { Logger } from '../log.js';
import type { Store } from '../db/store.js';
import { storageProblemSaid } from '../core/store-health.js';
import type { CatalogueDocument } from '../../shared/sync/protocol.js';
import { SyncEngine, type CatalogueValidator, type SyncStatus } from './engine.js';
import { kioskSyncDb } from './kiosk-db.js';
import type { LetterKeyExchange } from './letter-keys.js';
import type { SettingsHooks } from './settings-down.js';
import type { SyncLink } from '../../shared/sync/links.js';
import { backlogEta } from './link-plan.js';

export interface SyncOptions {
  /** The hub to sync to; null = sync disabled (unless embeddedHub). */
  upstream: string | null;
  /** The office's ordered links (read each pass); when any are set they replace `upstream` and the embedded hub. */
  links?: () => readonly SyncLink[];
  /** Run a local hub (SQLite under <data>/hub/, loopback, open enrolment) and sync to it. */
  embeddedHub?: boolean;
  validateCatalogue?: CatalogueValidator;
  /** A newer, valid catalogue from the hub was adopted. */
  onCatalogue?: (doc: CatalogueDocument) => void;
  /** Settings the hub pushed (verified); throw to refuse them. */
  onSettings?: SettingsHooks['onSettings'];
  /** Letter keys to publish and the office's to cache (the core gives them). */
  letterKeys?: LetterKeyExchange;
  debounceMs?: number;
  intervalMs?: number;
}

/** The core's sync capability: the pump (if an upstream is set) and, on defaults, an embedded hub. */
export interface SyncService {
  readonly engine: SyncEngine | null;
  /** The embedded hub's URL, when one runs. */
  readonly hubUrl: string | null;
  readonly hubDb: string | null;
  status(): SyncStatus;
  now(): Promise<SyncStatus>;
  close(): Promise<void>;
}

export async function createSyncService(o: {
  store: Store;
  deviceId: string;
  dataDir: string;
  events: CoreEvents;
  log: Logger;
  options: SyncOptions | undefined;
  /** The store's database key: the embedded hub's file is encrypted with it too. */
  dbKey?: DbKey;
}): Promise<SyncService> {
  const opts = o.options;
  let hub: HubServer | null = null;
  let hubStore: HubStore | null = null;
  let hubDb: string | null = null;
  const configured = opts?.links?.() ?? [];
  let upstream = opts?.upstream ?? null;
  if (opts?.embeddedHub && configured.length === 0) {
    hubDb = join(o.dataDir, 'hub', 'hub.sqlite');
    // The CLI (hub status set --db <data>/hub/hub.sqlite) finds the key by the same reference.
    if (o.dbKey) copyKeyRef(o.dataDir, join(o.dataDir, 'hub'));
    hubStore = await openSqliteHubStore(hubDb, o.dbKey);
    hub = await startHubServer({ store: hubStore, port: 0, host: '127.0.0.1', log: o.log.child('hub'), enrolment: 'open', spoolDir: join(o.dataDir, 'hub', 'spool') });
    upstream ??= hub.url;
  }
  const kiosk = kioskSyncDb(o.store, o.deviceId);
  let fromSync = false;
  // Links named later (settings) start the pump at the next start; the list itself is read each pass.
  const engine = upstream || configured.length
    ? new SyncEngine({
        kiosk,
        upstream,
        ...(opts?.links ? { links: opts.links } : {}),
        log: o.log,
        appVersion: APP_VERSION,
        ...(opts?.debounceMs !== undefined ? { debounceMs: opts.debounceMs } : {}),
        ...(opts?.intervalMs !== undefined ? { intervalMs: opts.intervalMs } : {}),
        ...(opts?.validateCatalogue ? { validateCatalogue: opts.validateCatalogue } : {}),
        ...(opts?.onCatalogue ? { onCatalogue: opts.onCatalogue } : {}),
        ...(opts?.onSettings ? { onSettings: opts.onSettings } : {}),
        ...(opts?.letterKeys ? { letterKeys: opts.letterKeys } : {}),
        onProgress: (p) => o.events.emit('sync:progress', p),
        storageProblemOf: (err) => storageProblemSaid(o.store, o.events, err),
        onChanged: (ids) => {
          fromSync = true;
          try {
            for (const id of ids) o.events.emit('submissions:changed', { id });
          } finally {
            fromSync = false;
          }
        },
      })
    : null;
  const off = o.events.on('submissions:changed', () => {
    if (!fromSync) engine?.trigger();
  });
  engine?.start();
  const disabled = (): SyncStatus => ({
    backlog: kiosk.sync.backlog(),
    atRelay: kiosk.sync.counts().atRelay,
    parked: kiosk.sync.parkedCount(),
    lastSuccessAt: kiosk.sync.getState<string>('last_success_at') ?? null,
    lastError: null,
    state: 'disabled',
    upstream: null,
    link: null,
    links: [],
    ...backlogEta(kiosk.sync.backlogBytes(), [], null),
  });
  return {
    engine,
    hubUrl: hub?.url ?? null,
    hubDb,
    status: () => engine?.status() ?? disabled(),
    now: async () => (engine ? engine.syncNow() : disabled()),
    async close() {
      off();
      await engine?.stop();
      await hub?.close();
      await hubStore?.close();
    },
  };
}
