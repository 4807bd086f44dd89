import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS helpers shared with the benchmark
import { makeJsonl } from '../../bench/sync-data.mjs';
import { encodeBatch } from '../../../main/sync/batch.js';
import { HubClient, SyncError } from '../../../main/sync/client.js';
import { UnknownDictionaryError } from '../../../main/sync/codec.js';
import { DICTIONARY_DIR, loadDictionaries, shippedDictionaries } from '../../../main/sync/dictionaries.js';
import { deviceIdentity } from '../../../main/sync/keys.js';
import { parseImportLine } from '../../../main/sync/records.js';
import { decodeBatch } from '../../../main/hub/ingest.js';
import { CODEC_ZSTD, CODEC_ZSTD_DICT, dictionariesOf, parseSegments } from '../../../shared/sync/container.js';
import type { OpenBatch } from '../../../main/db/queries/sync.js';
import { tempDir } from '../../helpers/tmp.js';
import { startRelay } from '../../../main/relay/server.js';
import { BACKENDS } from '../hub/backends.js';
import { quiet, rig, sortedLines, type Rig } from './harness.js';

/**
 * The records dictionary (container codec 3, main/sync/dictionaries.ts) against a real hub: a
 * round trip, the hub decoding what a kiosk built with it, a dictionary the hub does not hold
 * refused by name, a kiosk without dictionaries still accepted, and a kiosk that used one its hub
 * cannot read building the batch again without it (nothing parked).
 */
const lines = (n: number, seed: number): string[] => makeJsonl(n, { seed }) as string[];
const DEVICE = 'c0ffee00-1111-4222-8333-444455556666';
const records = (ls: string[]) => ls.map((l) => parseImportLine(l, '')).map((r) => ({ id: r.id, text: r.text, attachment: r.attachment?.data ?? null }));

/** Captures every batch the kiosk saves (its exact bytes). */
function spyBatches(r: Rig): OpenBatch[] {
  const seen: OpenBatch[] = [];
  const orig = r.kiosk.sync.saveBatch.bind(r.kiosk.sync);
  r.kiosk.sync.saveBatch = (b, ids, at) => {
    seen.push(b);
    orig(b, ids, at);
  };
  return seen;
}

describe('records dictionary (codec 3)', () => {
  it('ships records-1 and round-trips a batch with it, several times smaller for one record', async () => {
    const d = shippedDictionaries();
    expect(d.ids()).toContain('records-1');
    const recs = records(lines(3, 71));
    const dict = { id: 'records-1', data: d.get('records-1')! };
    const withDict = await encodeBatch(recs, DEVICE, 'small', undefined, dict);
    const plain = await encodeBatch(recs, DEVICE, 'small');
    expect(parseSegments(withDict.body)[0]!.codec).toBe(CODEC_ZSTD_DICT);
    expect(parseSegments(plain.body)[0]!.codec).toBe(CODEC_ZSTD);
    expect(dictionariesOf(withDict.body)).toEqual(['records-1']);
    const decoded = await decodeBatch(withDict.body);
    expect(decoded.records.map((r) => r.text)).toEqual(recs.map((r) => r.text));
    expect(decoded.header).toMatchObject({ deviceId: DEVICE, count: 3 });
    const one = records(lines(1, 72));
    const a = await encodeBatch(one, DEVICE, 'small', undefined, dict);
    const b = await encodeBatch(one, DEVICE, 'small');
    expect(a.body.length).toBeLessThan(b.body.length * 0.5);
  });

  it('refuses a segment whose dictionary it does not hold, naming it', async () => {
    const other = { id: 'records-99', data: Buffer.from(lines(20, 73).join('\n')) };
    const b = await encodeBatch(records(lines(2, 74)), DEVICE, 'small', undefined, other);
    await expect(decodeBatch(b.body)).rejects.toThrow(UnknownDictionaryError);
    await expect(decodeBatch(b.body)).rejects.toThrow(/dictionary "records-99".*holds: records-1/);
  });
});

for (const backend of BACKENDS) {
  describe(`records dictionary at the hub (${backend.name})`, () => {
    let r: Rig | null = null;
    afterEach(async () => {
      await r?.close();
      r = null;
    });

    it('a kiosk learns the hub’s dictionaries on the status page and the hub stores what it sent', async () => {
      r = await rig(backend);
      const batches = spyBatches(r);
      const e = r.engine();
      await e.runOnce(); // enrolment and the first status page
      expect(r.kiosk.sync.getState<string[]>(`dicts:${r.hub.url}`)).toEqual(shippedDictionaries().ids());
      const ls = lines(40, 75);
      r.importLines(ls);
      const res = await e.runOnce();
      expect(res.delivered).toBe(40);
      expect(batches.map((b) => dictionariesOf(b.body))).toEqual([['records-1']]);
      expect(await r.store.count()).toBe(40);
      expect(await r.exportSorted()).toEqual(sortedLines(ls));
    });

    it('answers 400 unknown_dictionary for a batch with a dictionary it does not hold, and stores nothing', async () => {
      r = await rig(backend);
      await r.engine().runOnce();
      const b = await encodeBatch(records(lines(2, 76)), r.kiosk.deviceId, 'small', undefined, { id: 'records-99', data: Buffer.from('x'.repeat(500)) });
      const client = new HubClient(r.hub.url, deviceIdentity(r.kiosk.deviceId, r.kiosk.sync), 5000);
      const err = await client.putBatch(b.batch_id, b.body, b.digest, 0).catch((x: unknown) => x);
      client.close();
      expect(err).toBeInstanceOf(SyncError);
      expect(err).toMatchObject({ kind: 'rejected', code: 'unknown_dictionary', status: 400 });
      expect((err as SyncError).message).toMatch(/records-99/);
      expect(await r.store.count()).toBe(0);
    });

    it('accepts a kiosk without dictionaries (plain zstd, as before)', async () => {
      r = await rig(backend);
      const batches = spyBatches(r);
      const none = loadDictionaries(join(r.dir, 'no-such-folder'));
      const e = r.engine({ dictionaries: none });
      await e.runOnce();
      const ls = lines(25, 77);
      r.importLines(ls);
      expect((await e.runOnce()).delivered).toBe(25);
      expect(batches.map((b) => dictionariesOf(b.body))).toEqual([[]]);
      expect(await r.exportSorted()).toEqual(sortedLines(ls));
    });

    it('a batch built with a dictionary the hub cannot read goes again without it, nothing parked', async () => {
      r = await rig(backend);
      const batches = spyBatches(r);
      // This kiosk holds a newer dictionary than the hub and wrongly believes the hub has it too.
      const t = tempDir('anjungan-dicts-');
      copyFileSync(join(DICTIONARY_DIR, 'records-1.zdict'), join(t.dir, 'records-1.zdict'));
      writeFileSync(join(t.dir, 'records-2.zdict'), lines(30, 78).join('\n'));
      const e = r.engine({ dictionaries: loadDictionaries(t.dir) });
      await e.runOnce();
      r.kiosk.sync.setState(`dicts:${r.hub.url}`, ['records-1', 'records-2']);
      const ls = lines(10, 79);
      r.importLines(ls);
      const res = await e.runOnce();
      t.cleanup();
      expect(res).toMatchObject({ delivered: 10, parked: 0 });
      expect(batches.map((b) => dictionariesOf(b.body))).toEqual([['records-2'], []]);
      expect(r.kiosk.sync.parkedCount()).toBe(0);
      expect(await r.exportSorted()).toEqual(sortedLines(ls));
      // The refusal forgot the hub's list (the status page went beside the upload, before it) ...
      expect(r.kiosk.sync.getState<string[]>(`dicts:${r.hub.url}`)).toEqual([]);
      r.importLines(lines(3, 81));
      expect((await e.runOnce()).delivered).toBe(3);
      // ... the next status page lists records-1 again, but this link refused a dictionary batch today: plain zstd for now.
      expect(r.kiosk.sync.getState<string[]>(`dicts:${r.hub.url}`)).toEqual(['records-1']);
      r.importLines(lines(2, 84));
      expect((await e.runOnce()).delivered).toBe(2);
      expect(batches.slice(2).map((b) => dictionariesOf(b.body))).toEqual([[], []]);
    });

    it('through a kecamatan relay: the hub’s list comes down through it, the relay checks the dictionary batch, the hub stores it', async () => {
      r = await rig(backend);
      const batches = spyBatches(r);
      const kec = await startRelay({ db: join(r.dir, 'kecamatan.sqlite'), upstream: r.hub.url, port: 0, log: quiet, pollMs: 50 });
      try {
        const e = r.engine({ upstream: kec.url, relayPollMs: 50 });
        expect((await e.syncUntilDone(20_000)).ok).toBe(true);
        expect(r.kiosk.sync.getState<string[]>(`dicts:${kec.url}`)).toEqual(shippedDictionaries().ids());
        const ls = lines(15, 82);
        r.importLines(ls);
        expect((await e.syncUntilDone(20_000)).ok).toBe(true);
        expect(batches.map((b) => dictionariesOf(b.body))).toEqual([['records-1']]);
        expect(r.kiosk.sync.counts()).toMatchObject({ pending: 0, atRelay: 0, delivered: 15, parked: 0 });
        expect(await r.exportSorted()).toEqual(sortedLines(ls));
      } finally {
        await kec.close();
      }
    });

    it('a pass for one new submission is one request when the pulls ran lately (the trickle)', async () => {
      r = await rig(backend);
      const e = r.engine({ debounceMs: 10 });
      e.start();
      const until = async (ok: () => boolean): Promise<void> => {
        for (let i = 0; i < 400 && !ok(); i++) await new Promise((res) => setTimeout(res, 25));
      };
      await until(() => r!.kiosk.sync.getState(`dicts:${r!.hub.url}`) !== undefined && e.status().state === 'idle');
      const before = e.counters.requests;
      r.importLines(lines(1, 80));
      e.trigger();
      await until(() => r!.kiosk.sync.counts().delivered === 1 && e.status().state === 'idle');
      expect(r.kiosk.sync.counts().delivered).toBe(1);
      expect(e.counters.requests - before).toBe(1);
      // An operator's "send now" still pulls statuses and the rest.
      const now0 = e.counters.requests;
      await e.syncNow();
      expect(e.counters.requests - now0).toBeGreaterThanOrEqual(1);
      expect(await r.store.count()).toBe(1);
    });
  });
}
