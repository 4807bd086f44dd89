// How fast the `anjungan` command starts (issue 12 §4 times `anjungan sync` as a whole process,
// start included): the wall time of `anjungan --help` and of a no-op command (`anjungan sync
// --help`, which loads the sync command's modules and exits), and the time from the spawn of
// `anjungan sync` to the first byte a local TCP listener receives from it (its first request,
// the enrolment of a fresh kiosk). Each the median of N runs, after one warm-up run; each also
// as the CLI started before (the tsc module tree, no compile cache), to show what they save.
// Run: npm run build:node && node_modules/.bin/node tests/bench/cli-start.mjs [N]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeJsonl } from './sync-data.mjs';
import { cli } from './sync-process.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const LAUNCHER = resolve(here, '..', '..', 'main', 'cli', 'launcher.cjs');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Spawn → exit, in ms; a failed command fails the bench. */
async function wall(args, env) {
  const r = await cli(args, env);
  if (r.code !== 0) throw new Error(`anjungan ${args.join(' ')} exited ${r.code}: ${r.stderr.slice(-400)}`);
  return r.ms;
}

/**
 * What a live process has used so far (Linux; null elsewhere): CPU time of all its threads, user +
 * system, from /proc/PID/stat (10 ms ticks), and from /proc/PID/schedstat its main thread's time
 * on a CPU and waiting for one (ns). On a shared machine the wall time is mostly that wait.
 */
function usageOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    const [run, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ').map(Number);
    return { cpuMs: (Number(fields[11]) + Number(fields[12])) * 10, mainMs: run / 1e6, waitMs: wait / 1e6 };
  } catch {
    return null;
  }
}

/** Spawn of `anjungan sync` → the first byte at a TCP listener that stands in for the hub: { ms, use }. */
async function firstByte(kiosk, env) {
  const server = createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  try {
    return await new Promise((done, reject) => {
      let t0 = 0;
      let stderr = '';
      let settled = false;
      server.on('connection', (sock) => {
        sock.once('data', () => {
          if (settled) return;
          settled = true;
          done({ ms: performance.now() - t0, use: usageOf(child.pid) });
          sock.destroy();
          child.kill('SIGKILL');
        });
        sock.on('error', () => {});
      });
      t0 = performance.now();
      const child = spawn(process.execPath, [LAUNCHER, 'sync', '--db', kiosk, '--upstream', `http://127.0.0.1:${port}`, '--timeout', '30'], { stdio: ['ignore', 'pipe', 'pipe'], env });
      child.stdout.resume();
      child.stderr.on('data', (d) => (stderr += d));
      child.once('error', reject);
      child.once('exit', (code) => {
        if (!settled) reject(new Error(`anjungan sync exited ${code} before sending a byte: ${stderr.slice(-400)}`));
      });
    });
  } finally {
    server.close();
  }
}

async function measure(n, fn) {
  await fn(); // warm-up: the page cache, and the compile cache when there is one
  const runs = [];
  for (let i = 0; i < n; i++) runs.push(await fn());
  const xs = runs.map((r) => (typeof r === 'number' ? r : r.ms));
  const uses = runs.map((r) => r?.use).filter(Boolean);
  const use = uses.length === n ? { cpuMs: median(uses.map((u) => u.cpuMs)), mainMs: median(uses.map((u) => u.mainMs)), waitMs: median(uses.map((u) => u.waitMs)) } : null;
  return { med: median(xs), min: Math.min(...xs), max: Math.max(...xs), use };
}

export async function run(n = 7) {
  const dir = mkdtempSync(join(tmpdir(), 'anjungan-bench-start-'));
  // Its own compile cache, so a run measures this build (the warm-up run fills it).
  const env = { ...process.env, ANJUNGAN_ENROLMENT: 'open', ANJUNGAN_COMPILE_CACHE: process.env.ANJUNGAN_COMPILE_CACHE ?? join(dir, 'compile-cache') };
  // As the CLI started before the bundle and the cache: the tsc module tree, nothing cached.
  const plain = { ...env, ANJUNGAN_COMPILE_CACHE: 'off', ANJUNGAN_CLI_BUNDLE: '0' };
  try {
    const jsonl = join(dir, 'in.jsonl');
    writeFileSync(jsonl, `${makeJsonl(20, { seed: 3 }).join('\n')}\n`);
    const kiosk = join(dir, 'kiosk.sqlite');
    await wall(['import', '--db', kiosk, '--from', jsonl], env);
    const node = await measure(n, () => new Promise((done) => {
      const t0 = performance.now();
      spawn(process.execPath, ['-e', ''], { stdio: 'ignore' }).once('exit', () => done(performance.now() - t0));
    }));
    const rows = [];
    const note = (m) => `median of ${n} (min ${m.min.toFixed(0)}, max ${m.max.toFixed(0)} ms)`;
    const row = (name, m, extra = '') => rows.push({ name, value: Math.round(m.med), unit: 'ms', note: `${note(m)}${extra}` });
    row('bare `node -e ""` spawn → exit (the floor)', node);
    for (const [label, e] of [['', env], [' [tree, no cache]', plain]]) {
      row(`\`anjungan --help\` spawn → exit${label}`, await measure(n, () => wall(['--help'], e)));
      row(`\`anjungan sync --help\` (no-op) spawn → exit${label}`, await measure(n, () => wall(['sync', '--help'], e)));
      const sync = await measure(n, () => firstByte(kiosk, e));
      row(`\`anjungan sync\` spawn → first byte at the hub${label}`, sync, '; a fresh kiosk, its enrolment');
      if (sync.use) {
        const u = sync.use;
        rows.push({ name: `\`anjungan sync\` main thread on a CPU until that byte${label}`, value: Math.round(u.mainMs), unit: 'ms', note: `median of ${n}; waiting for a CPU ${Math.round(u.waitMs)} ms; all threads, user + system ${u.cpuMs} ms (/proc/PID/schedstat, stat)` });
      }
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await run(Number(process.argv[2] ?? 7))) console.log(`${r.name.padEnd(52)} ${String(r.value).padStart(6)} ${r.unit}  (${r.note})`);
}
