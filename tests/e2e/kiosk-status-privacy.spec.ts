import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { resolveStoredKey } from '../../main/db/keys/key-ref.js';
import { openSqliteFile } from '../../main/db/open.js';
import { randomUUID } from 'node:crypto';
import { deskApi } from './desk.js';
import { hostPerTest } from './host.js';
import { invoke, Kiosk } from './kiosk-page.js';

const run = hostPerTest();

const APPLICANT = { nik: '3604051208850001', nama: 'AHMAD SUHENDRA', alamat: 'KP. KRAMAT RT 002/RW 005, KRAMATWATU', source: 'card' };

async function submitViaApi(page: Page): Promise<{ submissionId: string; trackingCode: string; registrationNo: string }> {
  const r = await invoke<{ submissionId: string; trackingCode: string; registrationNo: string }>(page, 'kiosk:submit', {
    id: randomUUID(),
    serviceId: 'sku',
    serviceVersion: 1,
    applicant: APPLICANT,
    answers: { jenisUsaha: 'WARUNG SEMBAKO', alamatUsaha: 'KP. KRAMAT RT 002', lamaUsaha: '4', keperluan: 'kur' },
    requirementsChecked: [],
    consent: { accepted: true, statementVersion: 'pdp-2026-01' },
  });
  expect(r.ok, JSON.stringify(r.error)).toBe(true);
  return r.value;
}

test('cek status: QR scanner (keyboard wedge) shows the timeline from local data, initials only until the matching e-KTP is tapped', async ({ page }) => {
  const k = new Kiosk(page);
  await page.goto(run.current.url);
  const sub = await submitViaApi(page);

  // The hub's answers, applied to the store directly (test-only path; WAL lets us write beside the host).
  // The host encrypted the new store with a generated key; db-key.json says where it is.
  const db = openSqliteFile(join(run.current.dataDir, 'anjungan.sqlite'), { key: resolveStoredKey(run.current.dataDir) });
  const at = (min: number): string => new Date(Date.now() + min * 60_000).toISOString();
  const set = (status: string, note: string | null, when: string): void => {
    db.prepare("INSERT INTO submission_status (submission_id, status, note, at, source) VALUES (?, ?, ?, ?, 'hub')").run(sub.submissionId, status, note, when);
    db.prepare('UPDATE submissions SET status = ?, updated_at = ? WHERE id = ?').run(status, when, sub.submissionId);
  };
  set('sent', null, at(1));
  set('accepted', null, at(2));
  set('processing', 'Menunggu tanda tangan Kepala Desa', at(3));
  db.close();

  await k.tap('welcome-status');
  await k.screen('status');
  await k.shot('status');
  await page.keyboard.type(sub.trackingCode.toLowerCase());
  await page.keyboard.press('Enter');
  await k.screen('status-result');
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-status', 'processing');
  await expect(page.locator('[data-step="processing"]')).toContainText('Sekarang');
  await expect(page.locator('[data-step="accepted"]')).toContainText('Sudah');
  await expect(page.locator('[data-step="done"]')).toContainText('Belum');
  await expect(page.getByTestId('status-note')).toContainText('Menunggu tanda tangan Kepala Desa');
  await expect(page.getByTestId('status-applicant')).toHaveText('A. S.');
  await expect(page.getByTestId('status-updated')).toContainText('Terakhir diperbarui');
  await expect(page.locator('body')).not.toContainText('AHMAD');
  await k.shot('status-result');

  // Another resident's card: no identity.
  await invoke(page, 'sim:insert-card', { index: 1 });
  await expect(page.getByText('e-KTP ini bukan milik pemohon')).toBeVisible();
  await expect(page.locator('body')).not.toContainText('AHMAD');
  // The applicant's own card: full name and address.
  await invoke(page, 'sim:insert-card', { index: 0 });
  await expect(page.getByTestId('status-applicant')).toContainText('AHMAD SUHENDRA');

  // Typed registration number, after "cek nomor lain".
  await k.tap('status-another');
  await k.typeKeys(sub.registrationNo);
  await k.tap('status-search');
  await expect(page.getByTestId('status-registration')).toHaveText(sub.registrationNo);
  await k.tap('status-another');
  await k.typeKeys('ZZZZ');
  await k.tap('status-search');
  await expect(page.getByTestId('problem')).toContainText('tidak ditemukan');
});

test('idle: spoken full-screen warning with countdown, "Saya masih di sini" extends, then every trace of the resident is gone', async ({ page }) => {
  const k = new Kiosk(page);
  // The idle timer runs in the page: the page's clock is Playwright's, so the waits pass at once.
  await page.clock.install();
  await page.goto(run.current.url);
  const admin = await deskApi(page.context(), run.current, 'admin');
  expect((await admin.call('settings:update', { idleTimeoutSeconds: 15, idleCountdownSeconds: 30 })).ok).toBe(true);
  await admin.page.close();
  await page.reload();
  await k.screen('welcome');

  // Resident 1 identifies with a typed NIK and name, and starts a form.
  await k.tap('welcome-nik');
  await k.typeDigits('3604054107900003');
  await k.tap('next');
  await k.screen('name');
  await k.typeKeys('RATNA SARI');
  await k.tap('next');
  await k.typeKeys('KP. TONJONG RT 001');
  await k.tap('next');
  await k.screen('confirm');
  await k.tap('confirm-yes');
  await k.tap('service-sku');
  await k.screen('form');
  await k.typeKeys('WARUNG');
  await page.evaluate(() => {
    sessionStorage.setItem('probe', 'RATNA SARI');
    localStorage.setItem('probe', '3604054107900003');
  });

  // No touch: the warning comes after the 15 s, spoken, with a countdown of at least 30 s.
  await page.clock.runFor(13_000);
  await expect(page.getByTestId('idle-warning')).toBeHidden();
  await page.clock.runFor(4_000);
  await expect(page.getByTestId('idle-warning')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-prompt', 'kiosk.idle.speak');
  const left = Number(await page.getByTestId('idle-seconds').textContent());
  expect(left).toBeGreaterThanOrEqual(28);
  await k.shot('idle-warning');
  await k.tap('idle-stay');
  await expect(page.getByTestId('idle-warning')).toBeHidden();
  await expect(page.getByTestId('answer-input')).toHaveText('WARUNG'); // still there after "Saya masih di sini"

  // No touch again: warning, then the wipe once the countdown ran out (not before).
  await page.clock.runFor(17_000);
  await expect(page.getByTestId('idle-warning')).toBeVisible();
  await page.clock.runFor(25_000);
  await expect(page.getByTestId('idle-warning')).toBeVisible();
  await expect(page.getByTestId('answer-input')).toHaveText('WARUNG');
  await page.clock.runFor(8_000);
  await expect(page.locator('section[data-screen="welcome"]')).toBeVisible();

  const html = await page.content();
  for (const trace of ['RATNA', '3604054107900003', '3604 0541 0790 0003', 'WARUNG', 'TONJONG']) expect(html).not.toContain(trace);
  // sessionStorage keeps one thing across the wipe by design: the page token (a credential of
  // this device's page, scoped to this port, no resident data), so a reload keeps working.
  const storage = await page.evaluate(async () => ({
    session: Object.keys(sessionStorage).filter((k) => k !== 'anjungan.token').length,
    local: localStorage.length,
    caches: 'caches' in window ? (await caches.keys()).length : 0,
    historyState: history.state as unknown,
    url: location.href,
  }));
  expect(storage).toMatchObject({ session: 0, local: 0, caches: 0, historyState: null });
  expect(storage.url).not.toContain('key=');
  const probe = await invoke<{ holdsResidentData: boolean }>(page, 'kiosk:session-probe', {});
  expect(probe.value.holdsResidentData).toBe(false);
  // The kiosk's own settings survive the wipe.
  const settings = await invoke<{ idleTimeoutSeconds: number }>(page, 'settings:get', {});
  expect(settings.value.idleTimeoutSeconds).toBe(15);

  // A second resident sees nothing of the first.
  await k.tap('welcome-nik');
  await expect(page.getByTestId('nik-input')).toHaveText(/^\s*$/);
  await k.tap('back');
  await k.tap('welcome-apply');
  await k.tap('service-sku');
  await k.screen('identity');
  await expect(page.locator('body')).not.toContainText('RATNA');
});
