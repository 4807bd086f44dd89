import { afterEach, describe, expect, it } from 'vitest';
import { startHubServer, type HubServer } from '../../../main/hub/server.js';
import { SyncEngine } from '../../../main/sync/engine.js';
import { parseImportLine } from '../../../main/sync/records.js';
import { BACKENDS } from '../hub/backends.js';
import { hubLines, lines, stickRig, type StickRig } from '../usb/stick-rig.js';
import { quiet, sortedLines } from './harness.js';
import { VirtualClock } from './virtual-clock.js';

/**
 * Issue 12 §4, the field scenario (the USB variant; the VSAT window is the bench's `field`
 * profile, minutes long): a post that had a link once goes offline for 14 days on a virtual
 * clock and takes 2,000 requests, 200 of them with a 40 KB photo. The engine's own scheduler
 * keeps trying (capped backoff, the app's 5 minutes) and loses nothing; then one stick round
 * trip delivers all 2,000 exactly once and brings the statuses back, and the link's return
 * sends nothing twice.
 */
const DAY = 24 * 3600_000;
const BACKOFF_MAX = 5 * 60_000;
const idOf = (l: string): string => (JSON.parse(l) as { id: string }).id;


describe('field scenario: 14 days offline, then one USB round trip (sqlite)', () => {
  let r: StickRig | undefined;
  let server: HubServer | undefined;
  afterEach(async () => {
    await server?.close();
    await r?.close();
    r = server = undefined;
  });

  it('keeps trying with bounded backoff, loses nothing, delivers all 2,000 exactly once by stick with statuses back', async () => {
    r = await stickRig(BACKENDS[0]!);
    const k = r.kiosk();
    server = await startHubServer({ store: r.store, port: 0, host: '127.0.0.1', log: quiet, enrolment: 'open' });
    const url = server.url;
    const port = server.port;
    // Day 0: the link works; 20 requests reach the hub, then the link is gone.
    const early = lines(20, 13);
    const first = new SyncEngine({ kiosk: k, upstream: url, log: quiet });
    await first.runOnce();
    r.fill(k, early);
    expect((await first.runOnce()).delivered).toBe(20);
    await first.stop();
    await server.close();
    server = undefined;

    const clock = new VirtualClock(new Date('2026-11-02T00:00:00Z'));
    const start = clock.t;
    const e = new SyncEngine({ kiosk: k, upstream: url, log: quiet, timers: clock, now: clock.now, backoffBaseMs: 1000, backoffMaxMs: BACKOFF_MAX, debounceMs: 1500, intervalMs: 15 * 60_000 });
    const passes: number[] = [];
    let inFlight = 0;
    const run = e.runOnce.bind(e);
    e.runOnce = (o) => {
      passes.push(clock.t);
      inFlight++;
      const p = run(o);
      const done = (): void => void inFlight--;
      p.then(done, done);
      return p;
    };
    // 2,000 requests over the 14 days, every tenth with a 40 KB photo; each one wakes the engine as the core does.
    const text = lines(1800, 14);
    const photos = lines(200, 15, [40, 40]);
    const offline: string[] = [];
    for (let i = 0, t = 0, p = 0; i < 2000; i++) offline.push(i % 10 === 9 ? photos[p++]! : text[t++]!);
    offline.forEach((line, i) => {
      clock.setTimeout(() => {
        k.sync.importRecord(parseImportLine(line, clock.now().toISOString()));
        e.trigger();
      }, Math.round(((i + 1) * 14 * DAY) / 2001));
    });
    e.start();
    await clock.runUntil(start + 14 * DAY, () => inFlight > 0);
    await e.stop();

    // Kept trying all along, never waiting longer than the cap; nothing delivered, nothing lost, nothing parked.
    const gaps = passes.slice(1).map((t, i) => t - passes[i]!);
    expect(passes.length).toBeGreaterThan((14 * DAY) / BACKOFF_MAX);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(BACKOFF_MAX);
    expect(clock.t - passes.at(-1)!).toBeLessThanOrEqual(BACKOFF_MAX);
    expect(e.status()).toMatchObject({ state: 'offline', backlog: 2000, parked: 0 });
    expect(e.status().lastError?.kind).toBe('network');
    expect(k.sync.counts()).toMatchObject({ pending: 2000, delivered: 20, parked: 0 });
    expect(await r.store.count()).toBe(20);

    // Meanwhile at the kabupaten the early requests moved on.
    for (const l of early) await r.store.setStatus(idOf(l), 'processing', 'sedang diproses', new Date().toISOString());

    // One stick round trip: export (the keys were learnt at enrolment), the hub's import, the answer back.
    const ex = await r.exportTo(k);
    expect(ex.submissions).toBe(2000);
    const hub = await r.hubImport();
    expect(hub.devices).toHaveLength(1);
    expect(hub.devices[0]).toMatchObject({ deviceId: k.deviceId, error: null, accepted: 2000, duplicate: 0, rejected: 0, failed: [], statuses: 20 });
    const back = r.importFrom(k);
    expect(back).toMatchObject({ delivered: 2000, parked: 0, failed: [], statuses: 20 });
    expect(k.sync.counts()).toMatchObject({ pending: 0, atRelay: 0, delivered: 2020, parked: 0 });
    for (const l of early) expect(k.submissions.get(idOf(l))?.status).toBe('processing');
    expect(k.submissions.get(idOf(offline[9]!))?.status).toBe('sent');

    // At the hub: each of the 2,020 once, byte for byte what was taken (photos included).
    expect(await r.store.count()).toBe(2020);
    expect(await hubLines(r)).toEqual(sortedLines([...early, ...offline]));

    // The link comes back: nothing goes twice.
    server = await startHubServer({ store: r.store, port, host: '127.0.0.1', log: quiet, enrolment: 'open' });
    const again = new SyncEngine({ kiosk: k, upstream: url, log: quiet });
    const pass = await again.runOnce();
    await again.stop();
    expect(pass).toMatchObject({ delivered: 0, parked: 0, batches: 0 });
    expect(again.counters.bodyBytes).toBe(0);
    expect(await r.store.count()).toBe(2020);
  }, 120_000);
});
