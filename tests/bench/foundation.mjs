// Foundation figures: cold start of `anjungan start` to a served page, and the host's idle RSS.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LAUNCHER = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'main', 'cli', 'launcher.cjs');

async function getWithCookie(url) {
  const first = await fetch(url, { redirect: 'manual' });
  const cookie = first.headers.get('set-cookie').split(';')[0];
  const origin = new URL(url).origin;
  const page = await fetch(`${origin}/`, { headers: { cookie } });
  const html = await page.text();
  const asset = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)[1];
  const js = await fetch(`${origin}/${asset}`);
  await js.arrayBuffer();
  const api = await fetch(`${origin}/api/invoke/app:info`, { method: 'POST', headers: { cookie, 'x-anjungan-client': '1' }, body: '{}' });
  const info = await api.json();
  if (!info.ok) throw new Error('app:info failed');
  return { cookie, origin };
}

function rssKiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
}

async function coldStart(dataDir) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [LAUNCHER, 'start', '--data', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /Open: (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (c) => reject(new Error(`start exited ${c}`)));
  });
  const tUrl = performance.now() - t0;
  await getWithCookie(url);
  const tServed = performance.now() - t0;
  return { child, tUrl, tServed };
}

export async function run() {
  const rows = [];
  const samples = [];
  let idleRss = 0;
  for (let i = 0; i < 5; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'anjungan-bench-'));
    const { child, tUrl, tServed } = await coldStart(dir);
    samples.push({ tUrl, tServed });
    if (i === 4) {
      await new Promise((r) => setTimeout(r, 5000));
      idleRss = rssKiB(child.pid);
    }
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  rows.push({ name: 'cold start to URL printed (median of 5, fresh data dir)', value: median(samples.map((s) => s.tUrl)), unit: 'ms' });
  rows.push({ name: 'cold start to served page + first API answer (median of 5)', value: median(samples.map((s) => s.tServed)), unit: 'ms' });
  rows.push({ name: 'host process RSS at idle (5 s after start)', value: idleRss / 1024, unit: 'MiB', note: 'includes simulators/embedded hub when on by default' });
  return rows;
}
