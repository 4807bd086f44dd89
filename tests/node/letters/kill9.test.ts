import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { invokeOrThrow } from '../../../main/core/dispatcher.js';
import { DATABASE_FILE, openStore } from '../../../main/db/store.js';
import { tempDir } from '../../helpers/tmp.js';
import { letterCore } from './helpers.js';

/**
 * A real child process issues letters in a loop and is killed with SIGKILL, round after round:
 * half the time the moment the core says "letter numbered" (after the commit, before the PDF is
 * written), half the time after a random delay. Afterwards no number is used twice, the series
 * has no gap, every number the child saw is stored, and every letter has its PDF again.
 * Needs `npm run build:node` first (the child runs the built core).
 */
const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const CHILD = join(ROOT, 'tests', 'helpers', 'issue-letters.mjs');
const built = existsSync(join(ROOT, 'dist', 'node', 'main', 'core', 'core.js'));

interface Seen {
  numbered: string[];
  issuing: string[];
  issued: { id: string; number: string }[];
  /** PDFs a start made again (the previous round was killed before writing them). */
  regenerated: number;
}

/** Letters whose PDF is not on disk (a round killed between the commit and the write). */
function missingFiles(dataDir: string): number {
  if (!existsSync(join(dataDir, DATABASE_FILE))) return 0;
  const store = openStore(dataDir);
  try {
    return [...store.letters.files()].filter((f) => !existsSync(join(dataDir, 'letters', String(f.series_year), f.file_name))).length;
  } finally {
    store.close();
  }
}

/**
 * One child's life. In a 'delay' round the kill comes `delayMs` after the core is ready or, when
 * the last round left PDFs missing, after the start has made them again: on a loaded machine the
 * remake can outlast any fixed delay, and then no start would ever be seen to remake them.
 */
function round(dataDir: string, mode: 'numbered' | 'delay', delayMs: number, seen: Seen): Promise<void> {
  const afterRemake = mode === 'delay' && missingFiles(dataDir) > 0;
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ANJUNGAN_LOG: 'info' } });
    let buf = '';
    let err = '';
    let killed = false;
    const kill = (): void => {
      if (killed) return;
      killed = true;
      child.kill('SIGKILL');
    };
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = JSON.parse(buf.slice(0, nl)) as { step?: string; msg?: string; id?: string; number?: string; count?: number };
        buf = buf.slice(nl + 1);
        if (line.msg === 'letter numbered') {
          seen.numbered.push(line.number!);
          if (mode === 'numbered') kill();
        } else if (line.msg === 'missing letter files regenerated') {
          seen.regenerated += line.count!;
          if (afterRemake) setTimeout(kill, delayMs);
        } else if (line.step === 'ready' && mode === 'delay' && !afterRemake) setTimeout(kill, delayMs);
        else if (line.step === 'issuing') seen.issuing.push(line.id!);
        else if (line.step === 'issued') seen.issued.push({ id: line.id!, number: line.number! });
      }
    });
    child.once('exit', (_code, signal) => {
      if (signal === 'SIGKILL') done();
      else reject(new Error(`child ended without being killed (${signal}): ${err}`));
    });
  });
}

describe('letters: kill -9 around issuing', () => {
  it('never uses a number twice and loses no issued letter over 12 kills', { timeout: 180_000 }, async () => {
    expect(built, 'run `npm run build:node` first').toBe(true);
    const tmp = tempDir('anjungan-letters-kill-');
    try {
      let seed = 20261123;
      const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
      const seen: Seen = { numbered: [], issuing: [], issued: [], regenerated: 0 };
      for (let i = 0; i < 12; i++) await round(tmp.dir, i % 2 === 1 ? 'numbered' : 'delay', Math.round(150 + rand() * 900), seen);

      const store = openStore(tmp.dir);
      let rows;
      let missingBefore = 0;
      try {
        rows = seen.issuing.map((id) => store.letters.bySubmission(id)).filter((r) => r !== undefined);
        expect(rows.length).toBe(store.letters.count());
        for (const r of rows) if (!existsSync(join(tmp.dir, 'letters', String(r.seriesYear), r.fileName))) missingBefore++;
      } finally {
        store.close();
      }
      // Every number the child saw committed is stored, once; the series has no gap and no repeat.
      const numbers = rows.map((r) => r.number);
      expect(new Set(numbers).size).toBe(numbers.length);
      for (const n of seen.numbered) expect(numbers).toContain(n);
      for (const { id, number } of seen.issued) expect(rows.find((r) => r.submissionId === id)?.number).toBe(number);
      const seqs = rows.map((r) => r.sequence).sort((a, b) => a - b);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      expect(seen.numbered.length).toBeGreaterThanOrEqual(6);
      // The kills on "letter numbered" landed between the commit and the PDF: files were missing,
      // and each next start made them again (the last round's is still missing here).
      expect(missingBefore).toBeGreaterThan(0);
      expect(seen.regenerated).toBeGreaterThan(0);

      // The next start makes every missing PDF again, byte-identical to what the record draws.
      const core = await letterCore(tmp.dir);
      try {
        await core.services.letters.pdfs.ensureAll();
        for (const r of rows) {
          const file = join(tmp.dir, 'letters', String(r.seriesYear), r.fileName);
          expect(readFileSync(file).equals(await core.services.letters.pdfs.render(r))).toBe(true);
        }
        // Issuing again after the crash answers the stored letter; a request killed before its commit gets the next number.
        for (const id of seen.issuing) {
          const before = rows.find((r) => r.submissionId === id);
          const again = await invokeOrThrow(core.dispatcher, 'letters:issue', { submissionId: id });
          if (before) expect(again).toMatchObject({ created: false, letter: { number: before.number } });
          else expect(again.created).toBe(true);
        }
        const all = [...core.services.store.letters.files()].length;
        expect(all).toBe(core.services.store.letters.count());
      } finally {
        await core.close();
      }
      const after = openStore(tmp.dir);
      try {
        const n = after.letters.count();
        const seqAll = seen.issuing.map((id) => after.letters.bySubmission(id)!.sequence).sort((a, b) => a - b);
        expect(seqAll).toEqual(Array.from({ length: n }, (_, i) => i + 1));
        expect(after.integrityCheck()).toEqual(['ok']);
      } finally {
        after.close();
      }
    } finally {
      tmp.cleanup();
    }
  });
});
