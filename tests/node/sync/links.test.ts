import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS helpers shared with the benchmark
import { makeJsonl } from '../../bench/sync-data.mjs';
import type { SyncLink } from '../../../shared/sync/links.js';
import { BACKENDS } from '../hub/backends.js';
import { deadUrl, rig, sortedLines, type Rig } from './harness.js';

const lines = (n: number, seed = 1, photoKb: [number, number] | null = null): string[] => makeJsonl(n, { seed, photoKb }) as string[];

/** A second real path to the same hub (a kecamatan relay's place, a mobile router): TCP passed through, and cut at will. */
async function path(hubUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(hubUrl);
  const socks = new Set<Socket>();
  const srv: Server = createServer((down) => {
    const up = connect(Number(target.port), target.hostname);
    for (const s of [down, up]) {
      socks.add(s);
      s.on('error', () => undefined);
      s.on('close', () => socks.delete(s));
    }
    down.pipe(up).pipe(down);
    down.on('close', () => up.destroy());
    up.on('close', () => down.destroy());
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        for (const s of socks) s.destroy();
        srv.close(() => r());
      }),
  };
}


const link = (name: string, url: string, more: Partial<SyncLink> = {}): SyncLink => ({ name, url, dailyBudgetBytes: null, windows: [], ...more });
/** 2026-12-03 at hh:mm WIB. */
const wib = (hh: number, mm = 0, day = 3): Date => new Date(Date.UTC(2026, 11, day, hh - 7, mm));

const backend = BACKENDS[0]!;
describe('several links (issue 12 §3)', () => {
  let r: Rig;
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
    await r?.close();
  });

  it('uses the first link that is up: a switched-off LAN hub is passed over for the next, and the desk sees which', async () => {
    r = await rig(backend);
    const relay = await path(r.hub.url);
    closers.push(relay.close);
    const input = lines(40);
    r.importLines(input);
    const links = [link('lan', await deadUrl()), link('relay', relay.url)];
    const e = r.engine({ upstream: null, links: () => links });
    const res = await e.runOnce();
    expect(res.delivered).toBe(40);
    expect(await r.exportSorted()).toEqual(sortedLines(input));
    const s = e.status();
    expect(s.links.map((l) => [l.name, l.state])).toEqual([
      ['lan', 'down'],
      ['relay', 'ready'],
    ]);
    expect(s.links[1]!.usedToday).toBeGreaterThan(2000);
    expect(s.links[0]!.usedToday).toBe(0);
    expect(s.upstream).toBe(relay.url);
    expect(s.backlog).toBe(0);
    expect(s.backlogBytes).toBe(0);

    // The relay's path is cut: the next pass goes back to the LAN hub, now on.
    await relay.close();
    links[0] = link('lan', r.hub.url);
    r.importLines(lines(5, 2));
    expect((await e.runOnce()).delivered).toBe(5);
    expect(e.status().links[0]!.usedToday).toBeGreaterThan(0);
  });

  it('keeps to time windows in WIB: outside the VSAT window the mobile link carries, inside it the VSAT', async () => {
    r = await rig(backend);
    const vsat = await path(r.hub.url);
    const mobile = await path(r.hub.url);
    closers.push(vsat.close, mobile.close);
    let now = wib(15);
    const links = [link('vsat', vsat.url, { windows: ['18:00-20:00'] }), link('mobile', mobile.url)];
    const e = r.engine({ upstream: null, links: () => links, now: () => now });
    r.importLines(lines(10));
    await e.runOnce();
    let s = e.status();
    expect(s.links[0]).toMatchObject({ name: 'vsat', state: 'closed', usedToday: 0, opensInMinutes: 180 });
    expect(s.links[1]!.usedToday).toBeGreaterThan(0);

    now = wib(18, 30);
    const mobileBefore = e.status().links[1]!.usedToday;
    r.importLines(lines(10, 3));
    expect((await e.runOnce()).delivered).toBe(10);
    s = e.status();
    expect(s.links[0]!.usedToday).toBeGreaterThan(0);
    expect(s.links[1]!.usedToday).toBe(mobileBefore);
    expect(r.kiosk.sync.backlog()).toBe(0);
  });

  it('a metered link sends requests without attachments first and stops at its daily budget; the rest waits for the next day, nothing twice', async () => {
    r = await rig(backend);
    let now = wib(9);
    // Photos captured first, text after: on a thin link the text still goes first.
    const photos = lines(5, 5, [30, 30]);
    const text = lines(30, 6);
    r.importLines([...photos, ...text]);
    const links = [link('mobile', r.hub.url, { dailyBudgetBytes: 100 * 1024 })];
    const e = r.engine({ upstream: null, links: () => links, now: () => now, maxBatchBytes: 64 * 1024 });
    const done = await e.syncUntilDone(2000);
    expect(done.ok).toBe(false);
    expect(done.error?.code).toBe('over_budget');
    const s = e.status();
    expect(s.links[0]!.state).toBe('over_budget');
    // Batches never pass the budget; the small exchanges of the pass in progress (statuses) may, by a little.
    expect(s.links[0]!.usedToday).toBeLessThanOrEqual(100 * 1024 + 8 * 1024);
    expect(s.links[0]!.usedToday).toBeGreaterThan(64 * 1024);
    const held = s.backlog;
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThan(5);
    // Every text request is through; of the photos only what the budget held.
    const atHub = new Set((await r.exportSorted()).map((l) => (JSON.parse(l) as { id: string }).id));
    for (const l of text) expect(atHub.has((JSON.parse(l) as { id: string }).id)).toBe(true);
    expect(s.backlogBytes).toBeGreaterThan(held * 25 * 1024);

    // The budget is kept in the store: a restarted engine does not start the day again.
    await e.stop();
    const e2 = r.engine({ upstream: null, links: () => links, now: () => now, maxBatchBytes: 64 * 1024 });
    expect(e2.status().links[0]!.usedToday).toBe(s.links[0]!.usedToday);
    expect((await e2.syncUntilDone(500)).ok).toBe(false);
    expect(e2.status().backlog).toBe(held);

    // Midnight WIB: a new budget, the rest goes, each once.
    now = wib(0, 5, 4);
    expect((await e2.syncUntilDone(5000)).ok).toBe(true);
    expect(await r.exportSorted()).toEqual(sortedLines([...photos, ...text]));
  });

  it('with every link closed, says when the next window opens and sends nothing', async () => {
    r = await rig(backend);
    r.importLines(lines(3));
    const links = [link('vsat', r.hub.url, { windows: ['18:00-20:00', '05:00-06:00'] })];
    const e = r.engine({ upstream: null, links: () => links, now: () => wib(16, 30) });
    await expect(e.runOnce()).rejects.toMatchObject({ code: 'no_link', retryAfterMs: 90 * 60_000 });
    expect(e.status().backlog).toBe(3);
    expect(e.status().links[0]).toMatchObject({ state: 'closed', opensInMinutes: 90 });
  });
});
