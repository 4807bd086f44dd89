// The SQLite hub's ingest per 1000 typical submissions (issue 12 §4, lan): the hub's own commit
// (store.commitBatch: clash lookups, the INSERT with its triggers and 16 indexes, the batch row,
// one transaction), and the decoding of a batch body before it (decodeBatch). Median of ROUNDS
// batches on a hub that already holds the earlier ones; wall time and this process's CPU time.
// Alone: npm run build:node && node_modules/.bin/node tests/bench/hub-ingest.mjs
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeJsonl } from './sync-data.mjs';

const D = '../../dist/node/main';
const ROUNDS = Number(process.env.HUB_INGEST_ROUNDS ?? 9);
const N = 1000;

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

export async function run() {
  const { openHubBackend } = await import(`${D}/hub/open.js`);
  const { migrateHub } = await import(`${D}/hub/schema.js`);
  const { createHubStore } = await import(`${D}/hub/rules.js`);
  const { workingDayNumbers } = await import(`${D}/hub/console/dashboard.js`);
  const { decodeBatch } = await import(`${D}/hub/ingest.js`);
  const { encodeBatch } = await import(`${D}/sync/batch.js`);
  const dir = mkdtempSync(join(tmpdir(), 'anjungan-bench-ingest-'));
  const backend = openHubBackend(join(dir, 'hub.sqlite'));
  try {
    await migrateHub(backend);
    await backend.transaction((q) => q.putCalendarDays(workingDayNumbers()));
    await backend.transaction((q) => q.insertLetterKey({ office_code: '36.04.05.2001', key_id: 'k', device_id: 'dev', public_key: Buffer.alloc(32) }, new Date().toISOString()));
    const store = createHubStore(backend);
    const commit = { wall: [], cpu: [] };
    const decode = { wall: [], cpu: [] };
    const timed = async (into, fn) => {
      const w0 = performance.now();
      const c0 = process.cpuUsage();
      const out = await fn();
      const c = process.cpuUsage(c0);
      into.wall.push(performance.now() - w0);
      into.cpu.push((c.user + c.system) / 1000);
      return out;
    };
    for (let round = 0; round < ROUNDS; round++) {
      const lines = makeJsonl(N, { seed: 100 + round });
      const batchId = randomUUID();
      const body = (await encodeBatch(lines.map((text) => ({ id: JSON.parse(text).id, text })), 'dev', 'fast', batchId)).body;
      const decoded = await timed(decode, () => decodeBatch(body));
      const digest = createHash('sha256').update(body).digest('hex');
      const ack = await timed(commit, () => store.commitBatch({ batchId, deviceId: 'dev', digest, records: decoded.records, invalid: decoded.invalid, at: new Date().toISOString(), forwardTo: [] }));
      if (ack.accepted.length !== N) throw new Error(`accepted ${ack.accepted.length} of ${N}`);
    }
    const row = (name, t) => ({ name, value: Number(median(t.wall).toFixed(1)), unit: 'ms / 1000', note: `median of ${ROUNDS}; CPU ${median(t.cpu).toFixed(1)} ms` });
    return [row('hub ingest (SQLite): commitBatch of 1000 typical', commit), row('hub ingest: decodeBatch of 1000 typical (zstd-3)', decode)];
  } finally {
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await run()) console.log(`${r.name.padEnd(60)} ${String(r.value).padStart(8)} ${r.unit}  (${r.note})`);
}
