import { describe, expect, it } from 'vitest';
import { placeDisplay } from '../../../main/electron/display-place.js';
import { isAppUrl, pageOf } from '../../../main/electron/pages.js';

const main = { id: 1, bounds: { x: 0, y: 0, width: 1080, height: 1920 } };
const tv = { id: 2, bounds: { x: 1080, y: 0, width: 1920, height: 1080 } };

describe('where the waiting-room display window goes', () => {
  it('fills the monitor that is not the main window\'s, whichever order the monitors come in', () => {
    expect(placeDisplay('auto', [main, tv], 1)).toEqual({ bounds: tv.bounds, fullscreen: true });
    expect(placeDisplay('auto', [tv, main], 1)).toEqual({ bounds: tv.bounds, fullscreen: true });
    expect(placeDisplay('always', [main, tv], 1)).toEqual({ bounds: tv.bounds, fullscreen: true });
    // The main window moved to the TV: the display goes to the other one.
    expect(placeDisplay('auto', [main, tv], 2)).toEqual({ bounds: main.bounds, fullscreen: true });
  });

  it('with one monitor: nothing on auto, a normal window on always; never means never', () => {
    expect(placeDisplay('auto', [main], 1)).toBeNull();
    expect(placeDisplay('always', [main], 1)).toEqual({ bounds: { x: 40, y: 40, width: 1280, height: 720 }, fullscreen: false });
    expect(placeDisplay('never', [main, tv], 1)).toBeNull();
    expect(placeDisplay('always', [], 1)).toBeNull();
  });
});

describe('which page of the app a window shows', () => {
  const dir = '/opt/anjungan/dist/renderer';
  it('knows the app and the display page, with a query or a fragment', () => {
    expect(pageOf('file:///opt/anjungan/dist/renderer/index.html', dir)).toBe('index.html');
    expect(pageOf('file:///opt/anjungan/dist/renderer/index.html#x', dir)).toBe('index.html');
    expect(pageOf('file:///opt/anjungan/dist/renderer/display.html?mode=display', dir)).toBe('display.html');
    expect(isAppUrl('file:///opt/anjungan/dist/renderer/display.html?mode=display', dir, 'display.html')).toBe(true);
  });

  it('refuses everything else: other files, other folders, look-alike names, the web', () => {
    for (const url of [
      'file:///opt/anjungan/dist/renderer/index.html.evil',
      'file:///opt/anjungan/dist/renderer/assets/x.js',
      'file:///opt/anjungan/dist/renderer-evil/index.html',
      'file:///tmp/display.html',
      'https://example.com/display.html',
      '',
    ]) {
      expect(pageOf(url, dir), url).toBeNull();
    }
    // A window fixed to one page may not navigate to the other.
    expect(isAppUrl('file:///opt/anjungan/dist/renderer/display.html', dir)).toBe(false);
    expect(isAppUrl('file:///opt/anjungan/dist/renderer/index.html', dir, 'display.html')).toBe(false);
  });
});
