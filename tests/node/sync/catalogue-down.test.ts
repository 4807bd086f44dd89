import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core/core.js';
import { invokeOrThrow } from '../../../main/core/dispatcher.js';
import { startHubServer, type HubServer } from '../../../main/hub/server.js';
import { openSqliteHubStore } from '../../../main/hub/open.js';
import type { HubStore } from '../../../main/hub/store.js';
import { CATALOGUE_DIR } from '../../../main/paths.js';
import { tempDir } from '../../helpers/tmp.js';
import { quiet } from './harness.js';

const sku = JSON.parse(readFileSync(join(CATALOGUE_DIR, 'services', 'sku.json'), 'utf8')) as Record<string, unknown>;
const newService = { ...sku, id: 'surat-keterangan-hub', title: 'Surat keterangan dari kabupaten' };

describe('catalogue down: the kiosk adopts a newer valid hub catalogue and keeps it when the next one is bad', () => {
  let core: Core | undefined;
  let hub: HubServer | undefined;
  let hubStore: HubStore | undefined;
  let tmp: ReturnType<typeof tempDir>;
  afterEach(async () => {
    await core?.close();
    await hub?.close();
    await hubStore?.close();
    tmp?.cleanup();
  });

  it('adopts version 2, refuses a broken version 3, and the catalogue keeps working', async () => {
    tmp = tempDir();
    const catalogueFile = join(tmp.dir, 'hub-catalogue.json');
    writeFileSync(catalogueFile, JSON.stringify({ version: 2, services: [newService] }));
    hubStore = await openSqliteHubStore(join(tmp.dir, 'hub.sqlite'));
    hub = await startHubServer({ store: hubStore, port: 0, host: '127.0.0.1', log: quiet, enrolment: 'open', catalogueFile });
    core = await createCore({ dataDir: join(tmp.dir, 'kiosk'), shell: 'host', log: quiet, watchCatalogue: false, sync: { upstream: hub.url } });
    const ids = () => core!.services.catalogue.get().services.map((s) => s.id);
    expect(ids()).not.toContain('surat-keterangan-hub');

    await invokeOrThrow(core.dispatcher, 'sync:now', {});
    expect(ids()).toContain('surat-keterangan-hub');
    expect(ids()).toContain('sku');

    // The hub now serves a newer catalogue with a broken service: refused as a whole.
    writeFileSync(catalogueFile, JSON.stringify({ version: 3, services: [{ ...newService, title: '' }, { ...newService, id: 'lain' }] }));
    await invokeOrThrow(core.dispatcher, 'sync:now', {});
    expect(ids()).toContain('surat-keterangan-hub');
    expect(ids()).not.toContain('lain');
    const detail = core.services.catalogue.find('surat-keterangan-hub');
    expect(detail?.title).toBe('Surat keterangan dari kabupaten');
  });
});
