import { expect, test, type Page } from '@playwright/test';
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { invoke } from './api.js';
import { addUser, deskLogin, freshDataDir, OUTPUT_DIR, startHost, type RunningHost } from './host.js';

const SHIPPED = resolve(import.meta.dirname, '..', '..', 'main', 'catalogue');
const OUT = join(OUTPUT_DIR, 'desk');
const NIK = '3604051208850001';

/**
 * The office printer as CUPS's `lp` answers: while `<dir>/lp-down` exists it reads part of the
 * job and fails (a queue stopped mid-letter); otherwise it keeps the PDF it was handed.
 */
function flakyLp(dir: string): { path: string; down: (on: boolean) => void; printed: () => string[] } {
  const bin = join(dir, 'bin');
  const kept = join(dir, 'printed');
  const flag = join(dir, 'lp-down');
  mkdirSync(bin, { recursive: true });
  mkdirSync(kept, { recursive: true });
  const script = [
    '#!/bin/sh',
    'for last; do :; done',
    `if [ -e '${flag}' ]; then head -c 2000 "$last" > /dev/null; echo "lp: Error - printer kantor-desa stopped mid-job (paper jam)" >&2; exit 1; fi`,
    `cp "$last" '${kept}'/"$(date +%s%N)".pdf`,
    'echo "request id is kantor-1 (1 file(s))"',
    '',
  ].join('\n');
  writeFileSync(join(bin, 'lp'), script);
  chmodSync(join(bin, 'lp'), 0o755);
  return {
    path: `${bin}:${process.env['PATH'] ?? ''}`,
    down: (on) => (on ? writeFileSync(flag, '') : rmSync(flag, { force: true })),
    printed: () => readdirSync(kept),
  };
}

function deskUrl(host: RunningHost): string {
  const u = new URL(host.url);
  u.searchParams.set('mode', 'desk');
  return u.toString();
}

async function deskPage(page: Page, host: RunningHost, username: string): Promise<Page> {
  await page.goto(deskUrl(host));
  await deskLogin(page, username);
  return page;
}

/** The surat keterangan usaha by keyboard, as the walk-in spec types it, up to the focused Simpan button. */
async function typeSku(page: Page, nama: string): Promise<void> {
  await page.keyboard.press('Alt+n');
  await expect(page.getByTestId('walk-in-service')).toBeFocused(); // keys typed before it has focus go nowhere
  await page.keyboard.type('usaha');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('walk-in-chosen')).toHaveAttribute('data-service', 'sku');
  await expect(page.getByTestId('walk-in-nik')).toBeFocused();
  for (const [text, key] of [[NIK, 'Tab'], [nama, 'Tab'], ['Kp. Cikande RT 01/02', 'Tab'], ['Warung sembako', 'Tab'], ['Pasar Cikande blok B', 'Tab'], ['4', 'Tab'], ['p', 'Tab']] as const) {
    await page.keyboard.type(text);
    await page.keyboard.press(key);
  }
  for (const key of ['Space', 'Tab', 'Space', 'Tab', 'Tab', 'Space', 'Tab']) await page.keyboard.press(key);
  await expect(page.getByTestId('walk-in-submit')).toBeFocused();
}

test('faults at the desk, each said in Bahasa with nothing lost or numbered twice: wrong password, lockout, a stale form version, a double-submitted walk-in, a letter template error, a printer failing mid-letter', async ({ browser }) => {
  test.setTimeout(240_000);
  const data = freshDataDir();
  const catalogue = join(data.dir, 'catalogue');
  for (const kind of ['services', 'agencies', 'letters']) cpSync(join(SHIPPED, kind), join(catalogue, kind), { recursive: true });
  const lp = flakyLp(data.dir);
  const host = await startHost(data.dir, ['--catalogue', catalogue], { PATH: lp.path });
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  try {
    mkdirSync(OUT, { recursive: true });
    for (const [u, role] of [['admin', 'admin'], ['siti', 'operator'], ['budi', 'verifier'], ['kades', 'signatory'], ['rina', 'operator']] as const) await addUser(data.dir, u, role);

    // A wrong password says so and how many tries are left; the fifth in a row locks the account for 30 s.
    const admin = await context.newPage();
    await admin.goto(deskUrl(host));
    for (let i = 0; i < 5; i++) {
      await admin.getByTestId('login-username').fill('rina');
      await admin.getByTestId('login-password').fill(`salah-sandi-${i}`);
      await admin.getByTestId('login-submit').click();
      if (i < 4) await expect(admin.getByTestId('login-problem')).toHaveText(`Nama pengguna atau kata sandi salah. Sisa percobaan sebelum akun dikunci: ${4 - i}.`);
    }
    await expect(admin.getByTestId('login-problem')).toHaveText('Akun dikunci karena terlalu sering salah. Coba lagi dalam 30 detik.');
    // Each text differs from the one before, so each wait is for this answer.
    await admin.getByTestId('login-username').fill('admin');
    await admin.getByTestId('login-password').fill('bukan-sandinya');
    await admin.getByTestId('login-password').press('Enter');
    await expect(admin.getByTestId('login-problem')).toHaveText('Nama pengguna atau kata sandi salah. Sisa percobaan sebelum akun dikunci: 4.');
    await deskLogin(admin, 'admin');
    expect((await invoke(admin, 'settings:update', { letterPrinter: 'kantor-desa' })).ok).toBe(true);
    // The idle lock's minutes are the admin's to set on Pengaturan.
    await admin.getByTestId('nav-settings').click();
    await admin.getByTestId('settings-desk-lock').fill('5');
    await admin.getByTestId('settings-desk-lock-save').click();
    await expect(admin.getByTestId('settings-message')).toHaveText('Pengaturan disimpan.');
    expect(await invoke(admin, 'settings:get', {})).toMatchObject({ ok: true, value: { deskLockMinutes: 5 } });

    // A stale form version: the catalogue moves sku to version 2 while the operator types.
    const siti = await deskPage(await context.newPage(), host, 'siti');
    await typeSku(siti, 'AHMAD SUHENDRA');
    const skuFile = join(catalogue, 'services', 'sku.json');
    writeFileSync(skuFile, readFileSync(skuFile, 'utf8').replace('"version": 1,', '"version": 2,'));
    expect(await invoke(admin, 'catalogue:reload', {})).toMatchObject({ ok: true, value: { errors: [] } });
    await siti.keyboard.press('Enter');
    await expect(siti.getByTestId('walk-in-notice')).toHaveText(/^Formulir layanan ini sudah diperbarui \(versi 2\)\. Isian Anda masih ada/);
    await expect(siti.getByTestId('walk-in-nama')).toHaveValue('AHMAD SUHENDRA');
    await expect(siti.getByTestId('walk-in-chosen')).toHaveAttribute('data-service', 'sku');
    await siti.getByTestId('walk-in-submit').click();
    await expect(siti.getByTestId('walk-in-registration')).toBeVisible();
    const regNo = (await siti.getByTestId('walk-in-registration').textContent())!.trim();

    // Enter again on the saved request: said once, never stored twice.
    await siti.keyboard.press('Enter');
    await expect(siti.getByTestId('walk-in-notice')).toHaveText(`Permohonan ini sudah tersimpan dengan nomor ${regNo}. Tidak disimpan dua kali. Tekan Alt+N untuk permohonan baru.`);
    // A second walk-in sent by a double click is stored once.
    await typeSku(siti, 'SITI MAESAROH');
    await siti.getByTestId('walk-in-submit').dblclick();
    await expect(siti.getByTestId('walk-in-registration')).toBeVisible();
    const byNik = await invoke<{ total: number; items: { registrationNo: string }[] }>(siti, 'requests:search', { query: NIK, limit: 20 });
    expect(byNik.value.total).toBe(2);
    expect(byNik.value.items.map((h) => h.registrationNo)).toContain(regNo);
    const stored = await invoke<{ items: { id: string; registrationNo: string }[] }>(siti, 'desk:inbox', {});
    const id = stored.value.items.find((i) => i.registrationNo === regNo)!.id;
    expect((await invoke<{ request: { serviceVersion: number } }>(siti, 'desk:request', { id })).ok).toBe(true);

    // A letter template error: refused at load with file, line and placeholder, in the desk's words; the last good one stays.
    const letterFile = join(catalogue, 'letters', 'sku.txt');
    const good = readFileSync(letterFile, 'utf8');
    const line = good.split('\n').findIndex((l) => l.startsWith('Jenis usaha:')) + 1;
    writeFileSync(letterFile, good.replace('Jenis usaha: {isian.jenisUsaha}', 'Jenis usaha: {isian.jenisDagangan}'));
    await admin.getByTestId('catalogue-reload').click();
    await expect(admin.getByTestId('catalogue-errors')).toContainText('Layanan dan templat surat yang terakhir benar tetap dipakai');
    await expect(admin.getByTestId('catalogue-error').first()).toContainText(`Templat surat letters/sku.txt, baris ${line}: penanda {isian.jenisDagangan} tidak dikenal.`);
    await expect(admin.getByTestId('catalogue-error').first()).toContainText(`file letters/sku.txt: line ${line}: unknown placeholder {isian.jenisDagangan}`);
    await admin.screenshot({ path: join(OUT, 'faults-template-error.png'), fullPage: true });

    // The request is worked to the signature; the letter issues from the last good template.
    expect((await invoke(siti, 'desk:move', { id, move: 'check' })).ok).toBe(true);
    const budi = await deskPage(await context.newPage(), host, 'budi');
    expect((await invoke(budi, 'desk:move', { id, move: 'approve' })).ok).toBe(true);
    const kades = await deskPage(await context.newPage(), host, 'kades');
    await kades.getByTestId('nav-inbox').click();
    await kades.getByTestId('inbox-row').filter({ hasText: regNo }).click();
    await kades.getByTestId('move-sign').click();
    await expect(kades.getByTestId('request-detail')).toHaveAttribute('data-status', 'ready');
    await expect(kades.getByTestId('letter-panel')).toHaveAttribute('data-state', 'issued');
    const number = (await kades.getByTestId('letter-number').textContent())!.trim();
    expect(number).toMatch(/^510\/001\//);

    // The printer fails mid-letter: the letter stays issued and kept, the number unchanged; printing again works.
    lp.down(true);
    await kades.getByTestId('letter-print').click();
    await expect(kades.getByTestId('letter-message')).toHaveText(
      new RegExp(`^Surat nomor ${number.replace(/\//g, '\\/')} sudah terbit dan tersimpan, tetapi gagal dicetak: .*paper jam.*Nomor surat tidak berubah\\.$`),
    );
    await expect(kades.getByTestId('letter-print-count')).toHaveText('Sudah dicetak 0 kali');
    await kades.screenshot({ path: join(OUT, 'faults-printer.png') });
    expect(lp.printed()).toHaveLength(0);
    lp.down(false);
    await kades.keyboard.press('Alt+p'); // the desk's print shortcut
    await expect(kades.getByTestId('letter-message')).toHaveText(`Surat nomor ${number} sudah dikirim ke printer kantor-desa.`);
    await expect(kades.getByTestId('letter-print-count')).toHaveText('Sudah dicetak 1 kali');
    expect(lp.printed()).toHaveLength(1);
    // Asked again, the request answers the same letter: no second number.
    const again = await invoke<{ created: boolean; letter: { number: string } }>(kades, 'letters:issue', { submissionId: id });
    expect(again.value).toMatchObject({ created: false, letter: { number } });
  } finally {
    await context.close();
    await host.stop();
    data.cleanup();
  }
});

test('the desk locks after the configured idle minutes, says so in Bahasa, and the next user logs in on the same page without a restart', async ({ page }) => {
  const data = freshDataDir();
  const host = await startHost(data.dir);
  try {
    await addUser(data.dir, 'admin', 'admin');
    await addUser(data.dir, 'siti', 'operator');
    // The desk's idle timer runs in the page: the page's clock is Playwright's, so a minute passes at once.
    await page.clock.install();
    await page.goto(deskUrl(host));
    await deskLogin(page, 'admin');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-desk-lock').fill('1');
    await page.getByTestId('settings-desk-lock-save').click();
    await expect(page.getByTestId('settings-message')).toHaveText('Pengaturan disimpan.');
    await page.getByTestId('desk-logout').click();
    await deskLogin(page, 'siti');
    // No key, no click: not locked before the minute is up, locked once it is.
    await page.clock.runFor(55_000);
    await expect(page.getByTestId('desk-user')).toContainText('SITI');
    await expect(page.getByTestId('desk-locked')).toHaveCount(0);
    await page.clock.runFor(7_000);
    await expect(page.getByTestId('desk-locked')).toHaveText('Meja dikunci karena tidak dipakai selama 1 menit. Masuk lagi untuk melanjutkan.');
    // The page's session holds no login any more: the register is out of its reach.
    expect(await invoke(page, 'desk:inbox', {})).toMatchObject({ ok: false });
    await deskLogin(page, 'admin');
    await expect(page.getByTestId('desk-user')).toContainText('ADMIN');
  } finally {
    await host.stop();
    data.cleanup();
  }
});

test('first run: with no admin the desk opens on the setup screen, refuses a short or mistyped password in Bahasa, and makes the first admin', async ({ page }) => {
  const data = freshDataDir();
  const host = await startHost(data.dir);
  try {
    await page.goto(deskUrl(host));
    await expect(page.getByTestId('desk-setup')).toBeVisible();
    await expect(page.getByTestId('desk-login')).toHaveCount(0);
    await page.getByTestId('setup-username').fill('kades');
    await page.getByTestId('setup-name').fill('Kepala Desa');
    await page.getByTestId('setup-password').fill('pendek');
    await page.getByTestId('setup-password2').fill('pendek');
    await page.getByTestId('setup-submit').click();
    await expect(page.getByTestId('setup-problem')).toHaveText('Kata sandi paling sedikit 8 karakter.');
    await page.getByTestId('setup-password').fill('rahasia-kades-1');
    await page.getByTestId('setup-password2').fill('rahasia-kades-2');
    await page.getByTestId('setup-submit').click();
    await expect(page.getByTestId('setup-problem')).toHaveText('Kedua kata sandi tidak sama.');
    await page.getByTestId('setup-password2').fill('rahasia-kades-1');
    await page.getByTestId('setup-submit').click();
    await expect(page.getByTestId('desk-user')).toContainText('Kepala Desa');
    await expect(page.getByTestId('nav-users')).toBeVisible();
    // Only once: a second setup is refused, and a fresh page asks for a login.
    expect(await invoke(page, 'auth:setup', { username: 'lain', name: 'Lain', password: 'rahasia-lain-1' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const other = await page.context().newPage();
    await other.goto(deskUrl(host));
    await expect(other.getByTestId('desk-login')).toBeVisible();
  } finally {
    await host.stop();
    data.cleanup();
  }
});
