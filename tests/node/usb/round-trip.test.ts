import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SyncEngine } from '../../../main/sync/engine.js';
import { openKioskFile } from '../../../main/sync/kiosk-db.js';
import { deviceDir } from '../../../main/usb/stick.js';
import { startHubServer } from '../../../main/hub/server.js';
import { BACKENDS } from '../hub/backends.js';
import { quiet, sortedLines } from '../sync/harness.js';
import { firstTrip, hubLines, lines, stickRig, type StickRig } from './stick-rig.js';


const idOf = (line: string): string => (JSON.parse(line) as { id: string }).id;

for (const backend of BACKENDS) {
  describe(`USB stick round trip (${backend.name})`, () => {
    let r: StickRig | undefined;
    afterEach(async () => {
      await r?.close();
      r = undefined;
    });

    it('a device that never had a link: export seals, hub ingests byte-identical once, the answer delivers, statuses and catalogue come back', async () => {
      r = await stickRig(backend);
      const k = r.kiosk();
      const input = [...lines(60, 2), ...lines(3, 5, [20, 30])];
      r.fill(k, input);
      await r.hubImport(); // an empty stick: the hub leaves its keys file

      const ex = await r.exportTo(k, { hubFingerprint: await r.fingerprint(), enrolmentCode: await r.code() });
      expect(ex.submissions).toBe(63);
      // Exporting marks nothing delivered.
      expect(k.sync.backlog()).toBe(63);
      // Sealed: neither a resident's NIK nor any run of the batch containers' bytes is readable on the stick.
      const nik = (JSON.parse(input[0]!) as { payload: { pemohon: { nik: string } } }).payload.pemohon.nik;
      const bodies = k.sync.openBatches().map((b) => b.body);
      expect(bodies.length).toBeGreaterThan(0);
      for (const f of readdirSync(deviceDir(r.stick, k.deviceId))) {
        const bytes = readFileSync(join(deviceDir(r.stick, k.deviceId), f));
        expect(bytes.includes(Buffer.from(nik)), f).toBe(false);
        expect(bytes.includes(Buffer.from(idOf(input[0]!))), f).toBe(false);
        for (const body of bodies) expect(bytes.includes(body.subarray(8, 40)), f).toBe(false);
      }

      const hub = await r.hubImport({ version: 3, services: [{ id: 'surat-hub', title: 'Dari hub' }] });
      expect(hub.devices).toHaveLength(1);
      expect(hub.devices[0]).toMatchObject({ deviceId: k.deviceId, error: null, accepted: 63, duplicate: 0, rejected: 0, failed: [], catalogue: 3 });
      expect(await r.store.count()).toBe(63);
      expect(await hubLines(r)).toEqual(sortedLines(input));
      // The console's device health says the stick carried them.
      const dev = (await r.store.console.devices.list()).find((x) => x.deviceId === k.deviceId)!;
      expect(dev.carried).toMatchObject({ direct: 0, relay: 0, usb: bodies.length, lastRelayAt: null });
      expect(dev.carried.lastUsbAt).not.toBeNull();

      const got: number[] = [];
      const back = r.importFrom(k, { onCatalogue: (doc) => got.push(doc.version) });
      expect(back).toMatchObject({ alreadyApplied: false, delivered: 63, parked: 0, failed: [], catalogue: 3 });
      expect(got).toEqual([3]);
      expect(k.sync.backlog()).toBe(0);
      expect(k.submissions.get(idOf(input[0]!))?.status).toBe('sent');

      // The hub moves one along; the next trip brings the status back (and only once).
      await r.store.setStatus(idOf(input[1]!), 'processing', 'sedang diproses', new Date().toISOString());
      const ex2 = await r.exportTo(k);
      expect(ex2.submissions).toBe(0);
      expect((await r.hubImport()).devices[0]).toMatchObject({ accepted: 0, statuses: 1, catalogue: null });
      expect(r.importFrom(k)).toMatchObject({ statuses: 1, delivered: 0 });
      expect(k.submissions.get(idOf(input[1]!))?.status).toBe('processing');
      expect(await r.store.count()).toBe(63);
    });

    it('a device that syncs by link too: the stick carries the same batches, and a later link pass sends nothing again', async () => {
      r = await stickRig(backend);
      const server = await startHubServer({ store: r.store, port: 0, log: quiet, enrolment: 'open' });
      try {
        const k = openKioskFile(join(r.dir, 'linked.sqlite'));
        try {
          const engine = new SyncEngine({ kiosk: k, upstream: server.url, log: quiet, backoffBaseMs: 20, backoffMaxMs: 200 });
          await engine.runOnce(); // enrols, learns the hub's keys
          const input = lines(40, 7);
          r.fill(k, input);
          await r.exportTo(k); // no fingerprint needed: the keys were learned at enrolment
          expect((await r.hubImport()).devices[0]).toMatchObject({ accepted: 40, error: null });
          // The link comes back before the stick does: the same batch ids are answered as replays, nothing stored twice.
          const pass = await engine.runOnce();
          expect(pass.delivered).toBe(40);
          expect(await r.store.count()).toBe(40);
          // And the stick's answer, arriving late, finds nothing left to do.
          expect(r.importFrom(k)).toMatchObject({ delivered: 0, stale: 1 });
          expect(k.sync.backlog()).toBe(0);
          await engine.stop();
        } finally {
          k.close();
        }
      } finally {
        await server.close();
      }
    });
  });
}

describe('USB stick: several devices on one stick (sqlite)', () => {
  let r: StickRig | undefined;
  afterEach(async () => {
    await r?.close();
    r = undefined;
  });

  it('the hub takes every device folder and answers each one; each kiosk applies only its own', async () => {
    r = await stickRig(BACKENDS[0]!);
    const a = r.kiosk('a');
    const b = r.kiosk('b');
    await firstTrip(r, a);
    await firstTrip(r, b);
    r.fill(a, lines(10, 11));
    r.fill(b, lines(15, 12));
    await r.exportTo(a);
    await r.exportTo(b);
    const hub = await r.hubImport();
    expect(hub.devices.map((d) => [d.deviceId, d.accepted]).sort()).toEqual([[a.deviceId, 10], [b.deviceId, 15]].sort());
    expect(r.importFrom(a).delivered).toBe(10);
    expect(r.importFrom(b).delivered).toBe(15);
    expect(await r.store.count()).toBe(25);
  });
});
