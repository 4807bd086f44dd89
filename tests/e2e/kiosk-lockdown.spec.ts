import { expect, test } from '@playwright/test';
import { hostPerTest } from './host.js';
import { Kiosk } from './kiosk-page.js';

const run = hostPerTest();

/** Issue 15: in the host the page itself swallows the kiosk's escape keys (the Electron shell does the same before the page). */
test('kiosk page: reload, print, zoom, find, devtools and back keys are swallowed; no context menu; typing still works', async ({ page }) => {
  const k = new Kiosk(page);
  await page.goto(run.current.url);
  await k.screen('welcome');
  // A listener after the kiosk's own (bubble phase on document) sees whether the key was swallowed.
  await page.evaluate(() => {
    const w = window as unknown as { seen: { key: string; prevented: boolean }[]; marker: string };
    w.seen = [];
    w.marker = 'still-here';
    document.addEventListener('keydown', (e) => w.seen.push({ key: `${e.ctrlKey ? 'Ctrl+' : ''}${e.shiftKey ? 'Shift+' : ''}${e.altKey ? 'Alt+' : ''}${e.key}`, prevented: e.defaultPrevented }));
    document.addEventListener('contextmenu', (e) => w.seen.push({ key: 'contextmenu', prevented: e.defaultPrevented }));
  });
  for (const combo of ['F5', 'Control+r', 'Control+p', 'Control+s', 'Control+f', 'Control+=', 'Control+-', 'F12', 'Control+Shift+I', 'Alt+ArrowLeft', 'Escape', 'F11']) {
    await page.keyboard.press(combo);
  }
  await page.mouse.click(300, 600, { button: 'right' });
  await page.keyboard.press('a'); // an ordinary key: the listener does hear keys that are not swallowed
  const seen = await page.evaluate(() => {
    const w = window as unknown as { seen?: { key: string; prevented: boolean }[]; marker?: string };
    return { seen: w.seen ?? [], marker: w.marker ?? 'reloaded' };
  });
  // Swallowed keys never reach later listeners (stopPropagation) or arrive already prevented.
  // (The modifier keys themselves pass: pressing Ctrl alone does nothing.)
  const modifier = /(^|\+)(Control|Shift|Alt)$/;
  expect(seen.seen.filter((s) => !s.prevented && !modifier.test(s.key))).toEqual([{ key: 'a', prevented: false }]);
  expect(seen.marker).toBe('still-here');
  expect(seen.seen).toContainEqual({ key: 'a', prevented: false });
  expect(seen.seen).toContainEqual({ key: 'contextmenu', prevented: true });
  await k.screen('welcome');
  // The resident's own keys still work: the status screen takes a scanned code.
  await k.tap('welcome-status');
  await k.screen('status');
  await page.keyboard.type('AB12');
  await expect(page.getByTestId('status-input')).toContainText('AB12');
});

test.describe('touch', () => {
  test.use({ hasTouch: true });

  /** Issue 15: no way out by touch either: a pinch is swallowed, one finger still taps, a swipe past the edge neither goes back nor refreshes. */
  test('kiosk page: a two-finger touch is swallowed, one finger is not; overscroll is off', async ({ page }) => {
    const k = new Kiosk(page);
    await page.goto(run.current.url);
    await k.screen('welcome');
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).overscrollBehaviorX)).toBe('none');
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).overscrollBehaviorY)).toBe('none');
    await page.evaluate(() => {
      const w = window as unknown as { touched: { fingers: number; prevented: boolean }[] };
      w.touched = [];
      document.addEventListener('touchstart', (e) => w.touched.push({ fingers: e.touches.length, prevented: e.defaultPrevented }), { passive: true });
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: 300, y: 900, id: 1 }, { x: 600, y: 900, id: 2 }] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await k.screen('welcome'); // a pinch moved nothing
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: 300, y: 900, id: 3 }] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    const touched = await page.evaluate(() => (window as unknown as { touched: { fingers: number; prevented: boolean }[] }).touched);
    // Chromium reports the pinch as it happens: the first finger down (a tap so far), then the second.
    expect(touched).toEqual([
      { fingers: 1, prevented: false },
      { fingers: 2, prevented: true },
      { fingers: 1, prevented: false },
    ]);
  });
});
