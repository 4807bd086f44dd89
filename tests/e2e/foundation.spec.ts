import { expect, test } from '@playwright/test';
import { testRequest } from '../helpers/requests.js';
import { invoke } from './api.js';
import { addUser, deskLogin, freshDataDir, screenshotPath, startHost, type RunningHost } from './host.js';

test('kiosk and operator modes show the office and role; the desk shows store health and stored submissions across a restart', async ({ page }) => {
  const data = freshDataDir();
  let host: RunningHost | undefined = await startHost(data.dir);
  try {
    await page.goto(host.url);
    await expect(page.getByTestId('mode-kiosk')).toBeVisible();
    await expect(page.getByTestId('office-name')).toHaveText('Desa Kramatwatu, Kecamatan Kramatwatu');
    await expect(page.getByTestId('device-role')).toHaveText('Anjungan mandiri');
    // The kiosk never lists submissions: the next resident must not see them.
    await expect(page.getByTestId('submissions')).toHaveCount(0);
    await page.screenshot({ path: screenshotPath('foundation-kiosk-home'), fullPage: true });

    const created = await invoke(page, 'kiosk:submit', testRequest('surat-domisili'));
    expect(created.ok).toBe(true);
    const regNo = (created.value as { registrationNo: string }).registrationNo;

    // Restart the host on the same folder: the submission is still there.
    await host.stop();
    host = await startHost(data.dir);
    await page.goto(host.url);
    await expect(page.getByTestId('mode-kiosk')).toBeVisible();

    // Operator mode, chosen by settings: only an admin may switch it (a kiosk page may not).
    expect(await invoke(page, 'settings:update', { role: 'operator' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await addUser(data.dir, 'admin', 'admin');
    await addUser(data.dir, 'siti', 'operator');
    expect((await invoke(page, 'auth:login', { username: 'admin', password: 'admin-rahasia-1' })).ok).toBe(true);
    const switched = await invoke(page, 'settings:update', { role: 'operator' });
    expect(switched.ok).toBe(true);
    await expect(page.getByTestId('mode-operator')).toBeVisible();
    await expect(page.getByTestId('device-role')).toHaveText('Meja layanan');
    // The register is not the admin's to read: the next user logs in without a restart.
    await page.getByTestId('desk-logout').click();
    await deskLogin(page, 'siti');
    await expect(page.getByTestId('store-status')).toHaveAttribute('data-ok', 'true');
    await expect(page.getByTestId('submission-count')).toHaveText('1 permohonan tersimpan');
    await expect(page.getByTestId('submissions')).toContainText(regNo);
    // The service as the catalogue names it, not its id.
    await expect(page.getByTestId('submissions')).toContainText('Surat keterangan domisili');
    await expect(page.getByTestId('submissions').getByText('surat-domisili', { exact: true })).toHaveCount(0);
    await page.getByTestId('lang-switch').click();
    await expect(page.getByTestId('device-role')).toHaveText('Service desk');
    await page.screenshot({ path: screenshotPath('foundation-operator-home'), fullPage: true });
  } finally {
    await host?.stop();
    data.cleanup();
  }
});

test('a page without the session key cannot use the API', async ({ page }) => {
  const data = freshDataDir();
  const host = await startHost(data.dir);
  try {
    await page.goto(host.origin + '/');
    await expect(page.getByRole('alert')).toContainText('Sesi tidak sah');
    const res = await invoke(page, 'app:info', {});
    expect(res).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  } finally {
    await host.stop();
    data.cleanup();
  }
});
