import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SyncEngine } from '../../../main/sync/engine.js';
import type { CatalogueDocument } from '../../../shared/sync/protocol.js';
// @ts-expect-error plain JS helpers shared with the benchmark
import { makeJsonl } from '../../bench/sync-data.mjs';
import { BACKENDS } from '../hub/backends.js';
import { quiet, sortedLines } from '../sync/harness.js';
import { relayRig } from './relay-rig.js';
import { exportLine } from '../../../main/sync/records.js';

/**
 * The kecamatan relay in-process over real HTTP and real databases: desa kiosk → relay → relay →
 * hub (two hops), the two acks, byte-identical storage, carriage recorded, tampering refused.
 */
const lines = (n: number, seed: number): string[] => makeJsonl(n, { seed }) as string[];
const until = async (what: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 30));
  }
};

for (const backend of BACKENDS) {
  describe(`kecamatan relay (${backend.name})`, () => {
    const t = relayRig(backend);
    const engineVia = (url: string, extra = {}): SyncEngine => t.r.engine({ upstream: url, relayPollMs: 50, ...extra });

    it('two hops: held at the relay first ("di kecamatan"), delivered only on the hub\'s signed ack; stored once, byte-identical, carriage recorded', async () => {
      const r = await t.start();
      const kab = await t.relay(r.hub.url, 'kabupaten-relay');
      const kec = await t.relay(kab.url, 'kecamatan');
      const input = lines(60, 21);
      r.importLines(input);
      const e = engineVia(kec.url);
      const done = await e.syncUntilDone(20_000);
      expect(done.ok).toBe(true);
      expect(r.kiosk.sync.counts()).toEqual({ pending: 0, atRelay: 0, delivered: 60, parked: 0 });
      expect(await r.store.count()).toBe(60);
      expect(await r.exportSorted()).toEqual(sortedLines(input));
      // Each delivered row went through the relay step first.
      const d = r.kiosk.sync.delivery(JSON.parse(input[0]!).id as string)!;
      expect(d.step).toBe('delivered');
      expect(d.relayAt).not.toBeNull();
      // The hub recorded the relay next to it as carrier (verified carrier signature), and the kiosk's own key as the signer.
      const held = new Database(join(r.dir, 'kabupaten-relay.sqlite'), { readonly: true });
      const ids = held.prepare('SELECT batch_id FROM relay_batches').all() as { batch_id: string }[];
      held.close();
      expect(ids.length).toBeGreaterThan(0);
      for (const { batch_id } of ids) expect((await r.store.carriage(batch_id))?.relayId).toBe(kab.relayId);
      // The console's device health names the relay as the way this device's batches came.
      const kioskId = r.kiosk.deviceId;
      const dev = (await r.store.console.devices.list()).find((x) => x.deviceId === kioskId)!;
      expect(dev.carried).toMatchObject({ direct: 0, relay: ids.length, usb: 0, lastUsbAt: null });
      expect(Date.parse(dev.carried.lastRelayAt!)).toBeGreaterThan(Date.now() - 60_000);
    });

    it('hub down: the kiosk shows "at relay" and keeps every row pending; the hub\'s ack later makes them delivered', async () => {
      const r = await t.start();
      const port = r.hub.port;
      const kec = await t.relay(r.hub.url, 'kecamatan');
      const e = engineVia(kec.url);
      await e.runOnce(); // enrol through the relay while the hub is up
      await r.hub.close();
      const input = lines(20, 22);
      r.importLines(input);
      await e.runOnce().catch(() => undefined); // statuses fail upstream; the batch is held
      expect(r.kiosk.sync.counts()).toEqual({ pending: 0, atRelay: 20, delivered: 0, parked: 0 });
      expect(r.kiosk.sync.backlog()).toBe(20);
      expect(e.status().atRelay).toBe(20);
      await t.restartHub(port);
      await until(async () => {
        await e.runOnce().catch(() => undefined);
        return t.r.kiosk.sync.counts().delivered === 20;
      });
      expect(await r.exportSorted()).toEqual(sortedLines(input));
    });

    it('a byte changed at the relay is refused by the hub; the kiosk sends its own copy again, stored once', async () => {
      const r = await t.start();
      const port = r.hub.port;
      const kec = await t.relay(r.hub.url, 'kecamatan');
      const e = engineVia(kec.url);
      await e.runOnce();
      await r.hub.close();
      const input = lines(10, 23);
      r.importLines(input);
      await e.runOnce().catch(() => undefined);
      expect(r.kiosk.sync.counts().atRelay).toBe(10);
      // The relay's copy altered in its database (one byte in the middle).
      const db = new Database(join(r.dir, 'kecamatan.sqlite'));
      const row = db.prepare('SELECT batch_id, body FROM relay_batches').get() as { batch_id: string; body: Buffer };
      const bad = Buffer.from(row.body);
      bad[bad.length >> 1]! ^= 0xff;
      db.prepare('UPDATE relay_batches SET body = ? WHERE batch_id = ?').run(bad, row.batch_id);
      db.close();
      await t.restartHub(port);
      await kec.forwardNow();
      expect(await r.store.count()).toBe(0);
      await until(async () => {
        await e.runOnce().catch(() => undefined);
        return t.r.kiosk.sync.counts().delivered === 10;
      });
      expect(await r.store.count()).toBe(10);
      expect(await r.exportSorted()).toEqual(sortedLines(input));
    });

    it('an ack the hub did not sign is refused by the kiosk: nothing leaves the outbox', async () => {
      const r = await t.start();
      const port = r.hub.port;
      const kec = await t.relay(r.hub.url, 'kecamatan');
      const e = engineVia(kec.url);
      await e.runOnce();
      await r.hub.close();
      r.importLines(lines(5, 24));
      await e.runOnce().catch(() => undefined);
      const db = new Database(join(r.dir, 'kecamatan.sqlite'));
      const row = db.prepare('SELECT batch_id FROM relay_batches').get() as { batch_id: string };
      const forged = { batchId: row.batch_id, accepted: r.kiosk.sync.members(row.batch_id), duplicate: [], rejected: [], hubSig: Buffer.alloc(64, 1).toString('base64') };
      db.prepare('UPDATE relay_batches SET hub_ack = ? WHERE batch_id = ?').run(JSON.stringify(forged), row.batch_id);
      db.close();
      await expect(e.runOnce()).rejects.toThrow(/ack .* refused: the ack signature does not verify/);
      expect(r.kiosk.sync.counts()).toEqual({ pending: 0, atRelay: 5, delivered: 0, parked: 0 });
      void port;
    });

    it('statuses and the catalogue come down through the relay, and from its cache when the hub is down', async () => {
      const file = join(process.env['TMPDIR'] ?? '/tmp', `relay-cat-${Date.now()}-${Math.random()}.json`);
      writeFileSync(file, JSON.stringify({ version: 5, services: [{ id: 'surat-hub', title: 'Surat' }] } satisfies CatalogueDocument));
      const r = await t.start({ catalogueFile: file });
      const kec = await t.relay(r.hub.url, 'kecamatan');
      const adopted: number[] = [];
      const e = engineVia(kec.url, { onCatalogue: (d: CatalogueDocument) => adopted.push(d.version) });
      const input = lines(3, 25);
      r.importLines(input);
      expect((await e.syncUntilDone(10_000)).ok).toBe(true);
      expect(adopted).toEqual([5]);
      const id = JSON.parse(input[0]!).id as string;
      await r.store.setStatus(id, 'processing', 'diproses', new Date().toISOString());
      await e.runOnce();
      expect(r.kiosk.submissions.get(id)?.status).toBe('processing');
      // A second kiosk behind the same relay, after the hub went away: the catalogue from the relay's cache.
      const { openKioskFile } = await import('../../../main/sync/kiosk-db.js');
      const k2 = openKioskFile(join(r.dir, 'k2.sqlite'));
      try {
        const e2 = new SyncEngine({ kiosk: k2, upstream: kec.url, log: quiet, onCatalogue: (d) => adopted.push(d.version * 10) });
        await e2.runOnce(); // enrol + catalogue while up, cached per device
        k2.sync.setState('catalogue', { version: 1, services: [] });
        await r.hub.close();
        await e2.runOnce().catch(() => undefined);
        expect(adopted).toEqual([5, 50, 50]);
        await e2.stop();
      } finally {
        k2.close();
      }
    });

    it('a relay answers exactly the bytes it holds: export lines match what the kiosk built', async () => {
      const r = await t.start();
      const kec = await t.relay(r.hub.url, 'kecamatan');
      const input = lines(8, 26);
      r.importLines(input);
      expect((await engineVia(kec.url).syncUntilDone(10_000)).ok).toBe(true);
      const got: string[] = [];
      await r.store.exportAll((s) => got.push(exportLine(s.text, s.attachment?.data ?? null, {})));
      expect(got).toHaveLength(8);
    });
  });
}
