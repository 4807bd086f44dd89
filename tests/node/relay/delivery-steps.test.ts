import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core/core.js';
import { invokeOrThrow } from '../../../main/core/dispatcher.js';
import { openHubStore } from '../../../main/hub/open.js';
import { startHubServer, type HubServer } from '../../../main/hub/server.js';
import type { HubStore } from '../../../main/hub/store.js';
import { startRelay, type RelayServer } from '../../../main/relay/server.js';
import { testRequest } from '../../helpers/requests.js';
import { tempDir } from '../../helpers/tmp.js';
import { quiet } from '../sync/harness.js';

/** The two steps of a delivery as the resident ("Cek status") and the desk see them: a real core, relay and hub. */
describe('"di kecamatan", then "diterima kabupaten"', () => {
  let tmp: ReturnType<typeof tempDir>;
  let core: Core | undefined;
  let relay: RelayServer | undefined;
  let hub: HubServer | undefined;
  let store: HubStore | undefined;
  afterEach(async () => {
    await core?.close();
    await relay?.close();
    await hub?.close();
    await store?.close();
    tmp.cleanup();
  });

  it('held by the relay while the hub is away, then acknowledged by the hub: both times shown', async () => {
    tmp = tempDir();
    store = await openHubStore(join(tmp.dir, 'hub.sqlite'));
    hub = await startHubServer({ store, port: 0, log: quiet, enrolment: 'open' });
    const port = hub.port;
    relay = await startRelay({ db: join(tmp.dir, 'relay.sqlite'), upstream: hub.url, port: 0, log: quiet, pollMs: 50 });
    core = await createCore({ dataDir: join(tmp.dir, 'kiosk'), shell: 'host', log: quiet, watchCatalogue: false, sync: { upstream: relay.url, debounceMs: 60_000 } });
    await invokeOrThrow(core.dispatcher, 'sync:now', {}); // enrols through the relay while the hub is up

    await hub.close();
    const receipt = await invokeOrThrow(core.dispatcher, 'kiosk:submit', testRequest('surat-domisili'));
    await invokeOrThrow(core.dispatcher, 'sync:now', {});
    const held = await invokeOrThrow(core.dispatcher, 'kiosk:status', { code: receipt.trackingCode });
    expect(held.relayAt).not.toBeNull();
    expect(held.deliveredAt).toBeNull();
    expect(held.delivered).toBe(false);
    const deskHeld = core.services.workflow.view(receipt.submissionId, { kind: 'internal' });
    expect(deskHeld).toMatchObject({ relayAt: held.relayAt, deliveredAt: null });

    hub = await startHubServer({ store, port, log: quiet, enrolment: 'open' });
    for (let i = 0; i < 50 && (await invokeOrThrow(core.dispatcher, 'kiosk:status', { code: receipt.trackingCode })).deliveredAt === null; i++) {
      await invokeOrThrow(core.dispatcher, 'sync:now', {});
      await new Promise((r) => setTimeout(r, 100));
    }
    const done = await invokeOrThrow(core.dispatcher, 'kiosk:status', { code: receipt.trackingCode });
    expect(done.delivered).toBe(true);
    expect(done.relayAt).toBe(held.relayAt);
    expect(Date.parse(done.deliveredAt!)).toBeGreaterThanOrEqual(Date.parse(done.relayAt!));
    expect(core.services.workflow.view(receipt.submissionId, { kind: 'internal' }).deliveredAt).toBe(done.deliveredAt);
    expect(await store.count()).toBe(1);
  });
});
