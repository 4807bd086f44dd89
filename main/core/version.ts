import { readFileSync } from 'node:fs';

/** The version in package.json, read once (from dist/node/main/core at run time, the CLI bundle in dist/node/main, or the source tree). */
function readVersion(): string {
  for (const rel of ['../../../../package.json', '../../../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'anjungan' && pkg.version) return pkg.version;
    } catch {
      // try the next layout
    }
  }
  return '0.0.0';
}

export const APP_VERSION = readVersion();
