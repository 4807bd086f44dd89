import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openHubStore } from '../../../main/hub/open.js';
import { openKioskFile } from '../../../main/sync/kiosk-db.js';
import { parseImportLine } from '../../../main/sync/records.js';
import { USB_SPLIT_STATE } from '../../../main/usb/kiosk-export.js';
import { LAUNCHER, runCli, type CliResult } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';
import type { Backend } from '../hub/backends.js';
import { lines } from '../usb/stick-rig.js';

/**
 * Real processes for the relay's stick path: `anjungan hub serve` (SQLite or PostgreSQL),
 * `anjungan relay serve`, and the one-shot CLI commands (`usb export`, `relay usb-import`,
 * `usb import`, `hub count`) on real files. Needs `npm run build:node`.
 */
const children = new Set<ChildProcess>();

function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const c = spawn(process.execPath, [LAUNCHER, ...args], { env: { ...process.env, ANJUNGAN_LOG: 'error', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(c);
  c.once('exit', () => children.delete(c));
  return c;
}

function listening(p: ChildProcess, re: RegExp): Promise<string> {
  p.stderr!.resume();
  return new Promise((res, rej) => {
    let buf = '';
    p.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = re.exec(buf);
      if (m) res(m[1]!);
    });
    p.once('exit', () => rej(new Error(`exited before listening: ${buf}`)));
  });
}

export const exited = (c: ChildProcess): Promise<void> => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', () => r())));
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RelayUsbRig {
  dir: string;
  stick: string;
  relayDb: string;
  target: string;
  hubUrl: string | null;
  /** `hub serve` (again on the same port after stopHub). */
  startHub(): Promise<string>;
  stopHub(): Promise<void>;
  /** `relay serve --upstream` the hub's port. */
  startRelay(): Promise<ChildProcess>;
  /** A kiosk file with `n` pending submissions; `perBatch` cuts the next export's batches that small. */
  kiosk(name: string, n: number, seed: number, perBatch?: number): { db: string; deviceId: string };
  cli(args: string[]): Promise<CliResult>;
  /** A running `anjungan ARGS`, to kill. */
  spawn(args: string[]): ChildProcess;
  relayImport(extra?: string[]): Promise<CliResult>;
  hubCount(): Promise<string>;
  code(): Promise<string>;
  /** The hub's console record of how a device's batches came. */
  carried(deviceId: string): Promise<{ direct: number; relay: number; usb: number }>;
  /** Rows in the relay's stick tables. */
  relayRows(): { exports: number; waiting: number; files: number; parts: number; names: string[] };
  close(): Promise<void>;
}

export async function relayUsbRig(backend: Backend): Promise<RelayUsbRig> {
  const tmp = tempDir('anjungan-relay-usb-');
  const f = await backend.fresh();
  const stick = join(tmp.dir, 'stick');
  mkdirSync(stick);
  let hub: ChildProcess | null = null;
  let port = 0;
  const relays: ChildProcess[] = [];
  const r: RelayUsbRig = {
    dir: tmp.dir,
    stick,
    relayDb: join(tmp.dir, 'relay.sqlite'),
    target: f.target,
    hubUrl: null,
    async startHub() {
      hub = spawnCli(['hub', 'serve', '--port', String(port), '--db', f.target], { ANJUNGAN_ENROLMENT: 'open' });
      const url = await listening(hub, /listening on (http:\/\/\S+)/);
      port = Number(new URL(url).port);
      r.hubUrl = url;
      return url;
    },
    async stopHub() {
      if (!hub) return;
      hub.kill('SIGTERM');
      await exited(hub);
      hub = null;
    },
    async startRelay() {
      const p = spawnCli(['relay', 'serve', '--port', '0', '--db', r.relayDb, '--upstream', `http://127.0.0.1:${port}`]);
      await listening(p, /Relay: (http:\/\/\S+)/);
      relays.push(p);
      return p;
    },
    kiosk(name, n, seed, perBatch) {
      const db = join(tmp.dir, `${name}.sqlite`);
      const k = openKioskFile(db);
      const now = new Date().toISOString();
      for (const l of lines(n, seed, [4, 8])) k.sync.importRecord(parseImportLine(l, now));
      if (perBatch) k.sync.setState(USB_SPLIT_STATE, perBatch);
      const deviceId = k.deviceId;
      k.close();
      return { db, deviceId };
    },
    cli: (args) => runCli(args, { ANJUNGAN_LOG: 'error' }, 120_000),
    spawn: (args) => spawnCli(args),
    relayImport: (extra = []) => r.cli(['relay', 'usb-import', '--db', r.relayDb, '--from', stick, ...extra]),
    async hubCount() {
      return (await r.cli(['hub', 'count', '--db', f.target])).stdout;
    },
    async code() {
      return (await r.cli(['hub', 'enrol', '--db', f.target])).stdout.trim();
    },
    async carried(deviceId) {
      const store = await openHubStore(f.target);
      try {
        const d = (await store.console.devices.list()).find((x) => x.deviceId === deviceId);
        return { direct: d?.carried.direct ?? 0, relay: d?.carried.relay ?? 0, usb: d?.carried.usb ?? 0 };
      } finally {
        await store.close();
      }
    },
    relayRows() {
      const db = new Database(r.relayDb, { readonly: true });
      try {
        const n = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
        const names = (db.prepare('SELECT name FROM relay_usb_files ORDER BY name').all() as { name: string }[]).map((x) => x.name);
        const waiting = (db.prepare('SELECT count(*) AS n FROM relay_usb_exports WHERE done_at IS NULL').get() as { n: number }).n;
        return { exports: n('relay_usb_exports'), waiting, files: n('relay_usb_files'), parts: n('relay_usb_parts'), names };
      } finally {
        db.close();
      }
    },
    async close() {
      for (const c of children) c.kill('SIGKILL');
      await Promise.all([...children].map(exited));
      await f.cleanup();
      tmp.cleanup();
    },
  };
  return r;
}

/**
 * A loopback HTTP hop in front of the hub that can stall the stick carry (POST /v1/usb/carry):
 * 'hold' swallows the request (the relay stored, nothing reached the hub), 'answer-late' lets the
 * hub commit and answer but keeps the answer from the relay. Everything else passes.
 */
export interface Hop {
  url: string;
  mode: 'pass' | 'hold' | 'answer-late';
  /** Resolves when a carry request arrived (hold) or the hub's answer to it did (answer-late). */
  next(): Promise<void>;
  close(): Promise<void>;
}

export async function hop(hubUrl: () => string): Promise<Hop> {
  let waiter: (() => void) | null = null;
  const fire = (): void => {
    waiter?.();
    waiter = null;
  };
  const h: Hop = { url: '', mode: 'pass', next: () => new Promise((r) => (waiter = r)), close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const carry = req.url?.startsWith('/v1/usb/carry') ?? false;
    if (carry && h.mode === 'hold') {
      req.resume();
      fire();
      return;
    }
    const up = request(new URL(req.url ?? '/', hubUrl()), { method: req.method, headers: req.headers }, (ur) => {
      if (carry && h.mode === 'answer-late') {
        ur.resume();
        ur.once('end', fire);
        return;
      }
      res.writeHead(ur.statusCode ?? 502, ur.headers);
      ur.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  h.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  h.close = () =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return h;
}

/** The stick's hub fingerprint (from the hub.json the relay wrote). */
export function stickFingerprint(stick: string): string {
  return (JSON.parse(readFileSync(join(stick, 'anjungan', 'hub.json'), 'utf8')) as { fingerprint: string }).fingerprint;
}

/** A kiosk's outbox by state, from `anjungan outbox --json`. */
export async function outbox(r: RelayUsbRig, db: string): Promise<{ pending: number; atRelay: number; delivered: number; parked: number }> {
  const o = await r.cli(['outbox', '--db', db, '--json']);
  return JSON.parse(o.stdout) as { pending: number; atRelay: number; delivered: number; parked: number };
}
