import { expect, test } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deskApi } from './desk.js';
import { OUTPUT_DIR, hostPerTest } from './host.js';
import { invoke, Kiosk, waitForReceiptQr } from './kiosk-page.js';

interface SubmissionPage {
  items: { id: string; serviceId: string; trackingCode: string; registrationNo: string }[];
  total: number;
}

const run = hostPerTest();

/** The register, read as the desk would (a kiosk page may not list it). */
async function storedOnce(k: Kiosk, trackingCode: string, serviceId: string): Promise<void> {
  const desk = await deskApi(k.page.context(), run.current);
  const list = await desk.call<SubmissionPage>('submissions:list', { limit: 500 });
  await desk.page.close();
  const mine = list.value.items.filter((s) => s.trackingCode === trackingCode);
  expect(mine).toHaveLength(1);
  expect(mine[0]!.serviceId).toBe(serviceId);
  expect(list.value.total).toBe(1);
}

test('card-prefilled request (surat domisili): receipt QR, stored once, survey, wiped; taps and seconds measured', async ({ page }) => {
  const k = new Kiosk(page);
  await page.goto(run.current.url);
  await k.screen('welcome');

  // The resident taps an e-KTP on the (simulated) reader.
  const cardAt = Date.now();
  const inserted = await invoke<{ nik: string }>(page, 'sim:insert-card', { index: 0 });
  expect(inserted.ok).toBe(true);
  await k.screen('confirm');
  await expect(page.getByTestId('applicant-name')).toHaveText('AHMAD SUHENDRA');
  const cardToFormMs = Date.now() - cardAt;
  await expect(page.getByTestId('identity-source')).toContainText('e-KTP');

  // From here: the typical card-prefilled request, counted.
  k.taps = 0;
  const started = Date.now();
  await k.tap('confirm-yes');
  await k.screen('agencies');
  await k.tap('service-surat-domisili'); // named on the Kantor Desa tile
  await k.screen('form');
  await k.tap('choice-kerja');
  await k.screen('requirements');
  await k.tap('next');
  await k.screen('consent');
  await k.tap('consent-yes');
  await k.screen('review');
  await expect(page.getByTestId('review-service')).toHaveText('Surat keterangan domisili');
  await k.tap('submit');
  await k.screen('receipt');
  const seconds = (Date.now() - started) / 1000;
  const taps = k.taps;

  await expect(page.getByTestId('queue-no')).toHaveText('B-001');
  const tracking = (await page.getByTestId('tracking-code').textContent())!;
  await expect(page.getByTestId('print-state')).toHaveAttribute('data-state', 'printed');
  const receipt = await waitForReceiptQr(run.current.dataDir, 1);
  expect(receipt.qr).toBe(tracking);
  await storedOnce(k, tracking, 'surat-domisili');

  // Satisfaction survey (SKM): 9 unsur.
  await k.tap('next');
  await k.screen('survey');
  await k.tap('survey-start');
  for (let i = 0; i < 9; i++) await k.tap(i % 2 === 0 ? 'skm-4' : 'skm-3');
  await k.screen('done');
  // The IKM is a report: read at the desk, not at the kiosk.
  const verifier = await deskApi(page.context(), run.current, 'admin');
  const ikm = await verifier.call<{ responses: number; converted: number; mutu: string }>('kiosk:ikm', {});
  await verifier.page.close();
  expect(ikm.value.responses).toBe(1);
  expect(ikm.value.mutu).toBe('A');
  await k.tap('done');
  await k.screen('welcome');
  await expect(page.locator('body')).not.toContainText('AHMAD');

  expect(taps).toBeLessThanOrEqual(6);
  mkdirSync(OUTPUT_DIR, { recursive: true });
  writeFileSync(
    join(OUTPUT_DIR, 'kiosk-metrics.json'),
    `${JSON.stringify(
      {
        service: 'surat-domisili',
        identification: 'e-KTP (simulated reader)',
        tapsAfterIdentification: taps,
        secondsAfterIdentification: Math.round(seconds * 100) / 100,
        cardInsertToPrefilledMs: cardToFormMs,
        countedTaps: ['confirm identity', 'choose service', 'answer keperluan', 'requirements next', 'consent', 'submit'],
        measuredAt: new Date().toISOString(),
      },
      null,
      2,
    )}\n`,
  );
});

test('typed NIK request (AK-1) found by search, name and address typed on the on-screen keyboard', async ({ page }) => {
  const k = new Kiosk(page);
  await page.goto(run.current.url);
  await k.tap('welcome-apply');
  await k.screen('agencies');
  await k.tap('service-search');
  await k.screen('search');
  await k.typeKeys('KUNING');
  await expect(page.getByTestId('service-ak-1')).toBeVisible();
  await k.tap('service-ak-1');
  await k.screen('identity');
  await k.tap('identity-nik');
  await k.screen('nik');
  // A wrong NIK first: a plain message that says what to do.
  await k.typeDigits('36040512');
  await k.tap('next');
  await expect(page.getByTestId('problem')).toContainText('NIK harus 16 angka');
  await k.typeDigits('08900007');
  await expect(page.getByTestId('nik-input')).toHaveText('3604 0512 0890 0007');
  await k.tap('next');
  await k.screen('name');
  await k.typeKeys('DEWI LESTARI');
  await k.tap('next');
  await k.screen('address');
  await k.typeKeys('KP. PEJATEN RT 003/RW 001');
  await k.tap('next');
  await k.screen('confirm');
  await expect(page.getByTestId('applicant-name')).toHaveText('DEWI LESTARI');
  await k.tap('confirm-yes');
  await k.screen('form');
  await k.tap('choice-sma');
  await k.typeDigits('2024');
  await k.tap('next');
  await k.tap('choice-tidak');
  await expect(page.locator('section[data-field="jabatanDicari"]')).toBeVisible();
  await k.tap('next'); // optional: skipped
  await k.typeDigits('0812345');
  await k.tap('next');
  await expect(page.getByTestId('problem')).toContainText('Nomor HP harus diawali 08');
  await k.typeDigits('6789');
  await k.tap('next');
  await k.screen('requirements');
  await k.tap('req-ijazah');
  await expect(page.getByTestId('req-ijazah')).toHaveAttribute('aria-pressed', 'true');
  await k.tap('next');
  await k.tap('consent-yes');
  await k.screen('review');
  await k.tap('submit');
  await k.screen('receipt');
  await expect(page.getByTestId('queue-no')).toHaveText('C-001');
  const tracking = (await page.getByTestId('tracking-code').textContent())!;
  await expect(page.getByTestId('print-state')).toHaveAttribute('data-state', 'printed');
  expect((await waitForReceiptQr(run.current.dataDir, 1)).qr).toBe(tracking);
  await storedOnce(k, tracking, 'ak-1');
  const desk = await deskApi(page.context(), run.current);
  const detail = await desk.call<{ payload: { applicant: { nik: string; source: string }; answers: Record<string, string>; requirementsChecked: string[]; channel: string; queueNo: string } }>(
    'submissions:get',
    { id: (await desk.call<SubmissionPage>('submissions:list', {})).value.items[0]!.id },
  );
  await desk.page.close();
  expect(detail.value.payload.applicant).toMatchObject({ nik: '3604051208900007', source: 'manual' });
  expect(detail.value.payload.answers).toEqual({ pendidikan: 'sma', tahunLulus: '2024', sudahIjazah: 'tidak', noHp: '08123456789' });
  expect(detail.value.payload.requirementsChecked).toEqual(['ijazah']);
  expect(detail.value.payload).toMatchObject({ channel: 'kiosk', queueNo: 'C-001' });
  await k.tap('next');
  await k.tap('survey-skip');
  await k.screen('done');
});

test('complaint (pengaduan) with card; a printer out of paper keeps the submission and the desk reprints it', async ({ page }) => {
  const k = new Kiosk(page);
  await page.goto(run.current.url);
  await k.tap('welcome-complaint');
  await k.screen('services');
  await expect(page.getByTestId('service-kritik-saran')).toBeVisible();
  await expect(page.getByTestId('service-surat-domisili')).toHaveCount(0);
  await k.tap('service-pengaduan');
  await k.screen('identity');
  await invoke(page, 'sim:insert-card', { index: 1 });
  await k.screen('confirm');
  await k.tap('confirm-yes');
  await k.screen('form');
  await k.tap('choice-infrastruktur');
  await k.typeKeys('JALAN');
  await k.tap('next');
  await expect(page.getByTestId('problem')).toContainText('paling sedikit 10 huruf');
  await k.typeKeys(' RUSAK DEKAT SD');
  await k.tap('next');
  await k.tap('next'); // lokasi: optional
  await k.tap('choice-tidak');
  await k.screen('requirements');
  await k.tap('next');
  await k.tap('consent-yes');
  await k.screen('review');

  await invoke(page, 'sim:printer-state', { paper: 'out' });
  await k.tap('submit');
  await k.screen('receipt');
  await expect(page.getByTestId('queue-no')).toHaveText('F-001');
  const tracking = (await page.getByTestId('tracking-code').textContent())!;
  await expect(page.getByTestId('print-state')).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
  await expect(page.getByTestId('print-state')).toContainText('Permohonan Anda tetap tersimpan');
  await storedOnce(k, tracking, 'pengaduan');

  // At the operator desk: paper back in, reprint.
  await invoke(page, 'sim:printer-state', { paper: 'ok' });
  const desk = await deskApi(page.context(), run.current);
  const id = (await desk.call<SubmissionPage>('submissions:list', {})).value.items[0]!.id;
  const reprint = await desk.call('print:reprint', { submissionId: id });
  await desk.page.close();
  expect(reprint.ok).toBe(true);
  expect((await waitForReceiptQr(run.current.dataDir, 1)).qr).toBe(tracking);
  await storedOnce(k, tracking, 'pengaduan');
});
