import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../main/db/store.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';
import { PEOPLE, registerFixture } from './search-fixtures.js';

/** `anjungan search --data DIR QUERY [--json] [--limit N]`: the built CLI on a real data folder. */
describe('anjungan search', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    tmp = tempDir();
    const f = await registerFixture(tmp.dir);
    await f.core.close();
  });
  afterAll(() => tmp.cleanup());

  const cli = (...args: string[]) => runCli(['search', '--data', tmp.dir, ...args]);

  it('--json: one JSON object a line with id, registrationNo, nik, nama, serviceId, status; best first', async () => {
    const r = await cli('--json', 'suhendra');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    for (const l of lines) for (const key of ['id', 'registrationNo', 'nik', 'nama', 'serviceId', 'status']) expect(l).toHaveProperty(key);
    expect(lines[0]).toMatchObject({ nama: 'AHMAD SUHENDRA', nik: PEOPLE[0].nik, serviceId: 'ktp-el-baru', status: 'received', matchedBy: 'name' });
    const imported = await cli('--json', 'Euis', 'Maesaroh');
    expect(JSON.parse(imported.stdout.split('\n')[0]!)).toMatchObject({ id: 'imp-0001', serviceId: 'import', nama: 'Euis Maesaroh' });
  });

  it('the form the issue writes, `search --data DIR QUERY --json`, finds records of `anjungan import` under every key name', async () => {
    const want = [
      ['maesaroh', { id: 'imp-0001', nik: '3604071010800006', nama: 'Euis Maesaroh' }],
      ['ujang sutisna', { id: 'imp-0002', nik: '3604081111810007', nama: 'Ujang Sutisna' }],
      ['odih baihaki', { id: 'imp-0003', nik: '3604101303790009', nama: 'Odih Baihaki' }],
      ['3604101303790009', { id: 'imp-0003', nama: 'Odih Baihaki' }],
    ] as const;
    for (const [query, hit] of want) {
      const r = await runCli(['search', '--data', tmp.dir, query, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const first = JSON.parse(r.stdout.split('\n')[0]!) as Record<string, unknown>;
      expect(Object.keys(first)).toEqual(expect.arrayContaining(['id', 'registrationNo', 'nik', 'nama', 'serviceId', 'status']));
      expect(first, query).toMatchObject({ ...hit, registrationNo: hit.id, serviceId: 'import' });
    }
  });

  it('text mode: a table with a header, the words of an unquoted name joined, --limit obeyed', async () => {
    const r = await cli('Ahmad', 'Suhendar', '--limit', '2');
    expect(r.code).toBe(0);
    const [header, first, ...rest] = r.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^REGISTRATION\s+NIK\s+NAMA\s+SERVICE\s+STATUS\s+CREATED\s+MATCH$/);
    expect(first).toContain('AHMAD SUHENDRA');
    expect(first).toContain(PEOPLE[0].nik);
    expect(rest).toHaveLength(1);
    expect(r.stderr).toMatch(/^1-2 of 4 matches/);
  });

  it('nothing matched: exit 0, no output lines; "no matches" on stderr in text mode', async () => {
    const text = await cli('zzqqxx');
    expect(text).toMatchObject({ code: 0, stdout: '' });
    expect(text.stderr).toBe('no matches\n');
    expect(await cli('--json', '3604999999999999')).toMatchObject({ code: 0, stdout: '' });
  });

  // Eight CLI starts: on a loaded 2-core machine each takes seconds, so more than the default 30 s.
  it('bad usage exits 2 with the usage text', { timeout: 120_000 }, async () => {
    for (const args of [[], ['--limit', '0', 'ahmad'], ['--limit', 'lots', 'ahmad'], ['--limit', '101', 'ahmad'], ['--bogus', 'ahmad'], ['x'.repeat(101)], ['   ']]) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('anjungan search [--data DIR] [--json]');
      expect(r.stdout).toBe('');
    }
    const help = await runCli(['search', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('anjungan search [--data DIR] [--json]');
  });

  it('refuses a data folder without a store instead of creating an empty one', async () => {
    const r = await runCli(['search', '--data', join(tmp.dir, 'nope'), 'ahmad']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no anjungan\.sqlite/);
  });

  it("audits each search as actor 'cli' without the query text", async () => {
    const store = openStore(tmp.dir);
    try {
      const rows = store.audit.list({ actor: 'cli', action: 'request.search' }, 100, 0).items;
      expect(rows.length).toBeGreaterThanOrEqual(4);
      expect(rows.map((r) => r.detail)).toContainEqual({ kind: 'name', length: 14, hits: 4, offset: 0 });
      expect(JSON.stringify(rows).toLowerCase()).not.toMatch(/suhend|maesaroh|3604999999999999/);
    } finally {
      store.close();
    }
  });
});
