import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SIM_CARDS } from '../../../native/reader/sim-cards.js';
import { ptyPair } from './helpers.js';
import { cli, exitWithin, until } from './sim-process.js';

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
    expect(await exitWithin(reader, 12_000)).toBe(0);
    expect(JSON.parse(reader.out())).toEqual(DEFAULT_SIM_CARDS[0]!.biodata);
    expect(sim.out()).toContain(`ok inserted ${DEFAULT_SIM_CARDS[0]!.biodata.nik}`);
    sim.child.stdin!.end('quit\n');
    expect(await sim.exit).toBe(0);
  });
});
