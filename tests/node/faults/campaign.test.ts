import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openHubStore } from '../../../main/hub/open.js';
import type { SubmissionStatus } from '../../../shared/domain/submission.js';
import { BACKENDS } from '../hub/backends.js';
import { tempDir } from '../../helpers/tmp.js';
import { writeFigures } from './figures.js';
import { readKiosk, receiptsByRegNo, startKiosk, type KioskChild } from './kiosk-child.js';
import { built, exited, killAll, prng, sleep, startHub, startPrinter, type HubProcess } from './processes.js';

/**
 * The fault campaign (issue 14): a kiosk (the real core, its real printer on TCP, a real hub
 * process upstream) looping capture → receipt print → batch → upload → ack → status back is
 * killed with SIGKILL at chosen steps, and every other round the hub first, ≥ 50 times per hub
 * backend. Afterwards nothing is lost, nothing is stored twice, no receipt is marked printed
 * twice, and every status set at the hub reached the kiosk. Needs `npm run build:node` first.
 * CAMPAIGN_SEED replays a run (the seed is printed).
 */
afterAll(killAll);

const SEED = Number(process.env['CAMPAIGN_SEED'] ?? Date.now() % 1_000_000);
const VERBOSE = process.env['CAMPAIGN_VERBOSE'] === '1';
const ROUNDS = 34; // every other round kills the hub as well: 34 + 17 = 51 kills per backend

/** The step a kill aims at: the line the child wrote just before it (the kill lands 0-30 ms later). */
const STAGES: { name: string; line: RegExp }[] = [
  { name: 'capture', line: /^(ready|synced)/ }, // the next kiosk:submit is under way
  { name: 'print', line: /^printing / }, // bytes going to the printer, not yet marked
  { name: 'printed', line: /^printed / },
  { name: 'batch', line: /^phase upload 0\// }, // a batch packed, its upload starting
  { name: 'upload', line: /^phase upload [1-9]/ },
  { name: 'ack', line: /^phase status / }, // acknowledged; status updates going up
  { name: 'status back', line: /^phase done / }, // statuses and catalogue coming down
];
const STATUS_STEPS: SubmissionStatus[] = ['accepted', 'processing', 'done'];

interface BackendFigures {
  seed: number;
  kills: { total: number; kiosk: number; hub: number; perStage: Record<string, number>; missedStage: number };
  submissions: { returned: number; stored: number; atHub: number };
  lost: number;
  duplicated: number;
  changedBytes: number;
  extraAtHub: number;
  markedPrintedTwice: number;
  receiptsPrinted: number;
  reprints: number;
  statusesSet: number;
  statusesArrived: number;
  seconds: number;
}
const figures: Record<string, BackendFigures> = {};

afterAll(() => {
  for (const [name, fig] of Object.entries(figures)) writeFigures('kill9', fig, name);
});

for (const backend of BACKENDS) {
  describe(`fault campaign: kill -9 across the kiosk's steps (${backend.name})`, () => {
    it('0 lost, 0 duplicated, no receipt marked printed twice, every status back, after 50+ kills', { timeout: 400_000 }, async () => {
      expect(built(), 'run `npm run build:node` first').toBe(true);
      process.stdout.write(`fault campaign (${backend.name}): seed ${SEED} (CAMPAIGN_SEED=${SEED} replays it)\n`);
      const started = Date.now();
      const rand = prng(SEED + (backend.name === 'postgres' ? 1 : 0));
      const tmp = tempDir('anjungan-campaign-');
      const f = await backend.fresh();
      const data = join(tmp.dir, 'data');
      const receipts = join(tmp.dir, 'receipts');
      const printer = await startPrinter(receipts);
      let hub: HubProcess = await startHub(f.target);
      const returned = new Map<string, string>(); // id → registration number, for each submit that answered
      const printRequested = new Set<string>();
      const statusSet = new Map<string, SubmissionStatus>();
      const perStage: Record<string, number> = {};
      let kioskKills = 0;
      let hubKills = 0;
      let missed = 0;
      const errors: string[] = [];
      const onLine = (l: string) => {
        const w = l.split(' ');
        if (w[0] === 'submitted') returned.set(w[1]!, w[2]!);
        if (w[0] === 'queued') printRequested.add(w[1]!);
        if (w[0] === 'error') errors.push(l);
      };
      const killAt = async (child: KioskChild, stage: { name: string; line: RegExp }, victim: 'kiosk' | 'hub') => {
        const skip = Math.floor(rand() * 2);
        let seen: string | null = null;
        for (let i = 0; i <= skip; i++) seen = (await child.next(stage.line, 8_000)) ?? seen;
        if (seen === null) missed++;
        await sleep(rand() * 30);
        const label = seen === null ? 'timeout' : stage.name;
        if (VERBOSE) process.stdout.write(`  ${((Date.now() - started) / 1000).toFixed(1)}s kill ${victim} at ${label}\n`);
        perStage[label] = (perStage[label] ?? 0) + 1;
        if (victim === 'hub') {
          hub.proc.kill('SIGKILL');
          hubKills++;
          await exited(hub.proc);
          hub = await startHub(f.target, hub.port); // same port: the running kiosk finds it again
        } else {
          child.proc.kill('SIGKILL');
          kioskKills++;
          await exited(child.proc);
        }
      };
      try {
        for (let round = 0; round < ROUNDS; round++) {
          const child = startKiosk(data, hub.url, printer.uri, 'loop', onLine);
          const pick = () => STAGES[Math.floor(rand() * STAGES.length)]!;
          if (round % 2 === 0) await killAt(child, pick(), 'hub');
          await killAt(child, pick(), 'kiosk');
          if (round % 3 === 1) {
            // Statuses decided at the hub for some delivered submissions (null: not delivered yet).
            const store = await openHubStore(f.target);
            try {
              const ids = [...returned.keys()];
              for (let i = 0; i < 2 && ids.length; i++) {
                const id = ids[Math.floor(rand() * ids.length)]!;
                const step = STATUS_STEPS[Math.min(STATUS_STEPS.length - 1, statusSet.has(id) ? STATUS_STEPS.indexOf(statusSet.get(id)!) + 1 : 0)]!;
                if (await store.setStatus(id, step, `kampanye ${round}`, new Date().toISOString())) statusSet.set(id, step);
              }
            } finally {
              await store.close();
            }
          }
        }
        // The clean run: the queue drains, everything pending goes up, the statuses come down.
        const last = startKiosk(data, hub.url, printer.uri, 'final', onLine);
        expect(await exited(last.proc), last.lines.slice(-5).join('\n')).toBe(0);
        expect(last.lines.at(-1)).toBe('done');
        hub.proc.kill('SIGTERM');
        await exited(hub.proc);
        printer.proc.kill('SIGTERM');
        await exited(printer.proc);

        const kiosk = readKiosk(data);
        const atHub = new Map<string, string>();
        let hubRows = 0;
        const store = await openHubStore(f.target);
        try {
          await store.exportAll((s) => {
            hubRows++;
            atHub.set(s.id, s.text);
          });
        } finally {
          await store.close();
        }
        const lost = [...returned.keys()].filter((id) => !atHub.has(id) || !kiosk.records.has(id));
        const changed = [...atHub].filter(([id, text]) => kiosk.records.get(id) !== text);
        const extra = [...atHub.keys()].filter((id) => !kiosk.records.has(id));
        const printedPer = new Map<string, number>();
        for (const j of kiosk.jobs) if (j.state === 'printed') printedPer.set(j.submissionId, (printedPer.get(j.submissionId) ?? 0) + 1);
        const twice = [...printedPer.values()].filter((n) => n > 1).length;
        const unprinted = [...printRequested].filter((id) => printedPer.get(id) !== 1);
        const paper = receiptsByRegNo(receipts);
        const reprints = [...paper.values()].reduce((a, n) => a + n - 1, 0);
        const arrived = [...statusSet].filter(([id, s]) => kiosk.status.get(id) === s).length;
        figures[backend.name] = {
          seed: SEED,
          kills: { total: kioskKills + hubKills, kiosk: kioskKills, hub: hubKills, perStage, missedStage: missed },
          submissions: { returned: returned.size, stored: kiosk.records.size, atHub: atHub.size },
          lost: lost.length,
          duplicated: hubRows - atHub.size,
          changedBytes: changed.length,
          extraAtHub: extra.length,
          markedPrintedTwice: twice,
          receiptsPrinted: [...paper.values()].reduce((a, n) => a + n, 0),
          reprints,
          statusesSet: statusSet.size,
          statusesArrived: arrived,
          seconds: Math.round((Date.now() - started) / 1000),
        };
        process.stdout.write(`fault campaign (${backend.name}): ${JSON.stringify(figures[backend.name])}\n`);

        expect(errors).toEqual([]);
        expect(kioskKills + hubKills).toBeGreaterThanOrEqual(50);
        expect(returned.size).toBeGreaterThan(10);
        expect(kiosk.integrity).toBe('ok');
        expect(lost).toEqual([]);
        expect(hubRows).toBe(atHub.size);
        expect(changed.map(([id]) => id)).toEqual([]);
        expect(extra).toEqual([]);
        expect(atHub.size).toBe(kiosk.records.size);
        expect(twice).toBe(0);
        expect(unprinted).toEqual([]);
        expect(kiosk.jobs.filter((j) => j.state !== 'printed')).toEqual([]);
        // Every receipt the store marked printed came out of the printer at least once.
        for (const id of printedPer.keys()) expect(paper.get(kiosk.regNo.get(id)!) ?? 0).toBeGreaterThanOrEqual(1);
        expect(statusSet.size).toBeGreaterThan(0);
        expect(arrived).toBe(statusSet.size);
      } finally {
        hub.proc.kill('SIGKILL');
        printer.proc.kill('SIGKILL');
        await f.cleanup();
        tmp.cleanup();
      }
    });
  });
}
