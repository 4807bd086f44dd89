/**
 * The shell's half of updates (issue 15): the core downloads and verifies releases from the hub
 * (main/update/update-service.ts); here electron-updater installs a verified one, at a quiet
 * moment, from a loopback feed, and the boot guard rolls a release back that cannot start.
 * electron-updater needs the Electron binary, so this file is only type-checked on CI; the
 * steps it calls are plain Node and tested (tests/node/update/).
 */
import { app } from 'electron';
import electronUpdater from 'electron-updater';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Core } from '../core/core.js';
import type { Logger } from '../log.js';
import { BootGuard, replaceAppImage, rollbackPlan, type BootDecision } from '../update/boot-guard.js';
import { installWhenQuiet, keptInstaller, pruneReleases } from '../update/install-flow.js';
import { isQuiet } from '../update/quiet.js';
import { UpdateJournal } from '../update/update-journal.js';

export interface ShellUpdates {
  /** Called once the core serves: this version is good; settle and send reports; start looking. */
  healthy(core: Core): void;
  stop(): void;
}

/** Runs before the core starts. A rollback ends this process (the previous version takes over). */
export function startShellUpdates(dataDir: string, log: Logger): ShellUpdates | null {
  const updatesDir = join(dataDir, 'updates');
  const version = app.getVersion();
  const guard = new BootGuard(join(updatesDir, 'boot.json'), version);
  const journal = new UpdateJournal(join(updatesDir, 'journal.json'));
  const decision: BootDecision = guard.begin((v) => keptInstaller(updatesDir, v, process.platform));
  if (decision.action === 'rollback') {
    const plan = rollbackPlan(process.platform, decision.installer, process.env['APPIMAGE']);
    log.error('this release failed to start twice: rolling back', { from: decision.from, to: decision.to, plan: plan.kind });
    journal.queue({ version: decision.from, outcome: 'rolled_back', reason: `failed to start twice; back to ${decision.to}` });
    if (plan.kind === 'run-installer') {
      spawn(plan.command, plan.args, { detached: true, stdio: 'ignore' }).unref();
      app.exit(0);
      return null;
    }
    if (plan.kind === 'replace-appimage') {
      replaceAppImage(plan.source, plan.target);
      app.relaunch();
      app.exit(0);
      return null;
    }
    log.error('rollback is not possible here; running the failing release', { reason: plan.reason });
  }
  if (decision.action === 'run-failing') log.error('this release keeps failing to start and there is nothing to go back to', decision);

  const { autoUpdater } = electronUpdater;
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = false;
  autoUpdater.logger = { info: (m: unknown) => log.info(String(m)), warn: (m: unknown) => log.warn(String(m)), error: (m: unknown) => log.error(String(m)), debug: () => undefined };
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;

  return {
    healthy(core) {
      guard.markHealthy();
      journal.settle(version);
      pruneReleases(updatesDir, version, [guard.previousVersion()]);
      const s = core.services;
      const look = (): void => {
        void journal
          .flush((r) => s.updates.report(r))
          .then(() =>
            installWhenQuiet({
              updates: s.updates,
              journal,
              releaseKey: s.updates.releaseKey,
              currentVersion: version,
              isQuiet: () => isQuiet(s),
              log,
              signal: abort.signal,
              async install(feedUrl) {
                autoUpdater.setFeedURL({ provider: 'generic', url: feedUrl });
                const found = await autoUpdater.checkForUpdates();
                if (!found?.isUpdateAvailable) throw new Error('electron-updater found no newer release in the verified feed');
                await autoUpdater.downloadUpdate();
                // Silent, and the new version starts by itself (the kiosk unit would restart it anyway).
                autoUpdater.quitAndInstall(true, true);
              },
            }),
          )
          .catch((err: unknown) => log.warn('update install failed; trying again later', { error: err }))
          .finally(() => {
            if (!abort.signal.aborted) timer = setTimeout(look, 15 * 60_000).unref();
          });
      };
      timer = setTimeout(look, 60_000).unref();
    },
    stop() {
      abort.abort();
      clearTimeout(timer);
    },
  };
}
