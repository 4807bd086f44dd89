import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS helpers shared with the benchmark
import { makeJsonl } from '../../bench/sync-data.mjs';
import { BACKENDS } from '../hub/backends.js';
import { tempDir } from '../../helpers/tmp.js';
import { built, exited, killAll, output, prng, run, sleep, startHub } from '../faults/processes.js';
import { sortedLines, writeJsonl } from './harness.js';

/**
 * Fault test: the real CLI processes (`anjungan hub serve`, `anjungan sync`) killed with
 * SIGKILL at random points of a sync, over and over; afterwards every submission is at the
 * hub exactly once, byte-identical. Needs `npm run build:node` first.
 */
afterAll(killAll);

for (const backend of BACKENDS) {
  describe(`kill -9 during sync (${backend.name})`, () => {
    it('loses nothing and stores nothing twice after 20+ kills of kiosk and hub', { timeout: 120_000 }, async () => {
      expect(built(), 'run `npm run build:node` first').toBe(true);
      const tmp = tempDir('anjungan-kill-');
      const f = await backend.fresh();
      try {
        const input = [...(makeJsonl(400, { seed: 11 }) as string[]), ...(makeJsonl(16, { seed: 12, photoKb: [20, 60] }) as string[])];
        const db = join(tmp.dir, 'kiosk.sqlite');
        // Fed in parts, so every round has a backlog to be killed in the middle of.
        const ROUNDS = 24;
        const per = Math.ceil(input.length / ROUNDS);

        let hub = await startHub(f.target);
        let kills = 0;
        const rand = prng(7);
        for (let round = 0; round < ROUNDS; round++) {
          const part = input.slice(round * per, (round + 1) * per);
          if (part.length) {
            const file = join(tmp.dir, `in-${round}.jsonl`);
            writeJsonl(file, part);
            expect((await output(run(['import', '--db', db, '--from', file]))).code).toBe(0);
          }
          const sync = run(['sync', '--db', db, '--upstream', hub.url, '--batch-kb', '24', '--timeout', '5']);
          sync.stdout!.resume();
          sync.stderr!.resume();
          await sleep(60 + rand() * 300);
          const which = round % 3; // 0: kiosk, 1: hub, 2: both
          if (which !== 1 && sync.exitCode === null) {
            sync.kill('SIGKILL');
            kills++;
          }
          if (which !== 0) {
            hub.proc.kill('SIGKILL');
            kills++;
            await exited(hub.proc);
            hub = await startHub(f.target);
          }
          if (sync.exitCode === null) sync.kill('SIGKILL');
          await exited(sync);
        }
        expect(kills).toBeGreaterThanOrEqual(20);
        const last = await output(run(['sync', '--db', db, '--upstream', hub.url, '--timeout', '60']));
        expect(last.code).toBe(0);
        hub.proc.kill('SIGTERM');
        await exited(hub.proc);

        const count = await output(run(['hub', 'count', '--db', f.target]));
        expect(count.out.trim()).toBe(String(input.length));
        const exp = await output(run(['hub', 'export', '--db', f.target]));
        const lines = exp.out.trim().split('\n').map((l) => {
          const o = JSON.parse(l) as Record<string, unknown>;
          delete o['_hub'];
          return JSON.stringify(o);
        });
        expect(sortedLines(lines)).toEqual(sortedLines(input));
      } finally {
        await f.cleanup();
        tmp.cleanup();
      }
    });
  });
}
