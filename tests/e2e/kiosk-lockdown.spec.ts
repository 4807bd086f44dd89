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
