import { afterEach, describe, expect, it, vi } from 'vitest';
// @ts-expect-error plain JS helpers shared with the benchmark
import { makeJsonl } from '../../bench/sync-data.mjs';
// @ts-expect-error plain JS helpers shared with the benchmark
import { startLink } from '../../bench/link-emulator.mjs';
import { HubClient } from '../../../main/sync/client.js';
import { effortFor, linkProfile, rttRecorder } from '../../../main/sync/link-profile.js';
import { BACKENDS } from '../hub/backends.js';
import { rig, type Rig } from './harness.js';

/**
 * No round trip of its own before the upload (issue 12 §4): the engine learns the link from the
 * exchanges it makes anyway (the enrolment, the pulls) and keeps the figure, so a pass after
 * enrolment goes straight to the batch. Only a device that knows nothing of its link says hello, once.
 */
const lines = (n: number, seed: number): string[] => makeJsonl(n, { seed }) as string[];

describe('link profile (sqlite)', () => {
  let r: Rig | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    await r?.close();
    r = undefined;
  });

  it('enrolment and the pulls measure the round trip: no hello on the first pass nor after a restart', async () => {
    r = await rig(BACKENDS[0]!);
    const hello = vi.spyOn(HubClient.prototype, 'hello');
    r.importLines(lines(50, 41));
    const e = r.engine();
    expect((await e.runOnce()).delivered).toBe(50);
    const up = r.hub.url;
    const p = linkProfile(r.kiosk.sync, up);
    expect(p.rttMs).not.toBeNull();
    expect(p.rttMs!).toBeLessThan(1000);
    await e.stop();
    // Another process (a restart): the saved figure decides.
    r.importLines(lines(20, 42));
    expect((await r.engine().runOnce()).delivered).toBe(20);
    expect(hello).not.toHaveBeenCalled();
  });

  it('a device enrolled by an older version, knowing nothing of its link, says hello once and keeps the figure', async () => {
    r = await rig(BACKENDS[0]!);
    await r.engine().runOnce(); // enrolled
    r.kiosk.sync.setState(`rtt:${r.hub.url}`, null);
    expect(linkProfile(r.kiosk.sync, r.hub.url)).toEqual({ bytesPerSecond: null, rttMs: null });
    const hello = vi.spyOn(HubClient.prototype, 'hello');
    r.importLines(lines(5, 43));
    const e = r.engine();
    await e.runOnce();
    expect(hello).toHaveBeenCalledTimes(1);
    r.importLines(lines(5, 44));
    await e.runOnce();
    expect(hello).toHaveBeenCalledTimes(1);
    expect(linkProfile(r.kiosk.sync, r.hub.url).rttMs).not.toBeNull();
  });

  it('a slow round trip is measured as slow: over a 300 ms link the effort is the small one', async () => {
    r = await rig(BACKENDS[0]!);
    const link = await startLink({ target: { host: '127.0.0.1', port: r.hub.port }, latencyMs: 150 });
    try {
      const e = r.engine({ upstream: link.url });
      r.importLines(lines(3, 45));
      await e.runOnce();
      const p = linkProfile(r.kiosk.sync, link.url);
      expect(p.rttMs!).toBeGreaterThanOrEqual(290);
      expect(effortFor(p)).toBe('small');
      await e.stop();
    } finally {
      await link.close();
    }
    expect(effortFor({ bytesPerSecond: null, rttMs: 0.4 })).toBe('fast');
  });

  it('picks the zstd level by the link\'s bytes/s: harder on a thin link, lighter as it gets faster', () => {
    const at = (bytesPerSecond: number) => effortFor({ bytesPerSecond, rttMs: 300 });
    expect(at(4_000)).toBe('small');
    expect(at(8_000)).toBe('small');
    expect(at(12_000)).toBe('zstd-17');
    expect(at(32_000)).toBe('zstd-15');
    expect(at(128_000)).toBe('zstd-9');
    expect(at(5_000_000)).toBe('fast');
    // A known rate outranks the round trip.
    expect(effortFor({ bytesPerSecond: 8_000, rttMs: 0.5 })).toBe('small');
  });

  it('keeps the shortest round trip of the last day (a loaded pass does not make a LAN look slow); an older figure is replaced', () => {
    const m = new Map<string, unknown>();
    const state = { getState: <T>(k: string) => m.get(k) as T | undefined, setState: (k: string, v: unknown) => void m.set(k, v) };
    let now = Date.parse('2026-11-02T08:00:00Z');
    const note = rttRecorder(state, 'http://hub', () => now);
    note(3);
    note(28);
    expect(linkProfile(state, 'http://hub').rttMs).toBe(3);
    now += 25 * 3600_000;
    note(320);
    expect(linkProfile(state, 'http://hub').rttMs).toBe(320);
    expect(effortFor(linkProfile(state, 'http://hub'))).toBe('small');
  });
});
