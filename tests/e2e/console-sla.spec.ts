import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOGUE_DIR } from '../../main/paths.js';
import { runCli } from '../helpers/cli.js';
import { hubTarget, login, shot, startHub } from './console-hub.js';
import { freshDataDir } from './host.js';

const ktp = readFileSync(join(CATALOGUE_DIR, 'services', 'ktp-el-baru.json'), 'utf8');

test("the kabupaten admin sets a service's SLA per state and overall in the console: errors by field, published, audited", async ({ page }) => {
  const data = freshDataDir();
  const { target, dropSchema } = hubTarget(data.dir);
  const r = await runCli(['hub', 'user', 'add', '--db', target, '--username', 'kominfo', '--role', 'admin'], {}, 60_000, 'kominfo-rahasia-1\n');
  expect(r.code, r.stderr).toBe(0);
  const hub = await startHub(target);
  try {
    await login(page, hub.url, 'kominfo', 'kominfo-rahasia-1');
    await page.getByRole('button', { name: 'Katalog' }).click();
    const editor = page.getByTestId('sla-editor');
    await expect(editor).toContainText('Belum ada layanan di dokumen');
    // The service goes into the draft first (as a file), then its SLA is edited.
    await page.locator('input[name="entry-file"]').setInputFiles({ name: 'ktp-el-baru.json', mimeType: 'application/json', buffer: Buffer.from(ktp) });
    await page.getByRole('button', { name: 'Masukkan ke dokumen' }).click();
    await editor.locator('select[name="sla-service"]').selectOption('ktp-el-baru');
    await expect(editor.getByLabel('Diterima OPD')).toHaveAttribute('placeholder', 'bawaan 2');
    await expect(editor.getByLabel('Keseluruhan (sejak diterima di kabupaten)')).toHaveAttribute('placeholder', 'bawaan 14');
    // Bad values are refused by field, in Bahasa Indonesia; nothing goes into the document.
    await editor.getByLabel('Diterima OPD').fill('0');
    await editor.getByLabel('Diproses').fill('2,5');
    await editor.getByRole('button', { name: 'Terapkan SLA ke dokumen' }).click();
    await expect(editor.locator('#sla-accepted-error')).toHaveText('Isi antara 1 dan 365 hari kerja, atau kosongkan untuk nilai bawaan.');
    await expect(editor.locator('#sla-processing-error')).toHaveText('Isi bilangan bulat (tanpa koma), atau kosongkan untuk nilai bawaan.');
    await expect(editor.getByLabel('Diterima OPD')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('textarea[name="catalogue"]')).not.toHaveValue(/"sla": \{\s*"states"/);
    await page.screenshot({ path: shot('sla-editor-errors'), fullPage: true });

    await editor.getByLabel('Diterima OPD').fill('7');
    await editor.getByLabel('Diproses').fill('');
    await editor.getByLabel('Keseluruhan (sejak diterima di kabupaten)').fill('30');
    await editor.getByRole('button', { name: 'Terapkan SLA ke dokumen' }).click();
    await expect(editor.getByText('SLA ktp-el-baru diubah di dokumen. Periksa lalu terbitkan.')).toBeVisible();
    const doc = JSON.parse(await page.locator('textarea[name="catalogue"]').inputValue()) as { services: { id: string; hubWorkflow?: unknown }[] };
    expect(doc.services.find((s) => s.id === 'ktp-el-baru')!.hubWorkflow).toEqual({ sla: { states: { accepted: 7 }, overall: 30 } });
    await page.getByRole('button', { name: 'Terbitkan' }).click();
    await expect(page.getByText('Versi 1 diterbitkan dan ditandatangani.')).toBeVisible();
    await editor.locator('select[name="sla-service"]').selectOption('ktp-el-baru');
    await expect(editor.getByLabel('Diterima OPD')).toHaveValue('7');
    await page.screenshot({ path: shot('sla-editor'), fullPage: true });

    await page.getByRole('button', { name: 'Log audit' }).click();
    await expect(page.getByTestId('audit')).toContainText('service.sla');
  } finally {
    await hub.stop();
    await dropSchema();
    data.cleanup();
  }
});
