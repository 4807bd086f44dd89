import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS helpers shared with the benchmark
import { makeJsonl } from '../../bench/sync-data.mjs';
import { startHubServer, type HubServer } from '../../../main/hub/server.js';
import type { HubStore } from '../../../main/hub/store.js';
import { createLogger } from '../../../main/log.js';
import { encodeBatch } from '../../../main/sync/batch.js';
import { HubClient } from '../../../main/sync/client.js';
import { deviceIdentity } from '../../../main/sync/keys.js';
import { openKioskFile } from '../../../main/sync/kiosk-db.js';
import { HEADERS, HUB_CHUNK_BYTES, PATHS, batchSigningText } from '../../../shared/sync/protocol.js';
import { tempDir } from '../../helpers/tmp.js';
import { BACKENDS } from './backends.js';

const quiet = createLogger('test', () => {});

for (const backend of BACKENDS) {
  describe(`a resume question after a cut (${backend.name})`, () => {
    const closers: (() => Promise<void> | void)[] = [];
    afterEach(async () => {
      for (const c of closers.splice(0).reverse()) await c();
    });

    it('is answered with every byte that arrived, even while the hub is still storing the cut tail', async () => {
      const f = await backend.fresh();
      closers.push(f.cleanup);
      const store: HubStore = await f.open();
      closers.push(() => store.close());
      const sent = 2 * HUB_CHUNK_BYTES + 7_000;
      // A loaded hub: the write that ends at the cut (the upload's tail) lands late.
      const append = store.appendStaging.bind(store);
      store.appendStaging = async (batchId, at, data) => {
        if (at + data.length === sent) await new Promise((r) => setTimeout(r, 400));
        return append(batchId, at, data);
      };
      const hub: HubServer = await startHubServer({ store, port: 0, log: quiet, enrolment: 'open' });
      closers.push(() => hub.close());
      const tmp = tempDir('anjungan-resume-');
      closers.push(tmp.cleanup);
      const kiosk = openKioskFile(`${tmp.dir}/kiosk.sqlite`);
      closers.push(() => kiosk.close());
      const id = deviceIdentity(kiosk.deviceId, kiosk.sync);
      const client = new HubClient(hub.url, id);
      closers.push(() => client.close());
      await client.enrol(null, null);

      const recs = (makeJsonl(8, { seed: 21, photoKb: [20, 20] }) as string[]).map((l) => ({ id: (JSON.parse(l) as { id: string }).id, text: l, attachment: null }));
      const b = await encodeBatch(recs, id.deviceId, 'fast');
      expect(b.body.length).toBeGreaterThan(sent);
      // The upload's connection is cut after `sent` bytes, as a dropped link leaves it.
      await new Promise<void>((done, fail) => {
        const req = request(`${hub.url}${PATHS.batch(b.batch_id)}?offset=0`, {
          method: 'PUT',
          headers: {
            'content-length': String(b.body.length),
            [HEADERS.device]: id.deviceId,
            [HEADERS.total]: String(b.body.length),
            [HEADERS.digest]: b.digest,
            [HEADERS.signature]: id.sign(batchSigningText(b.batch_id, id.deviceId, b.body.length, b.digest)),
          },
        });
        req.on('error', () => undefined);
        req.write(b.body.subarray(0, sent), (err) => {
          if (err) return fail(err);
          // Long enough for the bytes to reach the hub; far shorter than the tail's late write.
          setTimeout(() => {
            req.destroy();
            done();
          }, 100);
        });
      });
      await new Promise((r) => setTimeout(r, 50));
      const state = await client.batchState(b.batch_id);
      expect(state).toMatchObject({ received: sent, committed: false });
      // The resume from there completes the batch once.
      const ack = await client.putBatch(b.batch_id, b.body, b.digest, sent);
      expect('accepted' in ack && ack.accepted.length).toBe(8);
      expect(await store.count()).toBe(8);
    });
  });
}
