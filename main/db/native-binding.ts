import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const PREBUILD_PLATFORMS = ['linux', 'darwin', 'win32'];
const PREBUILD_ARCHS = ['x64', 'arm64'];

let found: { path: string | undefined } | null = null;

/**
 * better-sqlite3's prebuilt addon for this process, the file better-sqlite3 itself would pick
 * (its lib/binding.js: prebuilds/<platform>-<arch>.node, linuxmusl-* on musl), for its
 * `nativeBinding` option. Without it better-sqlite3 tells musl from glibc with
 * process.report.getReport(), a whole diagnostic report: some 20 ms of every CLI start before
 * the first database opens. Here the libc is read from the libraries this process has mapped.
 * Undefined (better-sqlite3 finds its addon as before): inside Electron (its addon is rebuilt
 * for Electron's ABI), an unknown libc, no such prebuild.
 */
export function sqliteNativeBinding(): string | undefined {
  found ??= { path: find() };
  return found.path;
}

/** A better-sqlite3 connection to `path` through the addon sqliteNativeBinding names: every connection the stores and the converter open (main/db/open.ts openDatabase builds on it). */
export function sqliteConnection(path: string, options: Omit<Database.Options, 'nativeBinding'> = {}): Database.Database {
  return new Database(path, { ...options, nativeBinding: sqliteNativeBinding() });
}

function find(): string | undefined {
  if (process.versions['electron'] || !PREBUILD_PLATFORMS.includes(process.platform) || !PREBUILD_ARCHS.includes(process.arch)) return undefined;
  let platform: string = process.platform;
  if (platform === 'linux') {
    const libc = linuxLibc();
    if (!libc) return undefined;
    if (libc === 'musl') platform = 'linuxmusl';
  }
  try {
    const lib = dirname(createRequire(import.meta.url).resolve('better-sqlite3'));
    const file = join(lib, '..', 'prebuilds', `${platform}-${process.arch}.node`);
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/** The C library this (Linux) process runs on, from /proc/self/maps; null when it cannot tell. */
export function linuxLibc(maps = readMaps()): 'glibc' | 'musl' | null {
  if (maps === null) return null;
  const musl = /\/ld-musl-[^/\s]*\.so|\/libc\.musl-[^/\s]*\.so/.test(maps);
  const glibc = /\/libc\.so\.6\b/.test(maps);
  return musl === glibc ? null : musl ? 'musl' : 'glibc';
}

function readMaps(): string | null {
  try {
    return readFileSync('/proc/self/maps', 'latin1');
  } catch {
    return null;
  }
}
