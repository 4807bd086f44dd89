import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

// Spawns the built CLI (npm run build:node first; the lead's test script builds before testing).
const root = join(import.meta.dirname, '../../..');
const launcher = join(root, 'main/cli/launcher.cjs');
const node = join(root, 'node_modules/.bin/node');

export interface CliProcess {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exit: Promise<number>;
}

/** `anjungan ARGS` as a separate process; `stdin: 'ignore'` gives it /dev/null, as a service gets. */
export function cli(args: string[], stdin: 'pipe' | 'ignore' = 'pipe'): CliProcess {
  const child = spawn(existsSync(node) ? node : process.execPath, [launcher, ...args], { stdio: [stdin, 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exit = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
  return { child, out: () => out, err: () => err, exit };
}

export async function until(cond: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The exit code, or a message naming what the process printed if it is still running after `ms`. */
export function exitWithin(p: CliProcess, ms: number): Promise<number | string> {
  return Promise.race([p.exit, new Promise<string>((r) => setTimeout(() => r(`still running; stdout: ${p.out()} stderr: ${p.err()}`), ms))]);
}

/** Sends one line to a simulator's control socket and resolves with its one-line answer. */
export function controlLine(path: string, line: string, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    let buffer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer to "${line}" on ${path}`));
    }, timeoutMs);
    socket.on('connect', () => socket.write(`${line}\n`));
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const end = buffer.indexOf('\n');
      if (end < 0) return;
      clearTimeout(timer);
      socket.end();
      resolve(buffer.slice(0, end));
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
