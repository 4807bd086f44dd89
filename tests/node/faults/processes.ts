import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Real processes for the fault tests (kill -9 of `anjungan hub serve`, `anjungan sync`, the
 * campaign's kiosk child): spawn, wait, read, and kill whatever is left when a suite ends.
 * The CLI runs from dist/: `npm run build:node` first.
 */
export const ROOT = resolve(__dirname, '../../..');
export const LAUNCHER = join(ROOT, 'main/cli/launcher.cjs');
export const NODE = process.execPath;
export const built = (): boolean => existsSync(join(ROOT, 'dist/node/main/cli/main.js'));

const children = new Set<ChildProcess>();

/** A node script (the CLI launcher unless `script` says otherwise), tracked for killAll. */
export function spawnNode(args: string[], env: NodeJS.ProcessEnv = {}, script = LAUNCHER): ChildProcess {
  const c = spawn(NODE, [script, ...args], { env: { ...process.env, ANJUNGAN_LOG: 'error', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(c);
  c.once('exit', () => children.delete(c));
  return c;
}

/** `anjungan ARGS`. */
export const run = (args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess => spawnNode(args, env);

export function exited(c: ChildProcess): Promise<number | null> {
  return c.exitCode !== null || c.signalCode !== null ? Promise.resolve(c.exitCode) : new Promise((r) => c.once('exit', (code) => r(code)));
}

export async function output(c: ChildProcess): Promise<{ code: number | null; out: string; err: string }> {
  let out = '';
  let err = '';
  c.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  c.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const code = await exited(c);
  return { code, out, err };
}

/** Resolves with the first match of `re` on the child's stdout; rejects if it exits first. */
export function waitForLine(c: ChildProcess, re: RegExp, what: string): Promise<RegExpExecArray> {
  return new Promise((res, rej) => {
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString();
      const m = re.exec(buf);
      if (m) {
        c.stdout!.off('data', onData);
        res(m);
      }
    };
    c.stdout!.on('data', onData);
    c.once('exit', () => rej(new Error(`${what} exited before "${re.source}"`)));
  });
}

export interface HubProcess {
  proc: ChildProcess;
  url: string;
  port: number;
}

/** `anjungan hub serve` with open enrolment; `port` 0 picks one (pass the old one to come back on it). */
export async function startHub(target: string, port = 0): Promise<HubProcess> {
  const proc = run(['hub', 'serve', '--port', String(port), '--db', target], { ANJUNGAN_ENROLMENT: 'open' });
  proc.stderr!.resume();
  const m = await waitForLine(proc, /listening on (http:\/\/\S+)/, 'hub');
  proc.stdout!.resume();
  const url = m[1]!;
  return { proc, url, port: Number(new URL(url).port) };
}

/** `anjungan sim printer` on a loopback TCP port, receipts as text files under `out`. */
export async function startPrinter(out: string): Promise<{ proc: ChildProcess; uri: string }> {
  const proc = run(['sim', 'printer', '--tcp', '0', '--out', out]);
  proc.stderr!.resume();
  const m = await waitForLine(proc, /sim printer on (tcp:\/\/\S+)/, 'sim printer');
  proc.stdout!.resume();
  return { proc, uri: m[1]! };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** For afterAll: nothing outlives the suite. */
export function killAll(): void {
  for (const c of children) c.kill('SIGKILL');
}

/** A seeded PRNG (mulberry32: well spread in every bit, unlike a float LCG), so a failing run can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
