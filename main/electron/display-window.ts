import { screen, type BrowserWindow } from 'electron';
import type { Core } from '../core/core.js';
import type { Logger } from '../log.js';
import { placeDisplay } from './display-place.js';
import { createDisplayWindow } from './window.js';

/**
 * Keeps the display window in step with the monitors and the setting: opened when a second
 * monitor is plugged in (or the admin turns it on), closed when it goes away.
 */
export function manageDisplayWindow(options: { core: Core; main: BrowserWindow; rendererDir: string; preloadPath: string; log: Logger }): () => void {
  const { core, main, log } = options;
  let win: BrowserWindow | null = null;
  let shownOn: string | null = null;
  const sync = (): void => {
    if (main.isDestroyed()) return;
    const place = placeDisplay(core.services.settings.get().displayWindow, screen.getAllDisplays(), screen.getDisplayMatching(main.getBounds()).id);
    const key = place ? JSON.stringify(place) : null;
    if (key === shownOn && (win === null || !win.isDestroyed())) return;
    if (win && !win.isDestroyed()) win.destroy();
    win = null;
    shownOn = key;
    if (!place) return;
    log.info('display window', { ...place.bounds, fullscreen: place.fullscreen });
    win = createDisplayWindow({ rendererDir: options.rendererDir, preloadPath: options.preloadPath, ...place });
    win.on('closed', () => {
      win = null;
      shownOn = null;
    });
  };
  sync();
  screen.on('display-added', sync);
  screen.on('display-removed', sync);
  screen.on('display-metrics-changed', sync);
  const offSettings = core.events.on('settings:changed', sync);
  return () => {
    screen.off('display-added', sync);
    screen.off('display-removed', sync);
    screen.off('display-metrics-changed', sync);
    offSettings();
    if (win && !win.isDestroyed()) win.destroy();
  };
}
