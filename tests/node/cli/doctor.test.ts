import Database from 'better-sqlite3';
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openStore } from '../../../main/db/store.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

/** A store with enough rows to span many pages, checkpointed into the main file. */
function populatedStore(dir: string): string {
  const store = openStore(dir);
  store.transaction(() => {
    for (let i = 0; i < 3000; i++) store.audit.append('test', 'fill', `subject-${i}-${'x'.repeat(100)}`);
  });
  store.close();
  // Fold the WAL into the main file, so damaging the file's pages damages the data.
  const path = join(dir, DATABASE_FILE);
  const db = new Database(path);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return path;
}

describe('anjungan doctor', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('prints a table and exits 0 on a healthy data folder', async () => {
    populatedStore(tmp.dir);
    const r = await runCli(['doctor', '--data', tmp.dir]);
    expect(r.stdout).toMatch(/^CHECK\s+STATUS\s+DETAIL/);
    for (const check of ['data folder', 'database', 'migrations', 'integrity', 'free disk']) {
      expect(r.stdout).toMatch(new RegExp(`${check}\\s+(ok|warn)`));
    }
    expect(r.code).toBe(0);
  });

  it('reports a corrupted database file, exits non-zero, and leaves the file as it found it', async () => {
    const path = populatedStore(tmp.dir);
    // Overwrite the middle of the file (b-tree pages of audit_log) with garbage.
    const size = statSync(path).size;
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(4096 * 3, 0xa5), 0, 4096 * 3, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    const before = readFileSync(path);
    const r = await runCli(['doctor', '--data', tmp.dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/(integrity|database)\s+FAIL/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('reports a file that is not a database at all', async () => {
    const path = populatedStore(tmp.dir);
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.from('this is not sqlite at all'), 0, 25, 0);
    closeSync(fd);
    const r = await runCli(['doctor', '--data', tmp.dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/database\s+FAIL\s+cannot read/);
  });

  it('reports a missing data folder and a newer schema', async () => {
    const missing = await runCli(['doctor', '--data', join(tmp.dir, 'nope')]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/data folder\s+FAIL/);

    const path = populatedStore(tmp.dir);
    const db = new Database(path);
    db.pragma('user_version = 99990');
    db.close();
    const newer = await runCli(['doctor', '--data', tmp.dir]);
    expect(newer.code).toBe(1);
    expect(newer.stdout).toMatch(/migrations\s+FAIL\s+schema 99990 is newer/);
  });

  it('answers --help for every command and refuses an unknown option with a usage message', async () => {
    for (const cmd of ['start', 'doctor']) {
      const r = await runCli([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`anjungan ${cmd}`);
    }
    const top = await runCli(['--help']);
    expect(top.stdout).toMatch(/Commands:[\s\S]*start[\s\S]*doctor/);
    const bad = await runCli(['doctor', '--colour']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Unknown option '--colour'/);
  });
});
