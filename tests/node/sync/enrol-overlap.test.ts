import net from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS helpers shared with the benchmark
import { makeJsonl } from '../../bench/sync-data.mjs';
import { ENROL_GRACE_MS } from '../../../main/hub/enrol-wait.js';
import { hashEnrolmentCode } from '../../../main/hub/enrolment-code.js';
import { startHubServer, type HubServer } from '../../../main/hub/server.js';
import type { HubStore } from '../../../main/hub/store.js';
import { startRelay, type RelayServer } from '../../../main/relay/server.js';
import { HubClient } from '../../../main/sync/client.js';
import { SyncEngine, type SyncEngineOptions } from '../../../main/sync/engine.js';
import { deviceIdentity } from '../../../main/sync/keys.js';
import { openKioskFile, type KioskSyncDb } from '../../../main/sync/kiosk-db.js';
import { parseImportLine } from '../../../main/sync/records.js';
import { HEADERS, PATHS } from '../../../shared/sync/protocol.js';
import { tempDir } from '../../helpers/tmp.js';
import { BACKENDS } from '../hub/backends.js';
import { canonical, quiet, sortedLines } from './harness.js';
import { wrapped } from '../../helpers/wrapped.js';

/**
 * Issue 12 §4: a fresh kiosk's first batch goes up beside its enrolment, not after the answer.
 * The hub (and a relay) lets that upload wait, unread, until the enrolment has settled: nothing
 * of a device not enrolled is staged or accepted, a refused enrolment leaves the batch pending,
 * and a later pass delivers it once. The enrolment is made slow at the hub (a real store whose
 * enrolDevice answers late), so the batch's request arrives while it is still being decided.
 */
const lines = (n: number, seed = 1): string[] => makeJsonl(n, { seed }) as string[];
const ENROL_DELAY_MS = 700;

interface Seen {
  enrolledAt: number | null;
  /** A lookup of the kiosk's device that found nothing (the batch's request, before the enrolment settled). */
  unknownAt: number | null;
  stagingAt: number | null;
  committedAt: number | null;
}

/** The real store; its enrolments answer late, and what the upload does to it is timed. */
function slowEnrolments(store: HubStore, deviceId: string, seen: Seen): HubStore {
  return wrapped(store, {
    enrolDevice: (real) => async (...a) => {
      await new Promise((r) => setTimeout(r, ENROL_DELAY_MS));
      const out = await real(...a);
      seen.enrolledAt ??= performance.now();
      return out;
    },
    getDevice: (real) => async (id) => {
      const d = await real(id);
      if (!d && id === deviceId) seen.unknownAt ??= performance.now();
      return d;
    },
    startStaging: (real) => (...a) => {
      seen.stagingAt ??= performance.now();
      return real(...a);
    },
    commitBatch: (real) => async (...a) => {
      const out = await real(...a);
      seen.committedAt ??= performance.now();
      return out;
    },
  });
}

/** A TCP tap in front of a server: when each request line passed (the kiosk's side of the wire). */
async function tap(
  port: number,
  o: { cutEnrolAnswer?: boolean } = {},
): Promise<{ url: string; firstPutAt: () => number | null; puts: () => number; besidePuts: () => number; close: () => Promise<void> }> {
  let putAt: number | null = null;
  let puts = 0;
  let besidePuts = 0;
  let cutLeft = o.cutEnrolAnswer ? 1 : 0;
  const socks = new Set<net.Socket>();
  const srv = net.createServer((c) => {
    const u = net.connect(port, '127.0.0.1');
    socks.add(c).add(u);
    let enrolling = false;
    c.on('data', (d: Buffer) => {
      const text = d.toString('latin1');
      if (text.includes('PUT /v1/batches/')) {
        puts++;
        putAt ??= performance.now();
        if (new RegExp(`\\r\\n${HEADERS.beside}: 1\\r\\n`, 'i').test(text)) besidePuts++;
      }
      if (text.includes('POST /v1/devices/enrol')) enrolling = true;
      u.write(d);
    });
    u.on('data', (d: Buffer) => {
      // The hub committed the enrolment, its answer is lost on the way down.
      if (enrolling && cutLeft > 0) {
        cutLeft--;
        c.destroy();
        u.destroy();
        return;
      }
      c.write(d);
    });
    for (const s of [c, u]) s.on('error', () => (c.destroy(), u.destroy())).on('close', () => (c.destroy(), u.destroy()));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(srv.address() as net.AddressInfo).port}`,
    firstPutAt: () => putAt,
    puts: () => puts,
    besidePuts: () => besidePuts,
    close: () => new Promise<void>((r) => (socks.forEach((s) => s.destroy()), srv.close(() => r()))),
  };
}

for (const backend of BACKENDS) {
  describe(`a fresh kiosk's first upload beside its enrolment (${backend.name})`, () => {
    const closers: (() => unknown)[] = [];
    afterEach(async () => {
      for (const c of closers.splice(0).reverse()) await c();
    });

    async function setup(enrolment: 'open' | 'code') {
      const tmp = tempDir('anjungan-overlap-');
      closers.push(() => tmp.cleanup());
      const f = await backend.fresh();
      closers.push(() => f.cleanup());
      const store = await f.open();
      closers.push(() => store.close());
      const kiosk: KioskSyncDb = openKioskFile(join(tmp.dir, 'kiosk.sqlite'));
      closers.push(() => kiosk.close());
      const seen: Seen = { enrolledAt: null, unknownAt: null, stagingAt: null, committedAt: null };
      const hub: HubServer = await startHubServer({ store: slowEnrolments(store, kiosk.deviceId, seen), port: 0, log: quiet, enrolment: enrolment === 'open' ? 'open' : 'code' });
      closers.push(() => hub.close());
      const input = lines(60);
      const now = new Date().toISOString();
      for (const l of input) kiosk.sync.importRecord(parseImportLine(l, now));
      const engine = (upstream: string, extra: Partial<SyncEngineOptions> = {}): SyncEngine => {
        const e = new SyncEngine({ kiosk, upstream, log: quiet, backoffBaseMs: 20, backoffMaxMs: 200, stallTimeoutMs: 10_000, ...extra });
        closers.push(() => e.stop());
        return e;
      };
      const exported = async (): Promise<string[]> => {
        const out: string[] = [];
        await store.exportAll((s) => {
          const obj = JSON.parse(s.text) as Record<string, unknown>;
          out.push(canonical(obj));
        });
        return out.sort();
      };
      return { store, hub, kiosk, seen, input, engine, exported };
    }

    it('enrolment answered late: the batch goes up at once, the hub reads it only after the enrolment committed, all delivered once', async () => {
      const t = await setup('open');
      const wire = await tap(t.hub.port);
      closers.push(() => wire.close());
      const started = performance.now();
      const res = await t.engine(wire.url).runOnce();
      expect(res.delivered).toBe(60);
      const { enrolledAt, unknownAt, stagingAt, committedAt } = t.seen;
      // The batch's request was on the wire and at the hub while the enrolment was still being decided...
      expect(wire.firstPutAt()).not.toBeNull();
      expect(wire.firstPutAt()!).toBeLessThan(enrolledAt!);
      expect(wire.besidePuts()).toBe(1); // it said so (HEADERS.beside): that is what lets it wait
      expect(unknownAt).not.toBeNull();
      expect(unknownAt!).toBeLessThan(enrolledAt!);
      // ...and none of its bytes were staged, nor anything accepted, before the enrolment was committed.
      expect(stagingAt!).toBeGreaterThanOrEqual(enrolledAt!);
      expect(committedAt!).toBeGreaterThan(enrolledAt!);
      expect(enrolledAt! - started).toBeGreaterThanOrEqual(ENROL_DELAY_MS - 5);
      expect(await t.store.count()).toBe(60);
      expect(await t.exported()).toEqual(sortedLines(t.input));
      expect(t.kiosk.sync.backlog()).toBe(0);
      // The ack was checked with the hub key learned at enrolment (delivered only on a verified ack).
      expect(t.kiosk.sync.getState(`hub-keys:${wire.url}`)).toMatchObject({ signingKey: expect.any(String) });
    });

    it('enrolment refused (bad code): nothing staged or accepted, the batch stays pending; a later pass with a good code delivers it once', async () => {
      const t = await setup('code');
      await t.store.addEnrolmentCode(hashEnrolmentCode('GOOD-2026'), null, new Date().toISOString(), new Date(Date.now() + 3600_000).toISOString());
      const bad = t.engine(t.hub.url, { enrolmentCode: 'WRONG-2026' });
      await expect(bad.runOnce()).rejects.toMatchObject({ code: 'enrolment_code_invalid' });
      expect(t.seen.unknownAt).not.toBeNull(); // the batch's request did reach the hub, and waited
      expect(t.seen.stagingAt).toBeNull();
      expect(await t.store.count()).toBe(0);
      expect(t.kiosk.sync.backlog()).toBe(60);
      const open = t.kiosk.sync.openBatches();
      expect(open).toHaveLength(1);
      expect(await t.store.getStaging(open[0]!.batch_id)).toBeNull();
      await bad.stop();

      const good = t.engine(t.hub.url, { enrolmentCode: 'GOOD-2026' });
      const res = await good.runOnce();
      expect(res.delivered).toBe(60);
      expect(await t.store.count()).toBe(60);
      expect(await t.exported()).toEqual(sortedLines(t.input));
      // The very batch built in the refused pass, resumed, not built again.
      expect(await t.store.getBatch(open[0]!.batch_id)).not.toBeNull();
      expect(t.kiosk.sync.backlog()).toBe(0);
      expect(t.kiosk.sync.openBatches()).toHaveLength(0);
    });

    it('the enrolment committed but its answer lost: the batch committed beside it is not taken as delivered (no hub key yet); the next pass asks for its ack and sends nothing again', async () => {
      const t = await setup('open');
      const wire = await tap(t.hub.port, { cutEnrolAnswer: true });
      closers.push(() => wire.close());
      const lost = t.engine(wire.url);
      await expect(lost.runOnce()).rejects.toMatchObject({ kind: 'network' });
      expect(await t.store.count()).toBe(60); // the hub has it, once
      expect(t.kiosk.sync.backlog()).toBe(60); // but the kiosk could not check the hub's ack
      expect(t.kiosk.sync.openBatches()).toHaveLength(1);
      await lost.stop();
      const putsBefore = wire.puts();
      const again = t.engine(wire.url);
      const res = await again.runOnce();
      expect(res.delivered).toBe(60);
      expect(wire.puts()).toBe(putsBefore); // its ack came from the hub's record of it: no byte sent twice
      expect(await t.store.count()).toBe(60);
      expect(await t.exported()).toEqual(sortedLines(t.input));
      expect(t.kiosk.sync.backlog()).toBe(0);
    });

    it('through a relay: the batch waits at the relay for the enrolment the relay carries up, then reaches the hub once', async () => {
      const t = await setup('open');
      const tmp = tempDir('anjungan-overlap-relay-');
      closers.push(() => tmp.cleanup());
      const relay: RelayServer = await startRelay({ db: join(tmp.dir, 'relay.sqlite'), upstream: t.hub.url, port: 0, log: quiet, pollMs: 50 });
      closers.push(() => relay.close());
      const wire = await tap(relay.port);
      closers.push(() => wire.close());
      const e = t.engine(wire.url, { relayPollMs: 50 });
      // The first pass itself gets the batch held at the relay (or already acked by the hub): no refusal, no retry.
      const first = await e.runOnce();
      expect(first.delivered + t.kiosk.sync.counts().atRelay).toBe(60);
      const out = await e.syncUntilDone(20_000);
      expect(out.ok).toBe(true);
      const kioskEnrolledAt = t.seen.enrolledAt!; // the relay's own enrolment comes later, when it forwards
      expect(wire.firstPutAt()!).toBeLessThan(kioskEnrolledAt);
      expect(wire.besidePuts()).toBe(1);
      expect(await t.store.count()).toBe(60);
      expect(await t.exported()).toEqual(sortedLines(t.input));
      expect(t.kiosk.sync.backlog()).toBe(0);
    });

    it('a device neither knows, its request not sent beside an enrolment: 401 at once at the hub and at a relay, never after the grace', async () => {
      const t = await setup('open');
      const tmp = tempDir('anjungan-overlap-unknown-');
      closers.push(() => tmp.cleanup());
      const relay: RelayServer = await startRelay({ db: join(tmp.dir, 'relay.sqlite'), upstream: t.hub.url, port: 0, log: quiet, pollMs: 50 });
      closers.push(() => relay.close());
      const stranger = openKioskFile(join(tmp.dir, 'stranger.sqlite'));
      closers.push(() => stranger.close());
      const id = deviceIdentity(stranger.deviceId, stranger.sync);
      const body = Buffer.from('not a batch, never read');
      const digest = '0'.repeat(64);
      const batchId = '6f1c2d3e-4b5a-4c6d-8e7f-901234567890';
      const timed = async (p: Promise<unknown>): Promise<{ ms: number; err: unknown }> => {
        const t0 = performance.now();
        const err = await p.then(() => null, (e: unknown) => e);
        return { ms: performance.now() - t0, err };
      };
      for (const url of [t.hub.url, relay.url]) {
        const client = new HubClient(url, id, 10_000);
        closers.push(() => client.close());
        const put = await timed(client.putBatch(batchId, body, digest, 0));
        expect(put.err).toMatchObject({ status: 401, code: 'unknown_device' });
        const state = await timed(client.batchState(batchId));
        expect(state.err).toMatchObject({ status: 401 });
        // A request with no device id at all.
        const anon = await timed(fetch(`${url}${PATHS.batch(batchId)}`).then((r) => r.status));
        expect(anon.err).toBeNull();
        for (const r of [put, state, anon]) expect(r.ms).toBeLessThan(ENROL_GRACE_MS / 3);
      }
      expect(await fetch(`${relay.url}${PATHS.batch(batchId)}`).then((r) => r.status)).toBe(401);
      expect(t.seen.stagingAt).toBeNull();
      expect(await t.store.count()).toBe(0);
    });
  });
}
