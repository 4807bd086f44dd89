import { BrowserWindow, Menu, type WebContents } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { blockedBy } from '../../shared/kiosk-lockdown.js';

export interface WindowOptions {
  rendererDir: string;
  preloadPath: string;
  /** Full screen, no menu, no way out for a resident. */
  kiosk: boolean;
}

/** True when `url` is the app itself (the built renderer on file://), never anything else. */
export function isAppUrl(url: string, rendererDir: string): boolean {
  const base = pathToFileURL(rendererDir).href;
  return url === `${base}/index.html` || url.startsWith(`${base}/index.html#`) || url.startsWith(`${base}/index.html?`);
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
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      spellcheck: false,
    },
  });
  lockDown(win.webContents, options.rendererDir);
  if (options.kiosk) lockKiosk(win);
  win.once('ready-to-show', () => win.show());
  void win.loadFile(join(options.rendererDir, 'index.html'));
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

/** No new windows, no navigation away from the app, no permission prompts. */
function lockDown(contents: WebContents, rendererDir: string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, rendererDir)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, rendererDir)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
}
