import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHubServer, type HubServer } from '../../../main/hub/server.js';
import { startRelay, type RelayServer } from '../../../main/relay/server.js';
import { openRelayStore } from '../../../main/relay/store.js';
import { relayStickImport } from '../../../main/relay/usb-import.js';
import { BACKENDS } from '../hub/backends.js';
import { quiet } from '../sync/harness.js';
import { firstTrip, lines, stickRig, type StickRig } from '../usb/stick-rig.js';

/**
 * A stick carried up a chain of relays (desa → kecamatan → kabupaten): the lower relay's carry
 * request passes through the upper relay as it came, streamed, so an export larger than any
 * buffer the relay keeps in memory (photos) still reaches the hub whole and byte-checked.
 */
for (const backend of BACKENDS) {
  describe(`a stick through two relays (${backend.name})`, () => {
    let r: StickRig | undefined;
    let hub: HubServer | undefined;
    let upper: RelayServer | undefined;
    afterEach(async () => {
      await upper?.close();
      await hub?.close();
      await r?.close();
      r = hub = upper = undefined;
    });

    it('an export of over 8 MiB of photos: carried through the upper relay to the hub, stored once, the answer back on the stick', { timeout: 120_000 }, async () => {
      r = await stickRig(backend);
      // The hub lays carried exports out in its own spool folder; what a crashed run left there goes at start.
      const spool = join(r.dir, 'hub-spool');
      mkdirSync(join(spool, 'anjungan-carry-left-by-a-crash'), { recursive: true });
      hub = await startHubServer({ store: r.store, port: 0, log: quiet, enrolment: 'open', spoolDir: spool });
      expect(readdirSync(spool)).toEqual([]);
      expect(statSync(spool).mode & 0o777).toBe(0o700);
      upper = await startRelay({ db: join(r.dir, 'kabupaten-relay.sqlite'), upstream: hub.url, port: 0, log: quiet, pollMs: 50 });
      const k = r.kiosk();
      await firstTrip(r, k); // the kiosk has met its hub once
      const input = lines(170, 41, [48, 60]);
      r.fill(k, input);
      const ex = await r.exportTo(k);
      expect(ex.bytes).toBeGreaterThan(8.5 * 1024 * 1024);

      const lower = openRelayStore(join(r.dir, 'kecamatan-relay.sqlite'));
      try {
        const got = await relayStickImport({ store: lower, from: r.stick, upstream: upper.url, log: quiet });
        expect(got.upstreamError).toBeNull();
        expect(got.devices).toEqual([expect.objectContaining({ deviceId: k.deviceId, error: null, state: 'answered', answerWritten: true })]);
        expect(got.devices[0]!.outcome).toMatchObject({ accepted: 170, duplicate: 0, rejected: 0 });
      } finally {
        lower.close();
      }
      expect(await r.store.count()).toBe(170);
      expect(readdirSync(spool)).toEqual([]); // nothing left behind once answered
      const back = r.importFrom(k);
      expect(back.delivered).toBe(170);
      expect(k.sync.counts()).toEqual({ pending: 0, atRelay: 0, delivered: 170, parked: 0 });
    });

    it('the hub out of reach behind the upper relay: the lower relay holds the export (not refused) and delivers it when the hub is back', { timeout: 120_000 }, async () => {
      r = await stickRig(backend);
      hub = await startHubServer({ store: r.store, port: 0, log: quiet, enrolment: 'open' });
      const port = hub.port;
      upper = await startRelay({ db: join(r.dir, 'kabupaten-relay.sqlite'), upstream: hub.url, port: 0, log: quiet, pollMs: 50 });
      const k = r.kiosk();
      await firstTrip(r, k);
      r.fill(k, lines(12, 42));
      await r.exportTo(k);
      const lower = openRelayStore(join(r.dir, 'kecamatan-relay.sqlite'));
      try {
        // The lower relay meets the hub once through the upper one, then the hub goes down.
        const first = await relayStickImport({ store: lower, from: r.stick, upstream: upper.url, log: quiet });
        expect(first.devices[0]).toMatchObject({ state: 'answered' });
        r.fill(k, lines(9, 43));
        await r.exportTo(k);
        await hub.close();
        const held = await relayStickImport({ store: lower, from: r.stick, upstream: upper.url, log: quiet });
        expect(held.devices).toEqual([expect.objectContaining({ error: null, state: 'held', refusedByHub: null })]);
        expect(await r.store.count()).toBe(12);
        hub = await startHubServer({ store: r.store, port, log: quiet, enrolment: 'open' });
        const again = await relayStickImport({ store: lower, from: r.stick, upstream: upper.url, log: quiet });
        expect(again.devices[0]).toMatchObject({ state: 'answered', answerWritten: true });
      } finally {
        lower.close();
      }
      expect(await r.store.count()).toBe(21);
      r.importFrom(k);
      expect(k.sync.counts()).toEqual({ pending: 0, atRelay: 0, delivered: 21, parked: 0 });
    });
  });
}
