import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SIM_CARDS } from '../../../native/reader/sim-cards.js';
import { ptyPair } from './helpers.js';

// Spawns the built CLI (npm run build:node first; the lead's test script builds before testing).
const root = join(import.meta.dirname, '../../..');
const launcher = join(root, 'main/cli/launcher.cjs');
const node = join(root, 'node_modules/.bin/node');

function cli(args: string[]): { child: ChildProcess; out: () => string; exit: Promise<number> } {
  const child = spawn(existsSync(node) ? node : process.execPath, [launcher, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  const exit = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
  return { child, out: () => out, exit };
}

async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('CLI: sim reader as a separate process, read-card prints JSON', () => {
  const children: ChildProcess[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    while (cleanups.length > 0) await cleanups.pop()!();
  });

  it('anjungan read-card --reader serial:PTY gets the card the simulator process serves', async () => {
    const line = await ptyPair();
    cleanups.push(line.cleanup);
    const sim = cli(['sim', 'reader', '--port', line.b]);
    children.push(sim.child);
    await until(() => sim.out().includes('sim reader ready'));
    const reader = cli(['read-card', '--reader', `serial:${line.a}`, '--timeout', '10']);
    children.push(reader.child);
    // Give the driver time to open and PING, then tap the card.
    await new Promise((r) => setTimeout(r, 500));
    sim.child.stdin!.write('insert 0\n');
    const code = await Promise.race([reader.exit, new Promise<string>((r) => setTimeout(() => r(`read-card still running; sim said: ${sim.out()}`), 12_000))]);
    expect(code).toBe(0);
    expect(JSON.parse(reader.out())).toEqual(DEFAULT_SIM_CARDS[0]!.biodata);
    sim.child.stdin!.end('quit\n');
    expect(await sim.exit).toBe(0);
  });
});
