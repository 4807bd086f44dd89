import { expect, test } from '@playwright/test';
import { runCli } from '../helpers/cli.js';
import { hubTarget, login, shot, startHub } from './console-hub.js';
import { freshDataDir } from './host.js';

const wide = { viewport: { width: 1400, height: 1000 } };
/** Words of the hub's English messages: none may reach the screen. */
const ENGLISH = /wrong username|password|not valid|some fields|at least|is taken|attempts left|locked after/i;

test('the console says API errors in Bahasa Indonesia: a wrong password, a lockout, empty login fields, a bad new account field by field, a taken username', async ({ browser }) => {
  const data = freshDataDir();
  const { target, dropSchema } = hubTarget(data.dir);
  for (const [username, role, agency] of [['kominfo', 'admin', null], ['budi', 'officer', 'dukcapil']] as const) {
    const r = await runCli(['hub', 'user', 'add', '--db', target, '--username', username, '--role', role, ...(agency ? ['--agency', agency] : [])], {}, 60_000, `${username}-rahasia-1\n`);
    expect(r.code, r.stderr).toBe(0);
  }
  const hub = await startHub(target);
  try {
    const page = await browser.newPage(wide);
    await page.goto(`${hub.url}/console/`);
    const submit = () => page.getByRole('button', { name: 'Masuk' }).click();

    // Empty fields: each named beside itself.
    await submit();
    await expect(page.getByTestId('login-error')).toHaveText('Isian belum benar. Periksa kolom yang ditandai.');
    await expect(page.getByTestId('field-error-username')).toHaveText('wajib diisi');
    await expect(page.getByTestId('field-error-password')).toHaveText('wajib diisi');
    await expect(page.getByLabel('Kata sandi')).toHaveAttribute('aria-invalid', 'true');

    // A wrong password.
    await page.getByLabel('Nama pengguna').fill('budi');
    await page.getByLabel('Kata sandi').fill('salah-sekali');
    await submit();
    await expect(page.getByTestId('login-error')).toHaveText('Nama pengguna atau kata sandi salah.');
    await expect(page.getByTestId('field-error-password')).toHaveCount(0);
    await expect(page.locator('main, form').first()).not.toContainText(ENGLISH);
    await page.screenshot({ path: shot('login-wrong-password') });

    // Until the account locks: the wait is said in seconds.
    await expect
      .poll(
        async () => {
          await submit();
          await expect(page.getByTestId('login-error')).toBeVisible();
          return page.getByTestId('login-error').textContent();
        },
        { timeout: 30_000 },
      )
      .toMatch(/^Akun dikunci sementara karena terlalu banyak percobaan gagal\. Coba lagi dalam \d+ detik\.$/);
    await page.screenshot({ path: shot('login-locked') });

    // The admin adds an account with a bad name, a short password and no agency: each field says what is wrong, in Bahasa.
    const admin = await browser.newPage(wide);
    await login(admin, hub.url, 'kominfo', 'kominfo-rahasia-1');
    await admin.getByRole('button', { name: 'Pengguna', exact: true }).click();
    await admin.locator('input[name="new-username"]').fill('Ab');
    await admin.locator('input[name="new-password"]').fill('pendek');
    await admin.getByRole('button', { name: 'Tambah', exact: true }).click();
    await expect(admin.getByRole('status')).toHaveText('Isian belum benar. Periksa kolom yang ditandai.');
    await expect(admin.getByTestId('field-error-username')).toHaveText('3–40 karakter: huruf kecil, angka, ".", "_" atau "-"');
    await expect(admin.getByTestId('field-error-password')).toHaveText('terlalu pendek (kata sandi paling sedikit 8 karakter)');
    await expect(admin.getByTestId('field-error-agencyId')).toHaveText('wajib diisi');
    await admin.screenshot({ path: shot('users-field-errors'), fullPage: true });
    // Fixed one by one, the marks go with them.
    await admin.locator('input[name="new-username"]').fill('petugas.baru');
    await admin.locator('input[name="new-password"]').fill('cukup-panjang-1');
    await admin.getByRole('button', { name: 'Tambah', exact: true }).click();
    await expect(admin.getByTestId('field-error-agencyId')).toHaveText('wajib diisi');
    await expect(admin.getByTestId('field-error-username')).toHaveCount(0);
    await expect(admin.getByTestId('field-error-password')).toHaveCount(0);
    // A username already taken.
    await admin.locator('input[name="new-username"]').fill('budi');
    await admin.locator('select[name="agency"]').selectOption({ index: 1 });
    await admin.getByRole('button', { name: 'Tambah', exact: true }).click();
    await expect(admin.getByRole('status')).toHaveText('Nama pengguna itu sudah dipakai. Pilih nama lain.');
    await expect(admin.getByTestId('field-error-username')).toHaveText('sudah dipakai');
    await expect(admin.locator('main')).not.toContainText(ENGLISH);
  } finally {
    await hub.stop();
    await dropSchema();
    data.cleanup();
  }
});
