import { expect, test } from '@playwright/test';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { testRequest } from '../helpers/requests.js';
import { invoke } from './api.js';
import { deskAs, freshDataDir, screenshotPath, startHost } from './host.js';

/**
 * The USB stick at the desk (issue 12 §2), end to end: a post without a link (no hub), three
 * requests from the kiosk, a stick under a temp mount root prepared by the hub's CLI, written from
 * the desk (Alt+T) until "Aman untuk dicabut", taken through `anjungan hub usb-import`, and its
 * answer read back; an old stick read again changes nothing.
 */
test('the desk notices a stick, writes what is pending until "Aman untuk dicabut", and reads the hub\'s answer once', async ({ page }) => {
  const data = freshDataDir();
  const mediaRoot = join(data.dir, 'media');
  const stick = join(mediaRoot, 'siti', 'STIK-DESA');
  const hubDb = join(data.dir, 'hub', 'kabupaten.sqlite');
  mkdirSync(join(data.dir, 'hub'), { recursive: true });
  const env = { ANJUNGAN_KEY_DIR: `${data.dir}-keys` };
  const host = await startHost(join(data.dir, 'desk'), ['--no-hub']);
  try {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(host.url);
    for (let i = 0; i < 3; i++) {
      const r = await invoke(page, 'kiosk:submit', testRequest('sktm'));
      expect(r.ok, JSON.stringify(r.error)).toBe(true);
    }
    await deskAs(page, host.dataDir, 'siti', { settings: { usbMountRoot: `${mediaRoot}/*/*` } });

    await page.keyboard.press('Alt+t');
    await expect(page.getByTestId('usb-screen')).toBeVisible();
    await expect(page.getByTestId('usb-carry')).toContainText('Akan dibawa: 3 permohonan');
    await expect(page.getByTestId('usb-none')).toBeVisible();

    // The hub prepares the stick (its keys file) and issues an enrolment code; the stick is plugged in.
    mkdirSync(stick, { recursive: true });
    const prep = await runCli(['hub', 'usb-import', '--db', hubDb, '--from', stick], env);
    expect(prep.code, prep.stderr).toBe(0);
    const fingerprint = /^hub (\S+):/m.exec(prep.stdout)![1]!;
    const enrol = await runCli(['hub', 'enrol', '--db', hubDb], env);
    expect(enrol.code, enrol.stderr).toBe(0);
    const stickItem = page.getByTestId('usb-stick');
    await expect(stickItem).toHaveAttribute('data-label', 'STIK-DESA');
    await expect(stickItem).toContainText('Sudah disiapkan kabupaten');

    // This desk never met its hub: refused by name, until the fingerprint and the code are given.
    await page.getByTestId('usb-export').click();
    await expect(page.getByTestId('usb-refused')).toContainText('belum mengenal server kabupaten');
    await page.getByTestId('usb-fingerprint').fill(fingerprint);
    await page.getByTestId('usb-code').fill(enrol.stdout.trim());
    await page.getByTestId('usb-export').click();
    await expect(page.getByTestId('usb-safe')).toHaveText('Aman untuk dicabut');
    await expect(stickItem).toContainText('3 permohonan');
    await expect(page.getByTestId('usb-exported')).toBeVisible();
    await page.screenshot({ path: screenshotPath('desk-usb-safe') });
    // Nothing is delivered by writing the stick.
    await expect(page.getByTestId('usb-carry')).toContainText('Akan dibawa: 3 permohonan');

    // The boat stops at the kecamatan first: its relay keeps the export while the hub is out of reach,
    // and leaves its receipt on the stick. Back at the desk that reads "di kecamatan", nothing delivered.
    const relayDb = join(data.dir, 'kecamatan-relay.sqlite');
    const atRelay = await runCli(['relay', 'usb-import', '--db', relayDb, '--from', stick], env);
    expect(atRelay.code, atRelay.stderr).toBe(0);
    expect(atRelay.stdout).toMatch(/held at relay/);
    await expect(page.getByTestId('usb-at-relay')).toContainText('Disimpan di kecamatan');
    await page.getByTestId('usb-import').click();
    await expect(page.getByTestId('usb-imported-at-relay')).toContainText('1 kiriman tercatat "di kecamatan"');
    await page.screenshot({ path: screenshotPath('desk-usb-at-relay') });
    await expect(page.getByTestId('usb-carry')).toContainText('Akan dibawa: 3 permohonan');

    // At the kabupaten, then back at the desk: the screen shows what came back, and reading it delivers.
    const atHub = await runCli(['hub', 'usb-import', '--db', hubDb, '--from', stick], env);
    expect(atHub.code, atHub.stderr).toBe(0);
    expect(atHub.stdout).toMatch(/accepted 3, duplicate 0/);
    await expect(page.getByTestId('usb-answer')).toContainText('1 kiriman diterima (3 permohonan)');
    await page.getByTestId('usb-import').click();
    await expect(page.getByTestId('usb-imported')).toContainText('3 permohonan diterima kabupaten');
    await expect(page.getByTestId('usb-carry')).toHaveText('Tidak ada permohonan yang menunggu untuk dibawa.');
    await page.screenshot({ path: screenshotPath('desk-usb-imported') });

    // The same old stick again: said plainly, nothing changes.
    await expect(page.getByTestId('usb-applied')).toBeVisible();
    await page.getByTestId('usb-import').click();
    await expect(page.getByTestId('usb-imported')).toContainText('tidak ada yang disimpan dua kali');
    const count = await runCli(['hub', 'count', '--db', hubDb], env);
    expect(count.stdout.trim()).toBe('3');

    // A changed byte in the answer, then a copy cut short: each named on the stick and refused.
    const devices = join(stick, 'anjungan', 'devices');
    const answer = join(devices, readdirSync(devices)[0]!, 'answer.json');
    const good = readFileSync(answer);
    writeFileSync(answer, Buffer.from(good.toString('latin1').replace('acks', 'aaks'), 'latin1'));
    await expect(page.getByTestId('usb-problem')).toHaveAttribute('data-reason', 'tampered');
    await expect(page.getByTestId('usb-problem')).toContainText('berubah atau rusak');
    await page.getByTestId('usb-import').click();
    await expect(page.getByTestId('usb-refused')).toContainText('Tidak ada yang diterapkan; tidak ada data yang hilang');
    writeFileSync(answer, good.subarray(0, good.length - 50));
    await expect(page.getByTestId('usb-problem')).toHaveAttribute('data-reason', 'partial');
    await expect(page.getByTestId('usb-problem')).toContainText('tidak lengkap tersalin');
    await page.screenshot({ path: screenshotPath('desk-usb-partial') });
    writeFileSync(answer, good);

    // Another office's stick: it carries another device only; reading it says so.
    mkdirSync(join(mediaRoot, 'siti', 'STIK-LAIN', 'anjungan', 'devices', '11111111-2222-4333-8444-555555555555'), { recursive: true });
    const other = page.locator('[data-testid="usb-stick"][data-label="STIK-LAIN"]');
    await expect(other).toContainText('Juga membawa data 1 perangkat lain');
    await other.getByTestId('usb-import').click();
    await expect(other.getByTestId('usb-refused')).toContainText('Ini flashdisk kantor lain');
    expect((await runCli(['hub', 'count', '--db', hubDb], env)).stdout.trim()).toBe('3');
  } finally {
    await host.stop();
    data.cleanup();
  }
});
