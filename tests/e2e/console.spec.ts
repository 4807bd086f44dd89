import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { workingDaysBefore } from '../../shared/domain/hub-workflow.js';
import { wibDay } from '../../shared/domain/working-days.js';
import { runCli } from '../helpers/cli.js';
import { rawSql } from '../node/console/browser.js';
import { hubTarget, login, shot, startHub } from './console-hub.js';
import { deskApi } from './desk.js';
import { freshDataDir, startHost } from './host.js';
import { invoke, Kiosk } from './kiosk-page.js';

test('an officer works a kiosk request in the console; the kiosk shows each step; the dashboard counts it; a complaint goes verify → dispatch → follow-up; a revoked kiosk is refused', async ({ page, browser }) => {
  const data = freshDataDir();
  const { target, dropSchema } = hubTarget(data.dir);
  for (const [username, role, agency] of [['kominfo', 'admin', null], ['budi', 'officer', 'dukcapil'], ['rina', 'verifier', 'dukcapil'], ['sari', 'officer', 'dinsos']] as const) {
    const r = await runCli(['hub', 'user', 'add', '--db', target, '--username', username, '--role', role, ...(agency ? ['--agency', agency] : [])], {}, 60_000, `${username}-rahasia-1\n`);
    expect(r.code, r.stderr).toBe(0);
  }
  const hub = await startHub(target);
  const host = await startHost(join(data.dir, 'kiosk'), ['--upstream', hub.url]);
  try {
    await page.goto(host.url);
    const sub = await invoke<{ submissionId: string; trackingCode: string; registrationNo: string }>(page, 'kiosk:submit', {
      id: randomUUID(),
      serviceId: 'ktp-el-baru',
      serviceVersion: 1,
      applicant: { nik: '3604051208850001', nama: 'AHMAD SUHENDRA', alamat: 'KP. KRAMAT RT 002/RW 005, KRAMATWATU', source: 'card' },
      answers: { alasan: 'umur-17' },
      requirementsChecked: ['fc-kk'],
      consent: { accepted: true, statementVersion: 'pdp-2026-01' },
    });
    expect(sub.ok, JSON.stringify(sub.error)).toBe(true);
    const desk = await deskApi(page.context(), { ...host, dataDir: join(data.dir, 'kiosk') });
    const syncUntil = async (status: string) =>
      expect
        .poll(
          async () => {
            await desk.call('sync:now', {});
            return (await desk.call<{ status: string }>('submissions:get', { id: sub.value.submissionId })).value.status;
          },
          { timeout: 30_000 },
        )
        .toBe(status);
    await syncUntil('sent');

    // The officer logs in and finds it in the agency's inbox.
    const officer = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await login(officer, hub.url, 'budi', 'budi-rahasia-1');
    await officer.screenshot({ path: shot('inbox') });
    await officer.getByRole('link', { name: sub.value.registrationNo }).click();
    await expect(officer.getByTestId('status')).toHaveText('Diterima di kabupaten');
    await expect(officer.getByText('AHMAD SUHENDRA')).toBeVisible();
    await officer.locator('textarea[name="note-incomplete"]').fill('Fotokopi KK belum dilampirkan');
    await officer.getByRole('button', { name: 'Minta dilengkapi' }).click();
    await expect(officer.getByTestId('status')).toHaveText('Perlu dilengkapi');
    await officer.screenshot({ path: shot('detail-incomplete'), fullPage: true });

    // The resident sees what is missing at the kiosk's "Cek status".
    await syncUntil('incomplete');
    const k = new Kiosk(page);
    await page.goto(host.url);
    await k.tap('welcome-status');
    await k.screen('status');
    await page.keyboard.type(sub.value.trackingCode);
    await page.keyboard.press('Enter');
    await k.screen('status-result');
    await expect(page.getByTestId('timeline')).toHaveAttribute('data-status', 'incomplete');
    await expect(page.getByTestId('status-note')).toContainText('Fotokopi KK belum dilampirkan');
    await page.screenshot({ path: shot('kiosk-cek-status-incomplete'), fullPage: true });

    // The resident brings it; the officer finishes the request.
    await officer.getByRole('button', { name: 'Berkas sudah lengkap' }).click();
    await expect(officer.getByTestId('status')).toHaveText('Diterima OPD');
    // An officer may not verify: the button is not there; that step is the verifier's (checked on the server too).
    await expect(officer.getByRole('button', { name: 'Verifikasi' })).toHaveCount(0);
    const verifier = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await login(verifier, hub.url, 'rina', 'rina-rahasia-1');
    await verifier.getByRole('link', { name: sub.value.registrationNo }).click();
    await verifier.getByRole('button', { name: 'Verifikasi' }).click();
    await expect(verifier.getByTestId('status')).toHaveText('Diverifikasi');
    await verifier.close();
    await officer.reload();
    await officer.getByRole('link', { name: sub.value.registrationNo }).click();
    await officer.getByRole('button', { name: 'Proses' }).click();
    await expect(officer.getByTestId('status')).toHaveText('Diproses');
    await officer.locator('textarea[name="note-finish"]').fill('Ambil di kantor kecamatan Kramatwatu, Senin pukul 09.00');
    await officer.getByRole('button', { name: 'Selesai' }).click();
    await expect(officer.getByTestId('status')).toHaveText('Selesai');
    await officer.screenshot({ path: shot('detail-done'), fullPage: true });
    await officer.close();
    await syncUntil('done');

    // The dashboard counts the finished request (per agency: Dukcapil received 1, finished 1, within its SLA).
    const admin = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await login(admin, hub.url, 'kominfo', 'kominfo-rahasia-1');
    await admin.getByRole('button', { name: 'Dasbor' }).click();
    await expect(admin.getByTestId('volume-table').locator('tr', { hasText: 'dukcapil' })).toContainText('dukcapil111100%');
    await expect(admin.getByTestId('ikm-none')).toBeVisible();
    await admin.screenshot({ path: shot('dashboard'), fullPage: true });

    // A complaint from the kiosk goes verify → dispatch → follow-up; the resident sees each step.
    const complaint = await invoke<{ submissionId: string; trackingCode: string; registrationNo: string }>(page, 'kiosk:submit', {
      id: randomUUID(),
      serviceId: 'pengaduan',
      serviceVersion: 1,
      applicant: { nik: '3604051208850001', nama: 'AHMAD SUHENDRA', alamat: 'KP. KRAMAT RT 002/RW 005, KRAMATWATU', source: 'card' },
      answers: { topik: 'bansos', isi: 'Bantuan sembako bulan ini belum diterima warga RT 002', mauDihubungi: 'ya', noHp: '081234567890' },
      requirementsChecked: [],
      consent: { accepted: true, statementVersion: 'pdp-2026-01' },
    });
    expect(complaint.ok, JSON.stringify(complaint.error)).toBe(true);
    const complaintStatus = async (status: string) =>
      expect
        .poll(
          async () => {
            await desk.call('sync:now', {});
            return (await desk.call<{ status: string }>('submissions:get', { id: complaint.value.submissionId })).value.status;
          },
          { timeout: 30_000 },
        )
        .toBe(status);
    await complaintStatus('sent');
    await admin.getByRole('button', { name: 'Pengaduan' }).click();
    const card = admin.getByTestId(`complaint-${complaint.value.registrationNo}`);
    await expect(card.getByRole('link', { name: '081234567890' })).toBeVisible();
    await admin.screenshot({ path: shot('complaints-new'), fullPage: true });
    await card.getByRole('button', { name: 'Verifikasi' }).click();
    await expect(card.getByTestId('cstate')).toHaveText('Terverifikasi');
    await complaintStatus('verified');
    await card.locator('select[name="agency"]').selectOption('dinsos');
    await card.getByRole('textbox').fill('Mohon dicek penyaluran RT 002');
    await card.getByRole('button', { name: 'Teruskan ke OPD' }).click();
    await expect(card.getByTestId('cstate')).toContainText('Diteruskan ke OPD');
    await complaintStatus('processing');

    // Another KTP request, within its state's SLA (terkirim since now) but received 20 working days ago: past KTP's
    // overall 14 working days, it is on Eskalasi (hub migration 450), with its overall SLA used.
    const late = await invoke<{ submissionId: string; registrationNo: string }>(page, 'kiosk:submit', {
      id: randomUUID(),
      serviceId: 'ktp-el-baru',
      serviceVersion: 1,
      applicant: { nik: '3604054107900002', nama: 'SITI AMINAH', alamat: 'KP. KRAMAT RT 002/RW 005, KRAMATWATU', source: 'card' },
      answers: { alasan: 'umur-17' },
      requirementsChecked: ['fc-kk'],
      consent: { accepted: true, statementVersion: 'pdp-2026-01' },
    });
    expect(late.ok, JSON.stringify(late.error)).toBe(true);
    await expect
      .poll(
        async () => {
          await desk.call('sync:now', {});
          return (await desk.call<{ status: string }>('submissions:get', { id: late.value.submissionId })).value.status;
        },
        { timeout: 30_000 },
      )
      .toBe('sent');
    const received = `${workingDaysBefore(wibDay(new Date().toISOString()), 20)}T03:00:00.000Z`;
    await rawSql(target, `UPDATE submissions SET received_at = '${received}', state_since = '${new Date().toISOString()}' WHERE registration_no = '${late.value.registrationNo}'`);
    await admin.getByRole('button', { name: /Eskalasi/ }).click();
    await expect(admin.getByRole('heading', { name: 'Eskalasi: lewat SLA' })).toBeVisible();
    const lateRow = admin.getByTestId('escalated-requests').locator('tr', { hasText: late.value.registrationNo });
    await expect(lateRow).toContainText('Diterima di kabupaten');
    await expect(lateRow).toContainText('20/14 hari kerja');
    await expect(admin.getByRole('heading', { name: 'Permohonan lewat SLA (1)' })).toBeVisible();
    await admin.screenshot({ path: shot('escalations'), fullPage: true });

    const sari = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await login(sari, hub.url, 'sari', 'sari-rahasia-1');
    await sari.getByRole('button', { name: 'Pengaduan' }).click();
    const mine = sari.getByTestId(`complaint-${complaint.value.registrationNo}`);
    await mine.getByRole('textbox').fill('Sembako disalurkan ulang 4 Desember melalui kantor desa');
    await mine.getByRole('button', { name: 'Tindak lanjut' }).click();
    await expect(mine.getByTestId('cstate')).toHaveText('Ditindaklanjuti');
    await sari.screenshot({ path: shot('complaints-followed-up'), fullPage: true });
    await sari.close();
    await complaintStatus('done');
    await page.goto(host.url);
    await k.tap('welcome-status');
    await k.screen('status');
    await page.keyboard.type(complaint.value.trackingCode);
    await page.keyboard.press('Enter');
    await k.screen('status-result');
    await expect(page.getByTestId('status-note')).toContainText('Tindak lanjut: Sembako disalurkan ulang');
    await page.screenshot({ path: shot('kiosk-cek-status-complaint'), fullPage: true });

    // The admin revokes the kiosk: it is refused from then on.
    await admin.getByRole('button', { name: 'Perangkat' }).click();
    await expect(admin.locator('tbody tr')).toHaveCount(1);
    await admin.getByRole('button', { name: 'Buat kode' }).click();
    await expect(admin.getByTestId('enrol-code')).toContainText('Kode:');
    await admin.screenshot({ path: shot('devices'), fullPage: true });
    admin.once('dialog', (d) => void d.accept());
    await admin.getByRole('button', { name: 'Cabut' }).click();
    await expect(admin.getByText('Dicabut')).toBeVisible();
    await admin.getByRole('button', { name: 'Katalog' }).click();
    await admin.screenshot({ path: shot('catalogue'), fullPage: true });
    await admin.close();
    const after = await desk.call('sync:now', {});
    expect(JSON.stringify(after)).toMatch(/revoked|dicabut/i);
    await desk.page.close();
  } finally {
    await host.stop();
    await hub.stop();
    await dropSchema();
    data.cleanup();
  }
});
