// Sync as another tool drives it (issue 12 §4: "an independent harness with the CLI contract"):
// `anjungan import` fills a fresh kiosk file, then `anjungan sync --db K --upstream URL` is timed
// as a whole process, start included, through the link emulator in front of an `anjungan hub
// serve` process, alone and with a busy process sharing the CPU. The same limit as sync.mjs
// (best-compressed bytes ÷ uplink + one RTT). A fresh kiosk enrols on first contact, as a new
// device in the field does; the in-process profiles of sync.mjs start enrolled.
// Run: npm run build:node && node_modules/.bin/node tests/bench/sync-process.mjs
// SYNC_PROCESS_ONLY=lan (or edge, vsat) runs only the profiles whose name starts with it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startLink } from './link-emulator.mjs';
import { makeJsonl } from './sync-data.mjs';
import { bestCompressed } from './sync-rig.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const LAUNCHER = resolve(here, '..', '..', 'main', 'cli', 'launcher.cjs');
const env = { ...process.env, ANJUNGAN_ENROLMENT: 'open' };

/** `anjungan ARGS` to its exit: its code, wall time (ms, spawn to exit) and stderr. Also cli-start.mjs's. */
export function cli(args, childEnv = env) {
  return new Promise((done, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [LAUNCHER, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('exit', (code) => done({ code, ms: performance.now() - t0, stderr }));
  });
}

async function hubProcess(db) {
  const child = spawn(process.execPath, [LAUNCHER, 'hub', 'serve', '--port', '0', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'], env });
  const url = await new Promise((done, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) done(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`hub serve exited ${code}`)));
  });
  return { url, port: Number(new URL(url).port), stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', r), child.kill('SIGTERM')))) };
}

/** A process that keeps one core busy (the CPU-shared case), until stopped. */
function busy() {
  const child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  return () => new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', r), child.kill('SIGKILL'))));
}

async function profile(name, lines, link, { shared = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'anjungan-bench-proc-'));
  try {
    const jsonl = join(dir, 'in.jsonl');
    writeFileSync(jsonl, `${lines.join('\n')}\n`);
    const kiosk = join(dir, 'kiosk.sqlite');
    const imp = await cli(['import', '--db', kiosk, '--from', jsonl]);
    if (imp.code !== 0) throw new Error(`import failed: ${imp.stderr}`);
    const hub = await hubProcess(join(dir, 'hub.sqlite'));
    const l = link ? await startLink({ target: { host: '127.0.0.1', port: hub.port }, upBytesPerSec: link.up, downBytesPerSec: link.down, latencyMs: link.rttMs / 2 }) : null;
    const stopBusy = shared ? busy() : null;
    try {
      const r = await cli(['sync', '--db', kiosk, '--upstream', l ? l.url : hub.url, '--timeout', '120']);
      if (r.code !== 0) throw new Error(`sync exited ${r.code}: ${r.stderr.slice(-400)}`);
      const best = bestCompressed(lines).bytes;
      const limit = link ? best / link.up + link.rttMs / 1000 : null;
      return { name, secs: r.ms / 1000, limit, x: limit ? r.ms / 1000 / limit : null, bytesUp: l?.stats.bytesUp ?? null, best, connections: l?.stats.connections ?? null };
    } finally {
      await stopBusy?.();
      await l?.close();
      await hub.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const only = process.env.SYNC_PROCESS_ONLY ?? '';
const wanted = (name) => name.startsWith(only);

export async function run() {
  const typical = makeJsonl(500, { seed: 1 });
  const edge = { up: 8000, down: 24000, rttMs: 300 };
  const rows = [];
  for (const [name, lines, link, opts] of [
    ['edge: 500 typical, 8 kB/s up, 24 kB/s down, RTT 300 ms', typical, edge, {}],
    ['edge, another busy process sharing the CPU', typical, edge, { shared: true }],
    ['vsat: 500 typical, 32 kB/s up, RTT 700 ms', typical, { up: 32000, down: 128000, rttMs: 700 }, {}],
  ]) {
    if (!wanted(name)) continue;
    const p = await profile(name, lines, link, opts);
    rows.push({ name: `sync process: ${name}`, value: Number(p.x.toFixed(3)), unit: '× limit', note: `${p.secs.toFixed(2)} s for the whole \`anjungan sync\` vs limit ${p.limit.toFixed(2)} s; bytes up ${p.bytesUp} (best ${p.best}); connections ${p.connections}` });
  }
  if (!wanted('lan')) return rows;
  const lan = await profile('lan', makeJsonl(2000, { seed: 5 }), null);
  rows.push({ name: 'sync process: lan, 2000 submissions, no emulator', value: Number(lan.secs.toFixed(3)), unit: 's', note: 'the whole `anjungan sync` process, start and enrolment included; goal ≤ 0.5 s' });
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await run()) console.log(`${r.name.padEnd(70)} ${String(r.value).padStart(9)} ${r.unit}  (${r.note})`);
}
