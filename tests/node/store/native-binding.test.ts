import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linuxLibc, sqliteNativeBinding } from '../../../main/db/native-binding.js';
import { openSqliteFile } from '../../../main/db/open.js';
import { tempDir } from '../../helpers/tmp.js';

/**
 * Issue 12 §4 (start of `anjungan sync`): better-sqlite3's addon is named to it, so it does not
 * run process.report.getReport() (its musl check) before the first database opens.
 */
describe('the SQLite addon, named', () => {
  it('the libc from a process map: glibc, musl, or null when it cannot tell', () => {
    expect(linuxLibc('7f0 r-xp 00000000 08:01 1 /usr/lib/x86_64-linux-gnu/libc.so.6\n')).toBe('glibc');
    expect(linuxLibc('7f0 r-xp 00000000 08:01 1 /lib/ld-musl-x86_64.so.1\n')).toBe('musl');
    expect(linuxLibc('7f0 r-xp 00000000 08:01 1 /usr/lib/libc.musl-aarch64.so.1\n')).toBe('musl');
    expect(linuxLibc('7f0 r-xp 00000000 08:01 1 /usr/bin/node\n')).toBeNull();
    expect(linuxLibc(null)).toBeNull();
  });

  it.runIf(process.platform === 'linux' && process.arch === 'x64')('on this glibc x64 machine: the linux-x64 prebuild, and a database opens with it', () => {
    const file = sqliteNativeBinding();
    expect(file).toMatch(/prebuilds[/\\]linux-x64\.node$/);
    expect(existsSync(file!)).toBe(true);
    const tmp = tempDir('anjungan-binding-');
    try {
      const db = openSqliteFile(join(tmp.dir, 'x.sqlite'));
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.close();
    } finally {
      tmp.cleanup();
    }
  });

  it('opening a store calls no process.report.getReport()', () => {
    const tmp = tempDir('anjungan-binding-');
    try {
      const script = [
        "const r = process.report; let calls = 0; const g = r.getReport.bind(r); r.getReport = (...a) => (calls++, g(...a));",
        `const { openSqliteFile } = await import(${JSON.stringify(new URL('../../../dist/node/main/db/open.js', import.meta.url).href)});`,
        `openSqliteFile(${JSON.stringify(join(tmp.dir, 'y.sqlite'))}).close();`,
        'process.stdout.write(String(calls));',
      ].join('\n');
      const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      expect(out.stderr).toBe('');
      expect(out.stdout).toBe('0');
    } finally {
      tmp.cleanup();
    }
  });
});
