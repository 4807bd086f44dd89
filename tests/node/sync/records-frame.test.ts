import { createServer, request, type Server } from 'node:http';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { CODEC_ZSTD, FRAME_RECORDS, parseSegments } from '../../../shared/sync/container.js';
// @ts-expect-error plain JS helpers shared with the benchmark
import { makeJsonl } from '../../bench/sync-data.mjs';
import { rig, type Rig } from './harness.js';
import { BACKENDS } from '../hub/backends.js';

/** The frame types of a plain-zstd body (what a hub reads before it stores anything). */
function frameTypes(body: Buffer): number[] {
  const types: number[] = [];
  for (const s of parseSegments(body)) {
    const bytes = s.codec === CODEC_ZSTD ? zlib.zstdDecompressSync(s.data) : Buffer.from(s.data);
    for (let p = 0; p + 5 <= bytes.length; p += 5 + bytes.readUInt32BE(p + 1)) types.push(bytes[p]!);
  }
  return types;
}

/**
 * A hub from before RECORDS frames, as a kiosk meets it: a real proxy in front of the real hub
 * that answers a batch holding one the way that hub's container parser did (400 bad_container,
 * "unknown frame type 4") and passes everything else through.
 */
async function olderHub(target: URL): Promise<{ url: string; refused: number; server: Server }> {
  const state = { url: '', refused: 0, server: null as unknown as Server };
  state.server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = Buffer.concat(parts);
      if (req.method === 'PUT' && req.url?.startsWith('/v1/batches/') && frameTypes(body).includes(FRAME_RECORDS)) {
        state.refused++;
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'bad_container', message: `unknown frame type ${FRAME_RECORDS}` } }));
        return;
      }
      const up = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.end(body);
    });
  });
  await new Promise<void>((done) => state.server.listen(0, '127.0.0.1', done));
  const addr = state.server.address();
  state.url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return state;
}

describe('records in one RECORDS frame', () => {
  let r: Rig | undefined;
  afterEach(async () => r?.close());

  it('go to this hub in one frame; a hub that cannot read it gets a frame each, the same records, none parked, for a day', async () => {
    r = await rig(BACKENDS[0]!);
    const first = makeJsonl(20, { seed: 41 }) as string[];
    r.importLines(first);
    const put: Buffer[] = [];
    const direct = r.engine({ effort: 'fast' });
    const spy = (direct as unknown as { hub(url: string): { putBatch: (...a: unknown[]) => Promise<unknown> } }).hub(r.hub.url);
    const putBatch = spy.putBatch.bind(spy);
    spy.putBatch = (...a: unknown[]) => (put.push(a[1] as Buffer), putBatch(...a));
    expect(await direct.runOnce()).toMatchObject({ delivered: 20, parked: 0 });
    expect(frameTypes(put[0]!).filter((t) => t === FRAME_RECORDS)).toHaveLength(1);

    const old = await olderHub(new URL(r.hub.url));
    try {
      const e = r.engine({ upstream: old.url, effort: 'fast' });
      const more = makeJsonl(30, { seed: 42 }) as string[];
      r.importLines(more);
      const res = await e.syncUntilDone(10_000);
      expect(res).toMatchObject({ ok: true, parked: 0 });
      expect(old.refused).toBe(1);
      expect(r.kiosk.sync.parkedCount()).toBe(0);
      expect((await r.exportSorted()).length).toBe(50);
      // The next batch on that link goes with a frame each straight away: no second refusal.
      r.importLines(makeJsonl(5, { seed: 43 }) as string[]);
      expect((await e.runOnce()).delivered).toBe(5);
      expect(old.refused).toBe(1);
    } finally {
      old.server.closeAllConnections();
      await new Promise((done) => old.server.close(done));
    }
  });
});
