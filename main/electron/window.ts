import { BrowserWindow, Menu, type Rectangle, type WebContents, type WebPreferences } from 'electron';
import { join } from 'node:path';
import { blockedBy } from '../../shared/kiosk-lockdown.js';
import { isAppUrl, type AppPage } from './pages.js';

export { isAppUrl } from './pages.js';

export interface WindowOptions {
  rendererDir: string;
  preloadPath: string;
  /** Full screen, no menu, no way out for a resident. */
  kiosk: boolean;
}

/** The same lock-down for every window: sandboxed, isolated, no Node. */
function webPreferences(preloadPath: string): WebPreferences {
  return { preload: preloadPath, contextIsolation: true, nodeIntegration: false, sandbox: true, webSecurity: true, spellcheck: false };
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  if (options.kiosk) Menu.setApplicationMenu(null);
  const win = new BrowserWindow({
    width: 1080,
    height: 1920,
    kiosk: options.kiosk,
    fullscreen: options.kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    show: false,
    webPreferences: webPreferences(options.preloadPath),
  });
  lockDown(win.webContents, options.rendererDir, 'index.html');
  if (options.kiosk) lockKiosk(win);
  win.once('ready-to-show', () => win.show());
  void win.loadFile(join(options.rendererDir, 'index.html'));
  return win;
}

export interface DisplayWindowOptions {
  rendererDir: string;
  preloadPath: string;
  /** Where to show it: the whole of a second monitor, or a window on the only one. */
  bounds: Rectangle;
  fullscreen: boolean;
}

/**
 * The waiting-room display on a second monitor: the display page only, full screen, never
 * focused (the kiosk or desk window keeps the keyboard and the touches), and locked down like
 * the main window. Its IPC session is a display's (numbers only, see ipc.ts).
 */
export function createDisplayWindow(options: DisplayWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    ...options.bounds,
    fullscreen: options.fullscreen,
    frame: !options.fullscreen,
    focusable: !options.fullscreen,
    autoHideMenuBar: true,
    backgroundColor: '#0b1b3a',
    show: false,
    title: 'Antrean',
    webPreferences: webPreferences(options.preloadPath),
  });
  lockDown(win.webContents, options.rendererDir, 'display.html');
  win.once('ready-to-show', () => (options.fullscreen ? win.showInactive() : win.show()));
  void win.loadFile(join(options.rendererDir, 'display.html'), { query: { mode: 'display' } });
  return win;
}

/**
 * A resident cannot leave a kiosk window: the keys of shared/kiosk-lockdown.ts are swallowed
 * before the page sees them, the window refuses to close (only the app quitting closes it),
 * pinch and Ctrl+wheel zoom are off, and there are no developer tools.
 */
function lockKiosk(win: BrowserWindow): void {
  const contents = win.webContents;
  contents.on('before-input-event', (event, input) => {
    if (input.type === 'keyDown' && blockedBy({ key: input.key, control: input.control, alt: input.alt, meta: input.meta, shift: input.shift })) event.preventDefault();
  });
  win.on('close', (event) => {
    if (!quitting) event.preventDefault();
  });
  contents.on('did-finish-load', () => void contents.setVisualZoomLevelLimits(1, 1));
  contents.on('devtools-opened', () => contents.closeDevTools());
  contents.on('context-menu', (event) => event.preventDefault());
  win.setClosable(false);
  win.setMinimizable(false);
}

let quitting = false;
/** The app is quitting on purpose (an admin, an update, the service stopping): kiosk windows may close. */
export function allowWindowsToClose(): void {
  quitting = true;
}

/** No new windows, no navigation away from the window's own page, no permission prompts. */
function lockDown(contents: WebContents, rendererDir: string, page: AppPage): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, rendererDir, page)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, rendererDir, page)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
}
