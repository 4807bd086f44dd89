import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tmp.js';
import { caller, queueCore, START_MS } from './queue-helpers.js';

/**
 * `anjungan report queue` from the built CLI (issue 11 §2 contract: `report services|sla|queue|ikm
 * --data DIR [--from --to] --format csv|pdf --out FILE`, "wrote FILE (N rows)") over a data
 * folder whose tickets were taken and served through the real core. Needs `npm run build:node`.
 */
const ROOT = resolve(__dirname, '../../..');
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'main/cli/launcher.cjs'), 'report', 'queue', ...args], { encoding: 'utf8', env: { ...process.env, ANJUNGAN_LOG: 'error' } });

describe('anjungan report queue (built CLI, real data folder)', () => {
  const tmp = tempDir();
  beforeAll(async () => {
    const clock = { ms: START_MS }; // 08:00 WIB, 23 Nov 2026
    const core = await queueCore(tmp.dir, clock);
    const later = (s: number) => void (clock.ms += s * 1000);
    const kiosk = caller(core, 'kiosk');
    const op = caller(core, 'operator', 'siti');
    await kiosk.ok('queue:take', { group: 'general' });
    await kiosk.ok('queue:take', { group: 'general' });
    await kiosk.ok('queue:take', { group: 'general' });
    later(120); // U-001 waited 2 min
    await op.ok('queue:next', { counter: 1 });
    await op.ok('queue:start', { counter: 1 });
    later(300); // served 5 min
    await op.ok('queue:finish', { counter: 1 });
    await op.ok('queue:next', { counter: 1 }); // U-002 waited 7 min
    await op.ok('queue:no-show', { counter: 1 });
    await core.close();
  });
  afterAll(() => tmp.cleanup());

  it('writes the CSV: a header row, one row per counter, per hour, and the whole period', () => {
    const file = join(tmp.dir, 'out', 'queue.csv');
    const r = cli('--data', tmp.dir, '--from', '2026-11-01', '--to', '2026-11-30', '--format', 'csv', '--out', file);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`wrote ${file} (3 rows)\n`);
    const lines = readFileSync(file, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('group,key,label,count,served,no_show,wait_median_s,wait_p90_s,serve_median_s,serve_p90_s');
    expect(lines.slice(1)).toHaveLength(3);
    const [counter, hour, all] = lines.slice(1).map((l) => l.split(','));
    // Waits 2 and 7 min (median 120 s, p90 420 s), one service of 5 min, one no-show.
    expect(counter).toEqual(['counter', '1', 'Loket 1', '2', '1', '1', '120', '420', '300', '300']);
    expect(hour).toEqual(['hour', '08', '08.00-08.59', '2', '1', '1', '120', '420', '300', '300']);
    expect(all).toEqual(['all', 'all', 'Semua', '2', '1', '1', '120', '420', '300', '300']);
  });

  it('writes a PDF, and an empty period still gives the overall row', () => {
    const pdf = join(tmp.dir, 'queue.pdf');
    const r = cli('--data', tmp.dir, '--from', '2026-11-23', '--to', '2026-11-23', '--format', 'pdf', '--out', pdf);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*queue\.pdf \(\d+ bytes\)\n$/);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const empty = join(tmp.dir, 'empty.csv');
    const e = cli('--data', tmp.dir, '--from', '2026-10-01', '--to', '2026-10-31', '--format', 'csv', '--out', empty);
    expect(e.status).toBe(0);
    expect(readFileSync(empty, 'utf8').trim().split('\r\n')).toEqual([
      'group,key,label,count,served,no_show,wait_median_s,wait_p90_s,serve_median_s,serve_p90_s',
      'all,all,Semua,0,0,0,,,,',
    ]);
  });

  it('gives the desk the same CSV through reports:csv, and its PDF through reports:pdf (admin; the kiosk is refused)', async () => {
    const core = await queueCore(tmp.dir, { ms: START_MS + 3_600_000 });
    try {
      const period = { from: '2026-11-01', to: '2026-11-30' };
      const admin = caller(core, 'admin');
      const csv = await admin.ok('reports:csv', { kind: 'queue', period });
      expect(csv.filename).toBe('laporan-queue-2026-11-01_2026-11-30.csv');
      expect(csv.rows).toBe(3);
      const file = join(tmp.dir, 'out', 'queue.csv');
      expect(csv.csv).toBe(readFileSync(file, 'utf8'));
      const pdf = await admin.ok('reports:pdf', { kind: 'queue', period });
      const bytes = Buffer.from(pdf.pdfBase64, 'base64');
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      const pdfFile = join(tmp.dir, 'desk-queue.pdf');
      writeFileSync(pdfFile, bytes);
      expect(spawnSync('pdftotext', [pdfFile, '-'], { encoding: 'utf8' }).stdout).toMatch(/Laporan Antrean[\s\S]*Nomor diambil: 3/);
      const refused = await caller(core, 'kiosk').call('reports:csv', { kind: 'queue', period });
      expect(refused.ok).toBe(false);
    } finally {
      await core.close();
    }
  });

  it('refuses a missing data folder (1) and bad flags (2), writing nothing', () => {
    const file = join(tmp.dir, 'x.csv');
    expect(cli('--data', join(tmp.dir, 'missing'), '--format', 'csv', '--out', file).status).toBe(1);
    const bad = cli('--data', tmp.dir, '--format', 'xls', '--out', file);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--format must be csv or pdf/);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(join(tmp.dir, 'missing'))).toBe(false);
  });
});
