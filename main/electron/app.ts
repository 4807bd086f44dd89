/**
 * The thin Electron shell: the same core as `anjungan start`, shown in a locked-down window
 * instead of served over loopback. No logic lives here; run with `npm run start:electron`
 * (needs an Electron binary, which CI machines cannot download; CI type-checks this file).
 *
 * Flags: --data DIR, --kiosk (force full-screen kiosk), --windowed (never kiosk), and the same
 * device and sync flags as `anjungan start` (--reader, --printer, --upstream, --no-hub).
 * A second monitor gets the queue's waiting-room display (display-window.ts; setting displayWindow).
 */
import { app, dialog } from 'electron';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createCore, type Core } from '../core/core.js';
import { runtimeOptions } from '../core/runtime-options.js';
import { startupFailure } from '../core/startup-failure.js';
import { createLogger } from '../log.js';
import { APP_ROOT, defaultDataDir, RENDERER_DIR } from '../paths.js';
import { startWatchdog } from '../update/watchdog.js';
import { manageDisplayWindow } from './display-window.js';
import { shellStoreKey } from './db-key.js';
import { wireIpc } from './ipc.js';
import { startShellUpdates } from './updater.js';
import { allowWindowsToClose, createMainWindow } from './window.js';

const log = createLogger('electron');

function flags() {
  const { values } = parseArgs({
    args: process.argv.slice(app.isPackaged ? 1 : 2),
    options: {
      data: { type: 'string' },
      kiosk: { type: 'boolean' },
      windowed: { type: 'boolean' },
      reader: { type: 'string' },
      printer: { type: 'string' },
      upstream: { type: 'string' },
      'no-hub': { type: 'boolean' },
    },
    strict: false,
  });
  return values;
}

async function boot(): Promise<void> {
  // Touch ways out of a kiosk window (issue 15): no swipe back/forward through history, no pinch
  // zoom of the whole window. Switches must be set before the app is ready.
  app.commandLine.appendSwitch('overscroll-history-navigation', '0');
  app.commandLine.appendSwitch('disable-pinch');
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  const opts = flags();
  const dataDir = resolve(typeof opts.data === 'string' ? opts.data : defaultDataDir());
  // Counted before anything can crash, so a release that cannot start is rolled back (boot guard).
  const updates = app.isPackaged ? startShellUpdates(dataDir, log.child('updates')) : null;
  const watchdog = startWatchdog({ socket: process.env['NOTIFY_SOCKET'], watchdogUsec: process.env['WATCHDOG_USEC'], log: log.child('watchdog') });
  let core: Core;
  try {
    const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
    const runtime = runtimeOptions({
      reader: str(opts.reader),
      printer: str(opts.printer),
      upstream: str(opts.upstream),
      noHub: opts['no-hub'] === true,
      packaged: app.isPackaged,
    });
    const key = shellStoreKey(dataDir);
    if (key.kind === 'plain') log.warn('the store is not encrypted: stop the app and run `anjungan db encrypt --data DIR --key-file FILE`', { dataDir });
    core = await createCore({ dataDir, shell: 'electron', log, checkUpdates: app.isPackaged, ...runtime, ...(key.kind === 'plain' ? {} : { dbKey: key.key }) });
  } catch (err) {
    log.error('core failed to start', { error: err });
    // Said on screen, in Bahasa Indonesia, before exiting: a kiosk never restarts in silence.
    const why = startupFailure(err);
    dialog.showErrorBox(why.title, `${why.detail}\n\n(${why.technical})`);
    app.exit(1);
    return;
  }
  const unwire = wireIpc(core, RENDERER_DIR);
  const role = core.services.settings.get().role;
  const preloadPath = join(APP_ROOT, 'dist', 'node', 'main', 'electron', 'preload.cjs');
  const win = createMainWindow({
    rendererDir: RENDERER_DIR,
    preloadPath,
    kiosk: opts.windowed === true ? false : opts.kiosk === true || role === 'kiosk',
  });
  const stopDisplay = manageDisplayWindow({ core, main: win, rendererDir: RENDERER_DIR, preloadPath, log: log.child('display') });
  // The display window alone does not keep the app running: closing the main window quits.
  win.on('closed', () => app.quit());
  // Healthy = the core serves and the page is up: systemd hears READY=1, the boot guard keeps this version.
  win.webContents.once('did-finish-load', () => {
    watchdog?.ready();
    updates?.healthy(core);
  });
  let closing = false;
  app.on('before-quit', (event) => {
    allowWindowsToClose();
    if (closing) return;
    closing = true;
    event.preventDefault();
    stopDisplay();
    unwire();
    updates?.stop();
    watchdog?.stop();
    void core.close().finally(() => app.exit(0));
  });
  app.on('window-all-closed', () => app.quit());
}

void boot();
