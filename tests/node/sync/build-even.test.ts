import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS helpers shared with the benchmark
import { makeJsonl } from '../../bench/sync-data.mjs';
import { buildNextBatch, EVEN_SPLIT_LOOKAHEAD } from '../../../main/sync/build.js';
import { openKioskFile, type KioskSyncDb } from '../../../main/sync/kiosk-db.js';
import { parseImportLine } from '../../../main/sync/records.js';
import type { OpenBatch } from '../../../main/db/queries/sync.js';
import { tempDir } from '../../helpers/tmp.js';

const lines = (n: number, seed = 1, photoKb: [number, number] | null = null): string[] => makeJsonl(n, { seed, photoKb }) as string[];
const idOf = (l: string): string => (JSON.parse(l) as { id: string }).id;

/** Every batch the builder cuts from the backlog, in order (each saved, so the next starts after it). */
async function cutAll(k: KioskSyncDb, maxBytes: number, only: 'text' | 'any' = 'any'): Promise<OpenBatch[]> {
  const out: OpenBatch[] = [];
  for (let b = await buildNextBatch(k.sync, k.deviceId, 'fast', maxBytes, Infinity, only); b; b = await buildNextBatch(k.sync, k.deviceId, 'fast', maxBytes, Infinity, only)) out.push(b);
  return out;
}

describe('the batch builder splits a backlog evenly (issue 12 §4, lan)', () => {
  const closing: (() => void)[] = [];
  afterEach(() => {
    for (const c of closing.splice(0)) c();
  });
  const kiosk = (input: string[]): KioskSyncDb => {
    const tmp = tempDir('anjungan-build-');
    const k = openKioskFile(join(tmp.dir, 'kiosk.sqlite'));
    closing.push(() => (k.close(), tmp.cleanup()));
    const now = new Date().toISOString();
    for (const l of input) k.sync.importRecord(parseImportLine(l, now));
    return k;
  };

  it('cuts a backlog a little over two batches into three equal ones (not full, full, a few), in capture order', async () => {
    const input = lines(400, 5);
    const k = kiosk(input);
    const total = input.reduce((n, l) => n + Buffer.byteLength(l) + 16, 0);
    // Two full batches and about 2% over: the old builder cut full + full + a small third.
    const max = Math.ceil(total / 2.04);
    const batches = await cutAll(k, max);
    expect(batches).toHaveLength(3);
    const raws = batches.map((b) => b.raw_bytes);
    const largest = Math.max(...input.map((l) => Buffer.byteLength(l) + 16));
    expect(Math.max(...raws) - Math.min(...raws)).toBeLessThanOrEqual(2 * largest);
    for (const r of raws) expect(r).toBeLessThanOrEqual(max);
    expect(batches.flatMap((b) => k.sync.members(b.batch_id))).toEqual(input.map(idOf));
    expect(k.sync.backlog()).toBe(400);
  });

  it('an aborted build (first contact\'s speculative one) saves nothing and leaves the split as it was: the same three equal batches', async () => {
    const input = lines(400, 5);
    const total = input.reduce((n, l) => n + Buffer.byteLength(l) + 16, 0);
    const max = Math.ceil(total / 2.04);
    const plain = (await cutAll(kiosk(input), max)).map((b) => b.raw_bytes);
    const stop = new AbortController();
    stop.abort(new Error('answered like a LAN'));
    const aborted = (k: KioskSyncDb) => buildNextBatch(k.sync, k.deviceId, 'fast', max, Infinity, 'any', null, 'records', stop.signal);
    // Aborted before the first batch (the plan still to make), and after it (the plan made).
    for (const abortFirst of [true, false]) {
      const k = kiosk(input);
      if (abortFirst) await expect(aborted(k)).rejects.toThrow('answered like a LAN');
      const first = (await buildNextBatch(k.sync, k.deviceId, 'fast', max))!;
      if (!abortFirst) await expect(aborted(k)).rejects.toThrow('answered like a LAN');
      expect([first.raw_bytes, ...(await cutAll(k, max)).map((b) => b.raw_bytes)]).toEqual(plain);
      expect(k.sync.openBatches()).toHaveLength(3);
    }
  });

  it('a backlog beyond the look-ahead goes in full batches until its tail is in reach, then evenly', async () => {
    const input = lines(600, 6);
    const k = kiosk(input);
    const total = input.reduce((n, l) => n + Buffer.byteLength(l) + 16, 0);
    const max = Math.ceil(total / 5.3);
    const raws = (await cutAll(k, max)).map((b) => b.raw_bytes);
    expect(raws).toHaveLength(6);
    // The first ones full (raw_bytes frames a record in fewer bytes than the builder's bound counts); the tail (what
    // the look-ahead reached) in equal shares, each well below the bound.
    const largest = Math.max(...input.map((l) => Buffer.byteLength(l) + 16));
    const fullOnes = raws.length - (EVEN_SPLIT_LOOKAHEAD + 1);
    for (const r of raws.slice(0, fullOnes)) expect(r).toBeGreaterThan(0.95 * max);
    const tail = raws.slice(fullOnes);
    expect(Math.max(...tail) - Math.min(...tail)).toBeLessThanOrEqual(2 * largest);
    for (const r of tail) expect(r).toBeLessThan(0.85 * max);
    expect(Math.min(...raws)).toBeGreaterThan(max / 2);
  });

  it('text first on a thin link: the text-only pass splits the requests without attachments, the attachments come after', async () => {
    const text = lines(300, 7);
    const photos = lines(6, 8, [20, 30]);
    const input = [...text.slice(0, 150), ...photos, ...text.slice(150)];
    const k = kiosk(input);
    const textTotal = text.reduce((n, l) => n + Buffer.byteLength(l) + 16, 0);
    const max = Math.ceil(textTotal / 1.5);
    const first = await cutAll(k, max, 'text');
    expect(first).toHaveLength(2);
    expect(first.flatMap((b) => k.sync.members(b.batch_id))).toEqual(text.map(idOf));
    const [a, b] = first.map((x) => x.raw_bytes) as [number, number];
    expect(Math.abs(a - b)).toBeLessThanOrEqual(2 * Math.max(...text.map((l) => Buffer.byteLength(l) + 16)));
    const rest = await cutAll(k, max, 'any');
    expect(rest.flatMap((x) => k.sync.members(x.batch_id))).toEqual(photos.map(idOf));
  });

  it('a backlog within one batch stays one batch; a record bound still cuts by records', async () => {
    const input = lines(50, 9);
    const k = kiosk(input);
    expect((await cutAll(k, 1024 * 1024)).map((b) => b.records)).toEqual([50]);
    const k2 = kiosk(lines(50, 10));
    const counts: number[] = [];
    for (let b = await buildNextBatch(k2.sync, k2.deviceId, 'fast', 1024 * 1024, 20); b; b = await buildNextBatch(k2.sync, k2.deviceId, 'fast', 1024 * 1024, 20)) counts.push(b.records);
    expect(counts).toEqual([20, 20, 10]);
  });
});
