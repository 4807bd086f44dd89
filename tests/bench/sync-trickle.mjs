// Two sync profiles of issue 12 §4 beyond the bulk ones in sync.mjs:
// - trickle: submissions arriving one every 2 s on the edge link, with the engine's own scheduler
//   running (debounce, timer, backoff as in the app; the pass each submission triggers, as the
//   core's submissions:changed does): p95 submit → hub's ack, and bytes up per submission against
//   that submission's best standalone compression (min of brotli-11 and zstd-22 of its record).
// - field: a post offline for 14 days (2,000 requests, 200 of them with a 40 KB photo) empties
//   its backlog over one VSAT window (32 kB/s up, 700 ms RTT), statuses included: × limit.
import zlib from 'node:zlib';
import { startLink } from './link-emulator.mjs';
import { makeJsonl } from './sync-data.mjs';
import { bestCompressed, quiet, setup } from './sync-rig.mjs';

const D = '../../dist/node/main';
const { SyncEngine } = await import(`${D}/sync/engine.js`);
const { parseImportLine } = await import(`${D}/sync/records.js`);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function standaloneBest(text) {
  const raw = Buffer.from(text);
  const br = zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const zs = zlib.zstdCompressSync(raw, { params: { [zlib.constants.ZSTD_c_compressionLevel]: 22 } }).length;
  return Math.min(br, zs);
}

function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/** n submissions one every everyMs through the engine's scheduler on an edge link. */
export async function trickle({ n = 100, everyMs = 2000, up = 8000, down = 24_000, rttMs = 300, seed = 8 } = {}) {
  const env = await setup(null, []);
  const l = await startLink({ target: { host: '127.0.0.1', port: env.hub.port }, upBytesPerSec: up, downBytesPerSec: down, latencyMs: rttMs / 2 });
  env.kiosk.sync.setState(`link:${l.url}`, { bytesPerSecond: up });
  env.kiosk.sync.setState(`enrolled:${l.url}`, true);
  // As the app: the scheduler's defaults, catalogue pulls on (the hub here serves none: one request each).
  const engine = new SyncEngine({ kiosk: env.kiosk, upstream: l.url, log: quiet, validateCatalogue: () => ({ ok: true }), onCatalogue: () => {} });
  const ackedAt = new Map();
  const origApply = env.kiosk.sync.applyAck;
  env.kiosk.sync.applyAck = (batchId, ack, at) => {
    const r = origApply(batchId, ack, at);
    const t = performance.now();
    for (const id of [...ack.accepted, ...ack.duplicate]) ackedAt.set(id, t);
    return r;
  };
  engine.start();
  // The first pass of the day (statuses, catalogue: the hub's dictionaries are learnt there).
  while (env.kiosk.sync.getState(`dicts:${l.url}`) === undefined) await sleep(50);
  await sleep(1500);
  const lines = makeJsonl(n, { seed });
  const submittedAt = new Map();
  const best = [];
  const up0 = l.stats.bytesUp;
  const req0 = engine.counters.requests;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const due = t0 + i * everyMs;
    if (due > performance.now()) await sleep(due - performance.now());
    const rec = parseImportLine(lines[i], new Date().toISOString());
    env.kiosk.transaction(() => env.kiosk.sync.importRecord(rec));
    submittedAt.set(rec.id, performance.now());
    best.push(standaloneBest(rec.text));
    engine.trigger();
  }
  const deadline = performance.now() + 60_000;
  while (ackedAt.size < n && performance.now() < deadline) await sleep(50);
  const bytesUp = l.stats.bytesUp - up0;
  const requests = engine.counters.requests - req0;
  await engine.stop();
  const lat = [...submittedAt].map(([id, t]) => ((ackedAt.get(id) ?? Infinity) - t) / 1000);
  const count = await env.store.count();
  await l.close();
  await env.close();
  const meanBest = best.reduce((a, b) => a + b, 0) / best.length;
  return {
    ok: ackedAt.size === n && count === n,
    p50: pct(lat, 50),
    p95: pct(lat, 95),
    max: Math.max(...lat),
    bytesPerSubmission: bytesUp / n,
    meanBest,
    ratio: bytesUp / n / meanBest,
    requests,
  };
}

/** 2,000 requests (every tenth with a 40 KB photo) waiting after 14 days offline, sent over one VSAT window. */
export async function field({ up = 32_000, down = 128_000, rttMs = 700 } = {}) {
  const text = makeJsonl(1800, { seed: 14 });
  const photos = makeJsonl(200, { seed: 15, photoKb: [40, 40] });
  const lines = [];
  for (let i = 0, t = 0, p = 0; i < 2000; i++) lines.push(i % 10 === 9 ? photos[p++] : text[t++]);
  const env = await setup(null, lines);
  const best = bestCompressed(lines);
  const l = await startLink({ target: { host: '127.0.0.1', port: env.hub.port }, upBytesPerSec: up, downBytesPerSec: down, latencyMs: rttMs / 2 });
  env.kiosk.sync.setState(`link:${l.url}`, { bytesPerSecond: up });
  env.kiosk.sync.setState(`enrolled:${l.url}`, true);
  const engine = new SyncEngine({ kiosk: env.kiosk, upstream: l.url, log: quiet, validateCatalogue: () => ({ ok: true }), onCatalogue: () => {} });
  const t0 = performance.now();
  const res = await engine.syncUntilDone(30 * 60_000);
  const secs = (performance.now() - t0) / 1000;
  const count = await env.store.count();
  const out = {
    ok: res.ok && count === lines.length && env.kiosk.sync.backlog() === 0,
    secs,
    limit: best.bytes / up + rttMs / 1000,
    bytesUp: l.stats.bytesUp,
    best: best.bytes,
    requests: engine.counters.requests,
  };
  out.x = out.secs / out.limit;
  await engine.stop();
  await l.close();
  await env.close();
  return out;
}
