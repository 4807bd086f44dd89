import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { testRequest } from '../helpers/requests.js';
import { invoke } from './api.js';
import { deskAs, screenshotPath, startHost, type RunningHost } from './host.js';
import { Kiosk } from './kiosk-page.js';

/**
 * Issue 14, defect 6, on screen: a full disk is said in Bahasa on the kiosk (not "try again")
 * and on the desk's health panel as soon as a write meets it, not at the next stored submission.
 * The data folder sits on a small real tmpfs (root in CI, as the node storage tests).
 */
let mount = '';
let host: RunningHost | undefined;
const filler = (): string => join(mount, 'filler');

function fill(): void {
  try {
    execFileSync('dd', ['if=/dev/zero', `of=${filler()}`, 'bs=64k'], { stdio: 'ignore' });
  } catch {
    /* dd stops when the disk is full: that is the point */
  }
}

/** Writes through the API until one meets the full disk (the WAL may hold a little room). */
async function untilFull(page: Page, call: 'kiosk:submit' | 'desk:submit'): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const r = await invoke(page, call, testRequest('sku', { answers: { jenisUsaha: `WARUNG ${i} ${'X'.repeat(30)}`, alamatUsaha: 'KP. KRAMAT', lamaUsaha: '3', keperluan: 'kur' } }));
    if (!r.ok) {
      expect(r.error).toMatchObject({ code: 'storage_full' });
      return;
    }
  }
  throw new Error('the disk never filled');
}

test.beforeEach(() => {
  mount = mkdtempSync(join(tmpdir(), 'anjungan-e2e-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=160M,mode=0700', 'tmpfs', mount]);
});

test.afterEach(async () => {
  await host?.stop();
  host = undefined;
  execFileSync('umount', [mount]);
  rmSync(mount, { recursive: true, force: true });
});

test('a full disk: the kiosk says the request was not stored and to ask an officer; the desk panel says "Disk penuh" at once', async ({ page }) => {
  host = await startHost(join(mount, 'data'));
  const k = new Kiosk(page);
  await page.goto(host.url);
  await k.screen('welcome');
  expect((await invoke(page, 'sim:insert-card', { index: 0 })).ok).toBe(true);
  await k.screen('confirm');
  await k.tap('confirm-yes');
  await k.tap('service-surat-domisili');
  await k.tap('choice-kerja');
  await k.screen('requirements');
  await k.tap('next');
  await k.tap('consent-yes');
  await k.screen('review');

  fill();
  await untilFull(page, 'kiosk:submit');
  await k.tap('submit');
  await expect(page.getByTestId('problem')).toHaveText(/penyimpanan anjungan ini penuh atau tidak dapat ditulis\. Mohon hubungi petugas\./);
  await expect(page.getByTestId('problem')).not.toContainText('sekali lagi');
  await page.screenshot({ path: screenshotPath('kiosk-disk-full'), fullPage: true });

  // Space back: the same visit's request is stored (one id per visit, so once).
  rmSync(filler());
  await k.tap('submit');
  await k.screen('receipt');

  // The desk of the same device: its health panel follows the disk without waiting a minute.
  await deskAs(page, host.dataDir, 'siti');
  const status = page.getByTestId('store-status');
  await expect(status).toHaveAttribute('data-problem', 'disk_low'); // 160 MiB: below the 500 MiB warning, above full
  fill();
  await untilFull(page, 'desk:submit');
  await expect(status).toHaveAttribute('data-problem', 'disk_full', { timeout: 5_000 });
  await expect(status).toHaveAttribute('data-ok', 'false');
  await expect(status).toContainText('Disk penuh: permohonan baru tidak dapat disimpan. Kosongkan ruang disk sekarang.');
  await page.screenshot({ path: screenshotPath('operator-disk-full'), fullPage: true });
  rmSync(filler());
});
