import { expect, test } from '@playwright/test';
import { addUser, hostPerTest } from './host.js';
import { invoke, Kiosk } from './kiosk-page.js';

const run = hostPerTest();

/** Issue 15, settings pushed from the hub: the kiosk's starting voice is a setting (voiceVolume), so an office or the hub can set it. */
test('each visit starts at the voice volume the settings name; 0 starts silent, and the resident can still turn it on', async ({ page }) => {
  const k = new Kiosk(page);
  await page.goto(run.current.url);
  await k.screen('welcome');
  await expect(page.getByTestId('volume')).toHaveText('Volume 4 dari 5');
  await expect(page.getByTestId('tool-voice')).toHaveAttribute('aria-pressed', 'false');

  await addUser(run.current.dataDir, 'admin', 'admin');
  const setVolume = async (voiceVolume: number): Promise<void> => {
    expect((await invoke(page, 'auth:login', { username: 'admin', password: 'admin-rahasia-1' })).ok).toBe(true);
    expect((await invoke(page, 'settings:update', { voiceVolume })).ok).toBe(true);
    expect((await invoke(page, 'auth:logout', {})).ok).toBe(true);
    await page.reload();
    await k.screen('welcome');
  };

  await setVolume(2);
  await expect(page.getByTestId('volume')).toHaveText('Volume 2 dari 5');
  await expect(page.getByTestId('tool-voice')).toHaveAttribute('aria-pressed', 'false');

  await setVolume(0);
  await expect(page.getByTestId('tool-voice')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('tool-volume-up')).toBeDisabled();
  await k.tap('tool-voice');
  await expect(page.getByTestId('tool-voice')).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('volume')).toHaveText('Volume 4 dari 5');
});
