import { afterEach, describe, expect, it } from 'vitest';
import { HubClient } from '../../../main/sync/client.js';
import { deviceIdentity } from '../../../main/sync/keys.js';
// @ts-expect-error plain JS helpers shared with the benchmark
import { makeJsonl } from '../../bench/sync-data.mjs';
import { BACKENDS } from '../hub/backends.js';
import { rig, type Rig } from './harness.js';

for (const backend of BACKENDS) {
  describe(`a device reports its backlog, version and clock on its status page (${backend.name})`, () => {
    let r: Rig;
    afterEach(async () => r?.close());

    it('the console lists them; a report out of range is refused and changes nothing', async () => {
      r = await rig(backend);
      expect(await r.store.console.devices.list()).toEqual([]);
      r.importLines(makeJsonl(30, { seed: 3 }) as string[]);
      // The report goes with the status page, after the upload: nothing is left waiting.
      await r.engine({ appVersion: '1.4.2' }).runOnce();
      const [d] = await r.store.console.devices.list();
      expect(d).toMatchObject({ deviceId: r.kiosk.deviceId, version: '1.4.2', backlog: 0 });
      expect(Math.abs(d!.clockSkewSeconds!)).toBeLessThanOrEqual(2);
      expect(Date.parse(d!.backlogAt!)).toBeGreaterThan(Date.now() - 60_000);
      expect(d!.carried).toEqual({ direct: 1, relay: 0, lastRelayAt: null, usb: 0, lastUsbAt: null });

      // A device whose clock is an hour fast, with a backlog, straight to the hub.
      const client = new HubClient(r.hub.url, deviceIdentity(r.kiosk.deviceId, r.kiosk.sync));
      await client.statusPage(0, 10, { backlog: 17, version: null, clockMs: Date.now() + 3600_000 });
      const [late] = await r.store.console.devices.list();
      expect(late).toMatchObject({ backlog: 17, version: '1.4.2' }); // a report without a version keeps the last one
      expect(late!.clockSkewSeconds).toBeGreaterThan(3590);
      expect(late!.clockSkewSeconds).toBeLessThan(3610);

      await expect(client.statusPage(0, 10, { backlog: -1, version: null, clockMs: Date.now() })).rejects.toMatchObject({ code: 'bad_request' });
      await expect(client.statusPage(0, 10, { backlog: 1, version: 'x'.repeat(41), clockMs: Date.now() })).rejects.toMatchObject({ code: 'bad_request' });
      expect((await r.store.console.devices.list())[0]).toMatchObject({ backlog: 17 });
    });
  });
}
