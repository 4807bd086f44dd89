import type { KeyObject } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import type { Logger } from '../log.js';
import { readReady, serveReleaseFeed } from './local-feed.js';
import { verifyRelease } from './release-signing.js';
import type { UpdateJournal } from './update-journal.js';
import type { UpdateService } from './update-service.js';

export interface InstallFlowOptions {
  updates: Pick<UpdateService, 'ready' | 'report'>;
  journal: UpdateJournal;
  releaseKey: KeyObject | null;
  currentVersion: string;
  /** No resident in a visit and no receipt printing (main/update/quiet.ts). */
  isQuiet: () => boolean;
  /**
   * The platform's installer, pointed at a loopback feed of the verified release: in the
   * Electron shell electron-updater (main/electron/updater.ts), which checks its own sha512 and
   * then quits the app to install. Resolves once the installer has it.
   */
  install: (feedUrl: string, version: string) => Promise<void>;
  log: Logger;
  /** How often a busy kiosk is looked at again (default 30 s). */
  pollMs?: number;
  signal?: AbortSignal;
}

export type InstallOutcome =
  | { state: 'none' }
  | { state: 'refused'; version: string; reason: string }
  | { state: 'cancelled'; version: string }
  | { state: 'handed-over'; version: string };

/** Every file of a ready release checked again against the kabupaten's key, just before install. */
export async function verifyReadyRelease(dir: string, key: KeyObject): Promise<{ ok: true } | { ok: false; reason: string }> {
  const ready = readReady(dir);
  if (!ready) return { ok: false, reason: 'the ready list is missing or damaged' };
  for (const name of ready.files) {
    const v = await verifyRelease(join(dir, name), key);
    if (!v.ok) return { ok: false, reason: `${name}: ${v.reason}` };
  }
  return { ok: true };
}

/**
 * Installs the newest verified release at a quiet moment (issue 15). The signature is checked
 * again right before the installer gets the files (they sat on disk since the download), the
 * kiosk waits for a moment with no resident and no print job, and the journal records the
 * hand-over so the next start can report whether it took.
 */
export async function installWhenQuiet(o: InstallFlowOptions): Promise<InstallOutcome> {
  const ready = o.updates.ready();
  if (!ready) return { state: 'none' };
  if (!o.releaseKey) return { state: 'none' };
  const check = await verifyReadyRelease(ready.dir, o.releaseKey);
  if (!check.ok) {
    rmSync(ready.dir, { recursive: true, force: true });
    o.log.error('update refused before install: a file changed since it was verified', { version: ready.version, reason: check.reason });
    const report = { version: ready.version, outcome: 'refused' as const, reason: check.reason };
    await o.updates.report(report).catch(() => o.journal.queue(report));
    return { state: 'refused', version: ready.version, reason: check.reason };
  }
  while (!o.isQuiet()) {
    if (o.signal?.aborted) return { state: 'cancelled', version: ready.version };
    await new Promise((ok) => setTimeout(ok, o.pollMs ?? 30_000).unref());
  }
  if (o.signal?.aborted) return { state: 'cancelled', version: ready.version };
  const feed = await serveReleaseFeed(ready.dir);
  try {
    o.journal.installing(ready.version, o.currentVersion);
    o.log.info('installing update at a quiet moment', { version: ready.version });
    await o.install(feed.url, ready.version);
  } finally {
    await feed.close();
  }
  return { state: 'handed-over', version: ready.version };
}

/** The installer kept in a release folder, for a rollback to that version (null when none). */
export function keptInstaller(updatesDir: string, version: string, platform: NodeJS.Platform): string | null {
  const dir = join(updatesDir, version);
  const ready = readReady(dir);
  const suffix = platform === 'win32' ? '.exe' : '.AppImage';
  const name = ready?.files.find((f) => f.endsWith(suffix));
  return name ? join(dir, name) : null;
}

/**
 * Release folders are large: keep the newer ones (waiting to install), the running version's and
 * the one a rollback would go back to; delete the rest.
 */
export function pruneReleases(updatesDir: string, currentVersion: string, keep: (string | null)[]): string[] {
  if (!existsSync(updatesDir)) return [];
  const removed: string[] = [];
  for (const v of readdirSync(updatesDir)) {
    if (!semver.valid(v) || semver.gt(v, currentVersion) || v === currentVersion || keep.includes(v)) continue;
    rmSync(join(updatesDir, v), { recursive: true, force: true });
    removed.push(v);
  }
  return removed;
}
