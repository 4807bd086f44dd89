import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HubClient } from '../../../main/sync/client.js';
import { deviceIdentity } from '../../../main/sync/keys.js';
// @ts-expect-error plain JS helpers shared with the benchmark
import { makeJsonl } from '../../bench/sync-data.mjs';
import { BACKENDS } from '../hub/backends.js';
import { sortedLines } from '../sync/harness.js';
import { relayRig } from './relay-rig.js';

/**
 * The compact ack through a kecamatan relay: the relay keeps the hub's full ack (with the hub's
 * signature over the compact form beside it) and hands the compact form to a kiosk that asks,
 * the full one to a kiosk that does not. An ack kept by an older relay (no compact signature)
 * still comes down whole and is applied.
 */
const lines = (n: number, seed: number): string[] => makeJsonl(n, { seed }) as string[];

for (const backend of BACKENDS) {
  describe(`compact ack through a relay (${backend.name})`, () => {
    const t = relayRig(backend);
    const heldAcks = (name: string): { batch_id: string; hub_ack: string | null }[] => {
      const db = new Database(join(t.r.dir, `${name}.sqlite`), { readonly: true });
      try {
        return db.prepare('SELECT batch_id, hub_ack FROM relay_batches').all() as { batch_id: string; hub_ack: string | null }[];
      } finally {
        db.close();
      }
    };

    it('two hops: delivered; the relay answers the compact form to a kiosk that asks and the full one to one that does not', async () => {
      const r = await t.start();
      const kab = await t.relay(r.hub.url, 'kabupaten-relay');
      const kec = await t.relay(kab.url, 'kecamatan');
      const input = lines(40, 31);
      r.importLines(input);
      const e = r.engine({ upstream: kec.url, relayPollMs: 50 });
      expect((await e.syncUntilDone(20_000)).ok).toBe(true);
      expect(r.kiosk.sync.counts()).toEqual({ pending: 0, atRelay: 0, delivered: 40, parked: 0 });
      expect(await r.exportSorted()).toEqual(sortedLines(input));
      const [held] = heldAcks('kecamatan');
      expect(held?.hub_ack).toBeTruthy();
      // Kept whole, with the hub's signature over the compact form beside the full one.
      expect(JSON.parse(held!.hub_ack!)).toMatchObject({ accepted: expect.any(Array), hubSig: expect.any(String), compactSig: expect.any(String) });
      const id = deviceIdentity(r.kiosk.deviceId, r.kiosk.sync);
      const compact = new HubClient(kec.url, id, 10_000, { compactAcks: true });
      const full = new HubClient(kec.url, id, 10_000, { compactAcks: false });
      t.track(() => compact.close());
      t.track(() => full.close());
      const c = (await compact.batchState(held!.batch_id)).ack;
      expect(c).toMatchObject({ batchId: held!.batch_id, count: 40, duplicate: [], rejected: [] });
      expect(c && 'accepted' in c).toBe(false);
      expect(JSON.stringify(c).length).toBeLessThan(400);
      const f = (await full.batchState(held!.batch_id)).ack;
      expect(f && 'accepted' in f && f.accepted.length).toBe(40);
    });

    it('an ack kept by an older relay (no compact signature) comes down whole to a kiosk that asked for the compact one, and is applied', async () => {
      const r = await t.start();
      const port = r.hub.port;
      const kec = await t.relay(r.hub.url, 'kecamatan');
      const e = r.engine({ upstream: kec.url, relayPollMs: 50 });
      await e.runOnce(); // enrol through the relay
      await r.hub.close();
      const input = lines(12, 32);
      r.importLines(input);
      await e.runOnce().catch(() => undefined); // held at the relay
      expect(r.kiosk.sync.counts().atRelay).toBe(12);
      await t.restartHub(port);
      await kec.forwardNow();
      const [held] = heldAcks('kecamatan');
      expect(held?.hub_ack).toBeTruthy();
      const db = new Database(join(r.dir, 'kecamatan.sqlite'));
      const { compactSig: _drop, ...older } = JSON.parse(held!.hub_ack!) as Record<string, unknown>;
      db.prepare('UPDATE relay_batches SET hub_ack = ? WHERE batch_id = ?').run(JSON.stringify(older), held!.batch_id);
      db.close();
      await e.runOnce();
      expect(r.kiosk.sync.counts()).toEqual({ pending: 0, atRelay: 0, delivered: 12, parked: 0 });
      expect(await r.exportSorted()).toEqual(sortedLines(input));
    });
  });
}
