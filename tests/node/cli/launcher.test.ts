import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LAUNCHER, runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const { compileCacheDir } = createRequire(import.meta.url)('../../../main/cli/compile-cache.cjs') as {
  compileCacheDir(env: NodeJS.ProcessEnv, platform?: NodeJS.Platform): string | null;
};

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir('anjungan-launcher-')));
afterEach(() => tmp.cleanup());

const debug = (cache: string) => ({ ANJUNGAN_COMPILE_CACHE: cache, ANJUNGAN_START_DEBUG: '1' });
/** Files below `dir`, recursively. */
const filesIn = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesIn(join(dir, e.name)) : [join(dir, e.name)]));

describe('the launcher: the compile cache (private to this user) and the CLI bundle (built CLI)', () => {
  it('keeps compiled code in a folder it creates 0700, and reuses it', async () => {
    const cache = join(tmp.dir, 'cache', 'compile');
    const first = await runCli(['sync', '--help'], debug(cache));
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('anjungan sync --db PATH --upstream URL');
    expect(first.stderr).toContain(`anjungan: bundle; compile cache in ${cache}`);
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    const entries = filesIn(cache);
    expect(entries.length).toBeGreaterThan(0);
    const again = await runCli(['sync', '--help'], debug(cache));
    expect(again.stdout).toBe(first.stdout);
    expect(filesIn(cache).sort()).toEqual(entries.sort());
  });

  it('uses no cache in a folder others can write to, a folder that is a symlink, or when turned off', async () => {
    const open = join(tmp.dir, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    const r = await runCli(['sync', '--help'], debug(open));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`compile cache off: ${open} has mode 777 (needs 700)`);
    expect(readdirSync(open)).toEqual([]);

    const real = join(tmp.dir, 'real');
    mkdirSync(real, { mode: 0o700 });
    symlinkSync(real, join(tmp.dir, 'link'));
    const viaLink = await runCli(['sync', '--help'], debug(join(tmp.dir, 'link')));
    expect(viaLink.stderr).toContain('is a symbolic link');
    expect(readdirSync(real)).toEqual([]);

    const off = await runCli(['sync', '--help'], debug('off'));
    expect(off.code).toBe(0);
    expect(off.stderr).toContain('compile cache off: no private cache folder');
  });

  it('finds the cache folder: the override, systemd CacheDirectory, XDG, the home folder', () => {
    expect(compileCacheDir({ ANJUNGAN_COMPILE_CACHE: '/srv/c' }, 'linux')).toBe('/srv/c');
    expect(compileCacheDir({ ANJUNGAN_COMPILE_CACHE: 'off', XDG_CACHE_HOME: '/x' }, 'linux')).toBeNull();
    expect(compileCacheDir({ CACHE_DIRECTORY: '/var/cache/anjungan:/var/cache/other' }, 'linux')).toBe('/var/cache/anjungan/compile-cache');
    expect(compileCacheDir({ XDG_CACHE_HOME: '/home/k/.cache' }, 'linux')).toBe('/home/k/.cache/anjungan/compile-cache');
    expect(compileCacheDir({}, 'linux')).toMatch(/\/\.cache\/anjungan\/compile-cache$/);
    expect(compileCacheDir({}, 'win32')).toBeNull();
    expect(compileCacheDir({ LOCALAPPDATA: 'C:\\Users\\k\\AppData\\Local' }, 'win32')).toContain('compile-cache');
  });

  it('gives the same answers from the bundle and from the module tree', async () => {
    const tree = { ANJUNGAN_CLI_BUNDLE: '0', ANJUNGAN_COMPILE_CACHE: 'off' };
    for (const args of [['--help'], ['relay', '--help'], ['sync'], ['nonsense']]) {
      const [a, b] = await Promise.all([runCli(args, { ANJUNGAN_COMPILE_CACHE: 'off' }), runCli(args, tree)]);
      expect({ args, code: a.code, stdout: a.stdout, stderr: a.stderr }).toEqual({ args, code: b.code, stdout: b.stdout, stderr: b.stderr });
    }
    const which = await runCli(['sync', '--help'], { ...tree, ANJUNGAN_START_DEBUG: '1' });
    expect(which.stderr).toContain('anjungan: module tree;');
  });

  it('runs the bundle only when it is as new as the tsc output', () => {
    // A copy of the launcher over a fake build, so the real dist/ is not touched.
    const root = join(tmp.dir, 'app');
    mkdirSync(join(root, 'main', 'cli'), { recursive: true });
    mkdirSync(join(root, 'dist', 'node', 'main', 'cli'), { recursive: true });
    for (const f of ['launcher.cjs', 'compile-cache.cjs']) copyFileSync(join(ROOT, 'main', 'cli', f), join(root, 'main', 'cli', f));
    const tree = join(root, 'dist', 'node', 'main', 'cli', 'main.js');
    const bundle = join(root, 'dist', 'node', 'main', 'anjungan-cli.cjs');
    writeFileSync(join(root, 'package.json'), '{"type":"module"}');
    writeFileSync(tree, 'export async function main(a) { process.stdout.write("tree " + a.join(" ")); return 0; }\n');
    writeFileSync(bundle, 'exports.main = async (a) => { process.stdout.write("bundle " + a.join(" ")); return 4; };\n');
    const run = () => spawnSync(process.execPath, [join(root, 'main', 'cli', 'launcher.cjs'), 'x', 'y'], { encoding: 'utf8', env: { ...process.env, ANJUNGAN_COMPILE_CACHE: 'off' } });
    const now = Date.now() / 1000;
    utimesSync(tree, now - 10, now - 10);
    expect(run()).toMatchObject({ stdout: 'bundle x y', status: 4 });
    utimesSync(bundle, now - 20, now - 20); // tsc ran after the bundle was made
    expect(run()).toMatchObject({ stdout: 'tree x y', status: 0 });
    expect(LAUNCHER).toBe(join(ROOT, 'main', 'cli', 'launcher.cjs'));
  });
});
