import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { deskApi } from './desk.js';
import { addUser, freshDataDir, screenshotPath, startHost } from './host.js';
import { invoke, Kiosk } from './kiosk-page.js';

test('a submission travels kiosk → embedded hub, and a status set at the hub reaches "Cek status"', async ({ page }) => {
  const data = freshDataDir();
  const host = await startHost(data.dir);
  try {
    // On defaults the embedded hub keeps its SQLite file under <data>/hub/.
    const hubDb = join(data.dir, 'hub', 'hub.sqlite');
    await page.goto(host.url);
    const sub = await invoke<{ submissionId: string; trackingCode: string; registrationNo: string }>(page, 'kiosk:submit', {
      id: randomUUID(),
      serviceId: 'sku',
      serviceVersion: 1,
      applicant: { nik: '3604051208850001', nama: 'AHMAD SUHENDRA', alamat: 'KP. KRAMAT RT 002/RW 005, KRAMATWATU', source: 'card' },
      answers: { jenisUsaha: 'WARUNG SEMBAKO', alamatUsaha: 'KP. KRAMAT RT 002', lamaUsaha: '4', keperluan: 'kur' },
      requirementsChecked: [],
      consent: { accepted: true, statementVersion: 'pdp-2026-01' },
    });
    expect(sub.ok, JSON.stringify(sub.error)).toBe(true);

    // The pump delivers it to the hub on its own (debounced after the write).
    await expect.poll(async () => (await runCli(['hub', 'count', '--db', hubDb])).stdout.trim(), { timeout: 30_000 }).toBe('1');

    // An agency's back office moves it along at the hub.
    const set = await runCli(['hub', 'status', 'set', sub.value.registrationNo, 'processing', '--note', 'Berkas sedang diperiksa', '--db', hubDb]);
    expect(set.code, set.stderr).toBe(0);

    // The kiosk pulls statuses; the desk asks it to sync now rather than wait for its timer.
    const desk = await deskApi(page.context(), { ...host, dataDir: data.dir });
    await expect
      .poll(
        async () => {
          await desk.call('sync:now', {});
          const got = await desk.call<{ status: string }>('submissions:get', { id: sub.value.submissionId });
          return got.value.status;
        },
        { timeout: 30_000 },
      )
      .toBe('processing');
    await desk.page.close();

    const k = new Kiosk(page);
    await k.tap('welcome-status');
    await k.screen('status');
    await page.keyboard.type(sub.value.trackingCode);
    await page.keyboard.press('Enter');
    await k.screen('status-result');
    await expect(page.getByTestId('timeline')).toHaveAttribute('data-status', 'processing');
    await expect(page.getByTestId('status-note')).toContainText('Berkas sedang diperiksa');
    await page.screenshot({ path: screenshotPath('sync-status-from-hub'), fullPage: true });

    // The desk sees the backlog empty and when it last sent.
    await addUser(data.dir, 'admin', 'admin');
    expect((await invoke(page, 'auth:login', { username: 'admin', password: 'admin-rahasia-1' })).ok).toBe(true);
    expect((await invoke(page, 'settings:update', { role: 'operator' })).ok).toBe(true);
    await expect(page.getByTestId('sync-backlog')).toHaveText('0 permohonan menunggu dikirim');
    await expect(page.getByTestId('sync-panel')).toContainText('Terakhir terkirim');
    await page.setViewportSize({ width: 1600, height: 1100 });
    await page.screenshot({ path: screenshotPath('operator-sync'), fullPage: true });

    // Two links to the same hub, set on the desk's Pengaturan screen: a VSAT whose window is two hours
    // from now (WIB), and the office's metered line.
    const status = await invoke<{ upstream: string }>(page, 'sync:status', {});
    const hh = (h: number): string => `${String(h % 24).padStart(2, '0')}:00`;
    const wibHour = (new Date().getUTCHours() + 7) % 24;
    await page.keyboard.press('Alt+s');
    await expect(page.getByTestId('links-none')).toBeVisible();
    await page.getByTestId('link-add').click();
    await page.getByTestId('link-add').click();
    await page.getByTestId('link-0-name').fill('vsat');
    await page.getByTestId('link-0-url').fill('ftp://10.8.0.1');
    await page.getByTestId('link-0-windows').fill(`${hh(wibHour + 2)}-${hh(wibHour + 3)}`);
    await page.getByTestId('link-1-name').fill('kantor');
    await page.getByTestId('link-1-url').fill(status.value.upstream);
    await page.getByTestId('link-1-budgetMb').fill('50');
    // A wrong address is named in Bahasa Indonesia and nothing is saved.
    await page.getByTestId('links-save').click();
    await expect(page.getByTestId('link-0-url-problem')).toContainText('http:// atau https://');
    await expect(page.getByTestId('links-message')).toContainText('perbaiki isian');
    expect((await invoke<{ syncLinks: unknown[] }>(page, 'settings:get', {})).value.syncLinks).toEqual([]);
    await page.getByTestId('link-0-url').fill(status.value.upstream);
    await page.getByTestId('links-save').click();
    await expect(page.getByTestId('links-message')).toHaveText('Pengaturan disimpan.');
    expect((await invoke<{ syncLinks: unknown[] }>(page, 'settings:get', {})).value.syncLinks).toEqual([
      { name: 'vsat', url: status.value.upstream, dailyBudgetBytes: null, windows: [`${hh(wibHour + 2)}-${hh(wibHour + 3)}`] },
      { name: 'kantor', url: status.value.upstream, dailyBudgetBytes: 50 * 1024 * 1024, windows: [] },
    ]);
    await page.screenshot({ path: screenshotPath('operator-links-editor'), fullPage: true });
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-link-vsat')).toHaveAttribute('data-state', 'closed');
    await expect(page.getByTestId('sync-link-vsat')).toContainText('Di luar jam');
    await expect(page.getByTestId('sync-link-kantor')).toContainText('dari 50 MB');
    await expect(page.getByTestId('sync-link-kantor')).not.toContainText('Hari ini 0 B');
    await page.screenshot({ path: screenshotPath('operator-sync-links'), fullPage: true });
  } finally {
    await host.stop();
    data.cleanup();
  }
});
