// The V8 compile cache of the `anjungan` command (node:module enableCompileCache, Node 22): the
// compiled code of the CLI is kept between runs, so a start does not compile it again (a
// whole-process `anjungan sync` is timed start included: issue 12 §4). The cache is code this
// process will run, so it lives only in a folder private to this user (0700, owned by it, not a
// symlink), never in the world-writable temp folder Node would pick by itself. Any doubt: no cache.
'use strict';
const { lstatSync, mkdirSync } = require('node:fs');
const { homedir } = require('node:os');
const path = require('node:path');

/** Where the cache goes: $ANJUNGAN_COMPILE_CACHE ("off" or "0": none), systemd's $CACHE_DIRECTORY, else the user's cache folder. */
function compileCacheDir(env = process.env, platform = process.platform) {
  const own = env.ANJUNGAN_COMPILE_CACHE;
  if (own === 'off' || own === '0') return null;
  if (own) return path.resolve(own);
  if (env.CACHE_DIRECTORY) return path.join(env.CACHE_DIRECTORY.split(':')[0], 'compile-cache');
  if (platform === 'win32') return env.LOCALAPPDATA ? path.join(env.LOCALAPPDATA, 'Anjungan', 'compile-cache') : null;
  const home = homedir();
  if (platform === 'darwin') return home ? path.join(home, 'Library', 'Caches', 'Anjungan', 'compile-cache') : null;
  const base = env.XDG_CACHE_HOME || (home ? path.join(home, '.cache') : null);
  return base ? path.join(base, 'anjungan', 'compile-cache') : null;
}

/** Why `dir` must not hold the cache, or null when it is a folder only this user can write to. */
function unsafeReason(dir, platform = process.platform) {
  const st = lstatSync(dir);
  if (st.isSymbolicLink()) return 'is a symbolic link';
  if (!st.isDirectory()) return 'is not a folder';
  if (platform === 'win32') return null; // the per-user LOCALAPPDATA is private by its ACL
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return `belongs to uid ${st.uid}`;
  if ((st.mode & 0o077) !== 0) return `has mode ${(st.mode & 0o777).toString(8)} (needs 700)`;
  return null;
}

/**
 * Turns the compile cache on, in the private folder (created 0700). Returns what happened, for
 * the tests and `ANJUNGAN_START_DEBUG=1`; never throws (a start without cache is only slower).
 */
function enableCompileCache(env = process.env) {
  let dir = null;
  try {
    dir = compileCacheDir(env);
    if (!dir) return { enabled: false, dir, reason: 'no private cache folder' };
    const mod = require('node:module');
    if (typeof mod.enableCompileCache !== 'function') return { enabled: false, dir, reason: 'Node without enableCompileCache' };
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const unsafe = unsafeReason(dir);
    if (unsafe) return { enabled: false, dir, reason: `${dir} ${unsafe}` };
    const r = mod.enableCompileCache(dir);
    const ok = r && (r.status === mod.constants.compileCacheStatus.ENABLED || r.status === mod.constants.compileCacheStatus.ALREADY_ENABLED);
    return { enabled: Boolean(ok), dir, reason: ok ? null : String((r && r.message) || 'refused') };
  } catch (err) {
    return { enabled: false, dir, reason: String((err && err.message) || err) };
  }
}

module.exports = { compileCacheDir, unsafeReason, enableCompileCache };
