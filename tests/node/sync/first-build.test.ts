import { join } from 'node:path';
import { zstdDecompressSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS helpers shared with the benchmark
import { makeJsonl } from '../../bench/sync-data.mjs';
import { startHubServer } from '../../../main/hub/server.js';
import type { HubStore } from '../../../main/hub/store.js';
import { createLogger } from '../../../main/log.js';
import { buildNextBatch } from '../../../main/sync/build.js';
import { compress } from '../../../main/sync/codec.js';
import { SyncEngine } from '../../../main/sync/engine.js';
import { openKioskFile, type KioskSyncDb } from '../../../main/sync/kiosk-db.js';
import { parseImportLine } from '../../../main/sync/records.js';
import { tempDir } from '../../helpers/tmp.js';
import { BACKENDS } from '../hub/backends.js';
import { wrapped } from '../../helpers/wrapped.js';

/**
 * Issue 12 §4: a fresh kiosk's first batch starts building PREBUILD_START_MS (20 ms) into its
 * enrolment instead of after PREBUILD_AFTER_MS (100 ms) — and when the enrolment still answers
 * like a LAN, that build is stopped and nothing of it kept (main/sync/first-contact.ts): the pass
 * builds at zstd-3. Real kiosk file, real hub, real zstd.
 */
const lines = (n: number, seed = 1): string[] => makeJsonl(n, { seed }) as string[];
const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

function kioskWith(n: number): KioskSyncDb {
  const tmp = tempDir('anjungan-first-build-');
  closers.push(() => tmp.cleanup());
  const kiosk = openKioskFile(join(tmp.dir, 'kiosk.sqlite'));
  closers.push(() => kiosk.close());
  const now = new Date().toISOString();
  for (const l of lines(n)) kiosk.sync.importRecord(parseImportLine(l, now));
  return kiosk;
}

describe('an abortable compression and build', () => {
  const data = Buffer.from(lines(400).join('\n'));

  it('with a signal not aborted: a zstd frame of the same bytes, about the size of the one-shot call', async () => {
    const plain = await compress(data, 'zstd-17');
    const streamed = await compress(data, 'zstd-17', null, new AbortController().signal);
    expect(streamed.codec).toBe(plain.codec);
    expect(zstdDecompressSync(streamed.data).equals(data)).toBe(true);
    expect(streamed.data.length).toBeLessThan(plain.data.length * 1.01);
  });

  it('aborted on the way: rejects with the reason; aborted before: rejects at once', async () => {
    const stop = new AbortController();
    const running = compress(Buffer.concat([data, data, data]), 'small', null, stop.signal);
    setTimeout(() => stop.abort(new Error('dropped')), 5);
    await expect(running).rejects.toThrow('dropped');
    await expect(compress(data, 'fast', null, stop.signal)).rejects.toThrow('dropped');
  });

  it('a build aborted before its bytes are saved keeps nothing: no open batch, the backlog whole', async () => {
    const kiosk = kioskWith(300);
    const stop = new AbortController();
    const building = buildNextBatch(kiosk.sync, kiosk.deviceId, 'small', undefined, undefined, 'any', null, 'records', stop.signal);
    stop.abort(new Error('a LAN after all'));
    await expect(building).rejects.toThrow('a LAN after all');
    expect(kiosk.sync.openBatches()).toHaveLength(0);
    expect(kiosk.sync.backlog()).toBe(300);
    const b = await buildNextBatch(kiosk.sync, kiosk.deviceId, 'fast');
    expect(b?.records).toBe(300);
  });
});

const backend = BACKENDS[0]!;
describe(`a fresh kiosk's first batch (${backend.name})`, () => {
  /** The real store, its enrolments answered only once `release` settles. */
  async function hubWithEnrolments(release: () => Promise<void>): Promise<{ url: string; store: HubStore; enrolAt: () => number | null }> {
    const f = await backend.fresh();
    closers.push(() => f.cleanup());
    const store = await f.open();
    closers.push(() => store.close());
    let at: number | null = null;
    const held = wrapped(store, {
      enrolDevice: (real) => async (...a) => {
        at ??= performance.now();
        await release();
        return real(...a);
      },
    });
    const hub = await startHubServer({ store: held, port: 0, log: createLogger('test', () => {}), enrolment: 'open' });
    closers.push(() => hub.close());
    return { url: hub.url, store, enrolAt: () => at };
  }

  /** When the kiosk first read its due submissions (a build's start), and how often. */
  function watched(kiosk: KioskSyncDb): { firstReadAt: () => number | null; reads: () => number; firstRead: Promise<void> } {
    let firstAt: number | null = null;
    let reads = 0;
    let opened!: () => void;
    const firstRead = new Promise<void>((r) => (opened = r));
    const due = kiosk.sync.due.bind(kiosk.sync);
    kiosk.sync.due = ((...a: Parameters<typeof due>) => {
      reads++;
      firstAt ??= performance.now();
      opened();
      return due(...a);
    }) as typeof due;
    return { firstReadAt: () => firstAt, reads: () => reads, firstRead };
  }

  function engine(kiosk: KioskSyncDb, url: string, logged: string[]): SyncEngine {
    const before = process.env['ANJUNGAN_LOG'];
    process.env['ANJUNGAN_LOG'] = 'debug';
    const log = createLogger('sync', (l) => logged.push(l));
    if (before === undefined) delete process.env['ANJUNGAN_LOG'];
    else process.env['ANJUNGAN_LOG'] = before;
    const e = new SyncEngine({ kiosk, upstream: url, log, backoffBaseMs: 20, backoffMaxMs: 200 });
    closers.push(() => e.stop());
    return e;
  }
  const builds = (logged: string[]): { effort: string; records: number }[] =>
    logged.map((l) => JSON.parse(l) as { msg: string; effort: string; records: number }).filter((l) => l.msg === 'batch built');

  it('the enrolment answers just after the build began (a LAN, late): that build is dropped, the pass builds at zstd-3, all delivered once', async () => {
    const kiosk = kioskWith(500);
    const w = watched(kiosk);
    const hub = await hubWithEnrolments(() => w.firstRead);
    const logged: string[] = [];
    const res = await engine(kiosk, hub.url, logged).runOnce();
    expect(res.delivered).toBe(500);
    expect(await hub.store.count()).toBe(500);
    // Read twice: the dropped build, then the pass's own; only the pass's was built and sent.
    expect(w.reads()).toBeGreaterThanOrEqual(2);
    const b = builds(logged);
    // At zstd-3 whatever round trip the enrolment measured (the build may have held its answer back).
    expect(new Set(b.map((x) => x.effort))).toEqual(new Set(['fast']));
    expect(b.reduce((n, x) => n + x.records, 0)).toBe(500);
    expect(kiosk.sync.openBatches()).toHaveLength(0);
    expect(kiosk.sync.backlog()).toBe(0);
  });

  it('no answer (a slow link): the first batch is built at zstd-17 from 20 ms on, not after 100 ms, and goes up beside the enrolment', async () => {
    const kiosk = kioskWith(200);
    const w = watched(kiosk);
    const hub = await hubWithEnrolments(() => new Promise((r) => setTimeout(r, 600)));
    const logged: string[] = [];
    const res = await engine(kiosk, hub.url, logged).runOnce();
    expect(res.delivered).toBe(200);
    expect(await hub.store.count()).toBe(200);
    expect(builds(logged)).toEqual([expect.objectContaining({ effort: 'zstd-17', records: 200 })]);
    // Its build began well before the 100 ms mark of the enrolment's arrival at the hub.
    expect(w.firstReadAt()! - hub.enrolAt()!).toBeLessThan(90);
  });
});
