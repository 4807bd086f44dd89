import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_APPLICANT, testRequest } from '../helpers/requests.js';
import { invoke } from './api.js';
import { addUser, deskLogin, freshDataDir, OUTPUT_DIR, startHost } from './host.js';

const OUT = join(OUTPUT_DIR, 'reports');
const COMPLAINT = { topik: 'pelayanan', isi: 'Antrean di loket terlalu lama pagi ini.', mauDihubungi: 'tidak' };

/** The numbers of a chart: the value printed on each bar (recharts' LabelList), top to bottom. */
async function barValues(page: Page, id: string): Promise<string[]> {
  return page.getByTestId(`chart-${id}`).locator('.report-bar-value text, text.report-bar-value').allTextContents();
}
/** The table beside a chart, as [key, value] pairs. */
async function tableRows(page: Page, id: string): Promise<[string, string][]> {
  const rows = page.getByTestId(`table-${id}`).locator('tbody tr');
  const out: [string, string][] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const r = rows.nth(i);
    out.push([(await r.getAttribute('data-key'))!, (await r.locator('td').last().textContent())!.trim()]);
  }
  return out;
}

async function download(page: Page, testId: string, name: string): Promise<string> {
  const wait = page.waitForEvent('download');
  await page.getByTestId(testId).click();
  const d = await wait;
  const file = join(OUT, name);
  await d.saveAs(file);
  expect(d.suggestedFilename()).toMatch(/^laporan-(services|sla|queue|ikm)-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.(csv|pdf)$/);
  return file;
}

/** Renders each page of a PDF to PNG (pdftoppm, poppler-utils) and gives the files. */
function pdfToPng(file: string, prefix: string): string[] {
  execFileSync('pdftoppm', ['-png', '-r', '70', file, join(OUT, prefix)]);
  return readdirSync(OUT).filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.png')).map((f) => join(OUT, f));
}
const pdfText = (file: string): string => execFileSync('pdftotext', ['-layout', file, '-']).toString();
/** The charts are vector paths: the PDF holds no raster image at all (pdfimages lists none). */
const rasterImages = (file: string): number => execFileSync('pdfimages', ['-list', file]).toString().trim().split('\n').length - 2;

test('the day\'s report, the queue report and the IKM report show the requests, tickets and survey answers made at the kiosk and the desk: charts, tables, CSV and a PDF', async ({ page }) => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const data = freshDataDir();
  // No hub: the requests stay 'received' (a pump would move them to 'sent' at its own time).
  const host = await startHost(data.dir, ['--no-hub']);
  try {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(host.url);
    // At the kiosk: two SKTM, one SKU and one complaint, each with its survey answers (two sheets).
    const made: string[] = [];
    // Their e-KTP give desa and RW: Kramatwatu (the office's desa) RW 001, 003 and 007; the complaint from Pejaten.
    const from = (kelDesa: string, rw: string) => ({ applicant: { ...TEST_APPLICANT, kelDesa, rw } });
    for (const [service, over] of [
      ['sktm', from('KRAMATWATU', '001')],
      ['sktm', from('KRAMATWATU', '003')],
      ['sku', from('KRAMATWATU', '007')],
      ['sktm', { serviceId: 'pengaduan', answers: COMPLAINT, ...from('PEJATEN', '001') }],
    ] as const) {
      const r = await invoke<{ submissionId: string }>(page, 'kiosk:submit', testRequest(service, over));
      expect(r.ok, JSON.stringify(r.error)).toBe(true);
      made.push(r.value.submissionId);
    }
    const sheet = (submissionId: string, serviceId: string, s: number[]) =>
      invoke(page, 'kiosk:survey', { id: randomUUID(), submissionId, serviceId, scores: Object.fromEntries(s.map((v, i) => [`u${i + 1}`, v])) });
    expect((await sheet(made[0]!, 'sktm', [4, 4, 3, 4, 3, 3, 4, 3, 3])).ok).toBe(true);
    expect((await sheet(made[2]!, 'sku', [3, 3, 3, 4, 3, 3, 3, 3, 2])).ok).toBe(true);
    // Two residents take a number only ("Ambil nomor antrean"), one in the priority lane for the elderly.
    for (const lane of ['none', 'lansia'] as const) expect((await invoke(page, 'queue:take', { group: 'general', lane, print: false })).ok).toBe(true);

    await addUser(data.dir, 'admin', 'admin');
    await addUser(data.dir, 'vera', 'verifier');
    expect((await invoke(page, 'auth:login', { username: 'admin', password: 'admin-rahasia-1' })).ok).toBe(true);
    expect((await invoke(page, 'settings:update', { role: 'operator' })).ok).toBe(true);
    // The admin sets the desa's dusun on Pengaturan: bad input is named in Bahasa and nothing is saved.
    // The login went by the API: the desk shows it (and takes its shortcuts) once its menu is there.
    await expect(page.getByRole('button', { name: /Pengaturan/ })).toBeVisible();
    await page.keyboard.press('Alt+s');
    const editor = page.getByTestId('dusun-editor');
    await expect(editor).toContainText('Kramatwatu');
    for (const [name, rws] of [['Kramat', '1, 2'], ['Cibeber', '3, 2, x9']] as const) {
      await page.getByTestId('dusun-add').click();
      const i = (await editor.locator('tbody tr').count()) - 1;
      await page.getByTestId(`dusun-${i}-name`).fill(name);
      await page.getByTestId(`dusun-${i}-rws`).fill(rws);
    }
    await page.getByTestId('dusun-save').click();
    await expect(page.getByTestId('dusun-message')).toHaveText('Dusun belum disimpan: perbaiki isian yang ditandai.');
    await expect(page.getByTestId('dusun-1-rws-problem')).toHaveText('RW 002 sudah masuk dusun Kramat. "x9" bukan nomor RW: tulis angka 1 sampai 999.');
    await expect(page.getByTestId('dusun-1-rws')).toHaveAttribute('aria-invalid', 'true');
    await editor.screenshot({ path: join(OUT, 'screen-dusun-refused.png') });
    expect((await invoke<{ dusunMap: unknown[] }>(page, 'settings:get', {})).value.dusunMap).toEqual([]);
    await page.getByTestId('dusun-1-rws').fill('3');
    await page.getByTestId('dusun-save').click();
    await expect(page.getByTestId('dusun-message')).toHaveText('Pengaturan disimpan.');
    await expect(page.getByTestId('dusun-0-rws')).toHaveValue('001, 002');
    expect((await invoke<{ dusunMap: unknown[] }>(page, 'settings:get', {})).value.dusunMap).toEqual([{ name: 'Kramat', rws: ['001', '002'] }, { name: 'Cibeber', rws: ['003'] }]);
    await page.getByTestId('desk-logout').click();
    await deskLogin(page, 'vera');
    // At the desk: one walk-in SKU (channel desk).
    const walkIn = await invoke(page, 'desk:submit', testRequest('sku'));
    expect(walkIn.ok, JSON.stringify(walkIn.error)).toBe(true);

    await page.keyboard.press('Alt+r');
    await expect(page.getByTestId('reports')).toBeVisible();
    await expect(page.getByTestId('period-day')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('report-services')).toHaveAttribute('data-total', '5');
    expect(await tableRows(page, 'service')).toEqual([['sktm', '2'], ['sku', '2'], ['pengaduan', '1']]);
    expect(await barValues(page, 'service')).toEqual(['2', '2', '1']);
    // Per dusun of Desa Kramatwatu: RW 001 Kramat, 003 Cibeber; RW 007 and the walk-in (no desa, no RW) without one; Pejaten apart.
    await expect(page.getByTestId('chart-dusun')).toBeVisible();
    expect(await tableRows(page, 'dusun')).toEqual([['Cibeber', '1'], ['Kramat', '1'], ['', '2'], ['(luar desa)', '1']]);
    expect(await barValues(page, 'dusun')).toEqual(['1', '1', '2', '1']);
    await expect(page.getByTestId('table-dusun')).toContainText('Tanpa dusun');
    await expect(page.getByTestId('table-dusun')).toContainText('Luar Desa Kramatwatu');
    expect(await tableRows(page, 'channel')).toEqual([['kiosk', '4'], ['desk', '1']]);
    expect(await barValues(page, 'channel')).toEqual(['4', '1']);
    expect(await tableRows(page, 'status')).toEqual([['received', '5']]);
    await expect(page.getByTestId('report-complaints')).toContainText('Pengaduan: 1');
    expect(await tableRows(page, 'complaint-status')).toEqual([['received', '1']]);
    // A value on hover, too.
    await page.getByTestId('chart-channel').locator('.recharts-bar-rectangle').first().hover();
    await expect(page.getByTestId('chart-channel').locator('.recharts-tooltip-wrapper')).toContainText('4');
    await page.screenshot({ path: join(OUT, 'screen-services-day.png'), fullPage: true });

    const csv = readFileSync(await download(page, 'report-csv', 'services-day.csv'), 'utf8').replace(/^\ufeff/, '').trim().split('\r\n');
    expect(csv).toEqual([
      'group,key,label,count',
      'service,sktm,Surat keterangan tidak mampu (SKTM),2',
      'service,sku,Surat keterangan usaha (SKU),2',
      'service,pengaduan,Pengaduan,1',
      'desa,KRAMATWATU,KRAMATWATU,3',
      'desa,,(tidak tercatat),1',
      'desa,PEJATEN,PEJATEN,1',
      'dusun,Cibeber,Cibeber,1',
      'dusun,Kramat,Kramat,1',
      'dusun,,Tanpa dusun,2',
      'dusun,(luar desa),Luar Desa Kramatwatu,1',
      'channel,kiosk,Anjungan (kiosk),4',
      'channel,desk,Loket (desk),1',
      'status,received,Diterima,5',
      'complaint,pengaduan,Pengaduan,1',
      'complaint_status,received,Diterima,1',
    ]);
    const pdf = await download(page, 'report-pdf', 'services-day.pdf');
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('PEMERINTAH KABUPATEN SERANG');
    expect(text).toMatch(/Periode: \d{2}-\d{2}-\d{4}/);
    expect(text).toMatch(/Jumlah permohonan: 5/);
    expect(text).toMatch(/Per dusun \(Desa Kramatwatu\)/);
    expect(text).toMatch(/Tanpa dusun\s+2/);
    expect(text).toMatch(/Luar Desa Kramatwatu\s+1/);
    expect(rasterImages(pdf)).toBe(0);
    expect(pdfToPng(pdf, 'services-day').length).toBeGreaterThanOrEqual(1);

    // IKM: (31 + 27) / 2 / 9 = 3.2222 -> x 25 = 80.56 -> mutu B (the worked example of tests/node/reports).
    await page.getByTestId('report-kind-ikm').click();
    const ikm = page.getByTestId('report-ikm');
    await expect(ikm).toHaveAttribute('data-responses', '2');
    await expect(ikm).toHaveAttribute('data-ikm', '80.56');
    await expect(ikm).toHaveAttribute('data-mutu', 'B');
    await expect(page.getByTestId('ikm-summary')).toContainText('IKM: 80,56');
    expect((await tableRows(page, 'ikm-unsur')).slice(0, 3)).toEqual([['u1', '3,500'], ['u2', '3,500'], ['u3', '3,000']]);
    expect((await barValues(page, 'ikm-unsur')).length).toBe(9);
    // Per service: sktm 31/9 = 3.4444 -> 86.11; sku 27/9 = 3 -> 75.
    expect(await tableRows(page, 'ikm-service')).toEqual(expect.arrayContaining([['sktm', '86,11'], ['sku', '75,00']]));
    await page.screenshot({ path: join(OUT, 'screen-ikm-day.png'), fullPage: true });
    const ikmCsv = readFileSync(await download(page, 'report-csv', 'ikm-day.csv'), 'utf8').replace(/^\ufeff/, '').trim().split('\r\n');
    expect(ikmCsv[1]).toBe('all,Semua layanan,2,3.5,3.5,3,4,3,3,3.5,3,2.5,3.2222,80.56,B,Baik');
    const ikmPdf = await download(page, 'report-pdf', 'ikm-day.pdf');
    expect(pdfText(ikmPdf)).toMatch(/IKM: 80,56\s+Mutu: B/);
    expect(rasterImages(ikmPdf)).toBe(0);
    expect(pdfToPng(ikmPdf, 'ikm-day').length).toBeGreaterThanOrEqual(1);

    // The queue: the verifier at counter 1 (the default counter serves every group) calls the
    // elderly resident first and serves them, then calls the next ticket, who does not come.
    for (const [name, req] of [['queue:next', {}], ['queue:start', {}], ['queue:finish', {}], ['queue:next', {}], ['queue:no-show', {}]] as const) {
      const r = await invoke(page, name, { counter: 1, ...req });
      expect(r.ok, `${name}: ${JSON.stringify(r.error)}`).toBe(true);
    }
    await page.getByTestId('report-kind-queue').click();
    const queue = page.getByTestId('report-queue');
    // 7 tickets: one per request (4 at the kiosk, 1 at the desk) and the two taken alone.
    await expect(queue).toHaveAttribute('data-issued', '7');
    await expect(queue).toHaveAttribute('data-called', '2');
    await expect(queue).toHaveAttribute('data-no-show', '1');
    await expect(page.getByTestId('queue-summary')).toContainText('Nomor diambil: 7');
    expect(await tableRows(page, 'queue-state')).toEqual([['issued', '5'], ['done', '1'], ['no_show', '1']]);
    expect(await barValues(page, 'queue-state')).toEqual(['5', '1', '1']);
    expect(await tableRows(page, 'queue-lane')).toEqual([['none', '6'], ['lansia', '1']]);
    expect((await tableRows(page, 'queue-wait-counter')).map(([k]) => k)).toEqual(['1']);
    await expect(page.getByTestId('table-queue-counter-detail').locator('tbody tr[data-key="1"] td').nth(0)).toHaveText('2');
    await expect(page.getByTestId('table-queue-counter-detail').locator('tbody tr[data-key="1"] td').nth(2)).toHaveText('1');
    await page.screenshot({ path: join(OUT, 'screen-queue-day.png'), fullPage: true });
    const queueCsv = readFileSync(await download(page, 'report-csv', 'queue-day.csv'), 'utf8').replace(/^\ufeff/, '').trim().split('\r\n');
    expect(queueCsv[0]).toBe('group,key,label,count,served,no_show,wait_median_s,wait_p90_s,serve_median_s,serve_p90_s');
    expect(queueCsv.filter((l) => l.startsWith('counter,'))).toEqual([expect.stringMatching(/^counter,1,Loket 1,2,1,1,/)]);
    expect(queueCsv[queueCsv.length - 1]).toMatch(/^all,all,Semua,2,1,1,/);
    const queuePdf = await download(page, 'report-pdf', 'queue-day.pdf');
    expect(pdfText(queuePdf)).toMatch(/Laporan Antrean[\s\S]*Nomor diambil: 7/);
    expect(rasterImages(queuePdf)).toBe(0);
    expect(pdfToPng(queuePdf, 'queue-day').length).toBeGreaterThanOrEqual(1);

    // A week and a range hold the same day's numbers; a range ending before it starts is refused on screen.
    await page.getByTestId('report-kind-services').click();
    await page.getByTestId('period-week').click();
    await expect(page.getByTestId('report-services')).toHaveAttribute('data-total', '5');
    await page.getByTestId('period-range').click();
    await page.getByTestId('period-from').fill('2030-01-02');
    await page.getByTestId('period-to').fill('2030-01-01');
    await expect(page.getByTestId('period-shown')).toContainText('Periode belum benar');
    await expect(page.getByTestId('report-services')).toHaveCount(0);
  } finally {
    await host.stop();
    data.cleanup();
  }
});
