import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { CATALOGUE_DIR } from '../../main/paths.js';
import { runCli } from '../helpers/cli.js';
import { tamperingProxy, type Tamper } from '../helpers/tampering-proxy.js';
import { hubTarget, login, shot, startHub } from './console-hub.js';
import { deskApi } from './desk.js';
import { freshDataDir, startHost } from './host.js';
import { invoke } from './kiosk-page.js';

const sku = JSON.parse(readFileSync(join(CATALOGUE_DIR, 'services', 'sku.json'), 'utf8')) as Record<string, unknown>;
const wide = { viewport: { width: 1400, height: 1000 } };

test('the kabupaten admin adds an officer, who moves two requests at once; a service uploaded in the console reaches the kiosk signed and a tampered one does not; devices renamed; the audit log; idle logout', async ({ page, browser }) => {
  const data = freshDataDir();
  const { target, dropSchema } = hubTarget(data.dir);
  const first = await runCli(['hub', 'user', 'add', '--db', target, '--username', 'kominfo', '--role', 'admin'], {}, 60_000, 'kominfo-rahasia-1\n');
  expect(first.code, first.stderr).toBe(0);
  const hub = await startHub(target);
  // The kiosk reaches the hub through a hop that can rewrite the catalogue on the way.
  const tamper: { fn: Tamper | null } = { fn: null };
  let proxy: Server | undefined;
  const p = await tamperingProxy(hub.url, tamper);
  proxy = p.server;
  const host = await startHost(join(data.dir, 'kiosk'), ['--upstream', p.url]);
  try {
    // The admin adds an agency officer in the Pengguna screen.
    const admin = await browser.newPage(wide);
    await login(admin, hub.url, 'kominfo', 'kominfo-rahasia-1');
    await admin.getByRole('button', { name: 'Pengguna', exact: true }).click();
    await admin.locator('input[name="new-username"]').fill('dewi');
    await admin.locator('input[name="new-password"]').fill('dewi-rahasia-1');
    await admin.locator('select[name="role"]').selectOption('officer');
    await admin.locator('select[name="agency"]').selectOption('dukcapil');
    await admin.getByRole('button', { name: 'Tambah', exact: true }).click();
    await expect(admin.getByRole('status')).toContainText('Akun dewi (Petugas) ditambahkan.');
    await expect(admin.getByTestId('users')).toContainText('dewi');
    await admin.screenshot({ path: shot('users'), fullPage: true });

    // Two requests from the kiosk.
    await page.goto(host.url);
    const ids: string[] = [];
    for (const [nik, nama] of [['3604051208850001', 'AHMAD SUHENDRA'], ['3604054107900002', 'SITI AMINAH']] as const) {
      const sub = await invoke<{ submissionId: string }>(page, 'kiosk:submit', {
        id: randomUUID(),
        serviceId: 'ktp-el-baru',
        serviceVersion: 1,
        applicant: { nik, nama, alamat: 'KP. KRAMAT RT 002/RW 005, KRAMATWATU', source: 'card' },
        answers: { alasan: 'umur-17' },
        requirementsChecked: ['fc-kk'],
        consent: { accepted: true, statementVersion: 'pdp-2026-01' },
      });
      expect(sub.ok, JSON.stringify(sub.error)).toBe(true);
      ids.push(sub.value.submissionId);
    }
    const desk = await deskApi(page.context(), { ...host, dataDir: join(data.dir, 'kiosk') });
    const statuses = async () => {
      await desk.call('sync:now', {});
      return Promise.all(ids.map(async (id) => (await desk.call<{ status: string }>('submissions:get', { id })).value.status));
    };
    await expect.poll(statuses, { timeout: 30_000 }).toEqual(['sent', 'sent']);

    // The new officer picks both and accepts them in one move; the kiosk hears of both.
    const officer = await browser.newPage(wide);
    await login(officer, hub.url, 'dewi', 'dewi-rahasia-1');
    const picks = officer.getByRole('checkbox', { name: /^Pilih / });
    await expect(picks).toHaveCount(2);
    await picks.nth(0).check();
    await picks.nth(1).check();
    await officer.getByRole('button', { name: 'Terima (2)' }).click();
    await expect(officer.getByRole('status')).toContainText('2 permohonan dipindahkan');
    await officer.screenshot({ path: shot('inbox-bulk'), fullPage: true });
    await expect.poll(statuses, { timeout: 30_000 }).toEqual(['accepted', 'accepted']);

    // The admin uploads one service as a file, puts it into the document and publishes it: the kiosk adopts it.
    const kioskTitle = async () => {
      await desk.call('sync:now', {});
      const list = await invoke<{ services: { id: string; title: string }[] }>(page, 'catalogue:list', {});
      return list.value.services.find((s) => s.id === 'sku-hub')?.title ?? null;
    };
    await admin.getByRole('button', { name: 'Katalog' }).click();
    await admin.locator('input[name="entry-file"]').setInputFiles({ name: 'sku-hub.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...sku, id: 'sku-hub', title: 'SKU terbitan kabupaten' })) });
    await expect(admin.locator('textarea[name="entry-json"]')).toHaveValue(/SKU terbitan kabupaten/);
    await admin.getByRole('button', { name: 'Masukkan ke dokumen' }).click();
    await expect(admin.getByText('sku-hub ditambahkan ke dokumen')).toBeVisible();
    // A bad field is refused by name before anything is kept.
    await admin.locator('textarea[name="entry-json"]').fill(JSON.stringify({ ...sku, id: 'sku-rusak', title: '' }));
    await admin.getByRole('button', { name: 'Masukkan ke dokumen' }).click();
    await admin.getByRole('button', { name: 'Terbitkan' }).click();
    // In Bahasa, entry by entry and field by field; the schema's English line only under "Rincian teknis".
    await expect(admin.getByText('Katalog tidak valid, belum diterbitkan. Perbaiki isian berikut:')).toBeVisible();
    await expect(admin.getByTestId('catalogue-problem').filter({ hasText: 'sku-rusak.json, isian title: wajib diisi' })).toBeVisible();
    await expect(admin.getByRole('status').getByText('file sku-rusak.json: field title')).toBeHidden();
    await admin.getByRole('status').getByText('Rincian teknis').click();
    await expect(admin.getByRole('status').getByText('file sku-rusak.json: field title')).toBeVisible();
    await admin.screenshot({ path: shot('catalogue-invalid-bahasa'), fullPage: true });
    const doc = JSON.parse(await admin.locator('textarea[name="catalogue"]').inputValue()) as { services: { id: string }[] };
    await admin.locator('textarea[name="catalogue"]').fill(JSON.stringify({ ...doc, services: doc.services.filter((s) => s.id !== 'sku-rusak') }));
    await admin.getByRole('button', { name: 'Terbitkan' }).click();
    await expect(admin.getByText('Versi 1 diterbitkan dan ditandatangani.')).toBeVisible();
    await admin.screenshot({ path: shot('catalogue-published'), fullPage: true });
    await expect.poll(kioskTitle, { timeout: 30_000 }).toBe('SKU terbitan kabupaten');

    // The next version is altered on the way: the kiosk refuses it, says why in its log, and keeps version 1.
    tamper.fn = (s) => ({ ...s, document: s.document.replace('SKU terbitan kabupaten v2', 'SKU PALSU') });
    await admin.locator('select[name="entry"]').selectOption('service:sku-hub');
    const entry = admin.locator('textarea[name="entry-json"]');
    await entry.fill((await entry.inputValue()).replace('SKU terbitan kabupaten', 'SKU terbitan kabupaten v2'));
    await admin.getByRole('button', { name: 'Masukkan ke dokumen' }).click();
    await admin.getByRole('button', { name: 'Terbitkan' }).click();
    await expect(admin.getByText('Versi 2 diterbitkan dan ditandatangani.')).toBeVisible();
    await expect
      .poll(
        async () => {
          await desk.call('sync:now', {});
          return host.stderr();
        },
        { timeout: 30_000 },
      )
      .toMatch(/hub catalogue refused \(signature\)/);
    expect(await kioskTitle()).toBe('SKU terbitan kabupaten');
    tamper.fn = null;
    await expect.poll(kioskTitle, { timeout: 30_000 }).toBe('SKU terbitan kabupaten v2');

    // Devices: renamed in the list; the audit log shows it with the chain intact.
    await admin.getByRole('button', { name: 'Perangkat' }).click();
    admin.once('dialog', (d) => void d.accept('Anjungan Kramatwatu'));
    await admin.getByRole('button', { name: 'Ganti nama' }).click();
    await expect(admin.locator('tbody')).toContainText('Anjungan Kramatwatu');
    await admin.screenshot({ path: shot('devices-renamed'), fullPage: true });
    await admin.getByRole('button', { name: 'Log audit' }).click();
    await expect(admin.getByTestId('audit-chain')).toContainText('Rantai hash utuh');
    for (const action of ['user.add', 'submission.accept', 'device.rename', 'catalogue.publish']) await expect(admin.getByTestId('audit')).toContainText(action);
    await admin.screenshot({ path: shot('audit'), fullPage: true });

    // Left alone past the idle time, the screen logs out and the hub ends the session.
    const idle = await browser.newPage(wide);
    await idle.clock.install();
    await login(idle, hub.url, 'dewi', 'dewi-rahasia-1');
    await idle.clock.fastForward('15:05');
    await expect(idle.getByText('Sesi berakhir karena tidak dipakai')).toBeVisible();
    await expect.poll(async () => (await idle.request.get(`${hub.url}/console/api/me`)).status()).toBe(401);
    await idle.screenshot({ path: shot('idle-logout'), fullPage: true });
  } finally {
    await host.stop();
    await hub.stop();
    await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
    proxy = undefined;
    await dropSchema();
    data.cleanup();
  }
});
