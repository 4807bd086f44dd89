// Kiosk figures: card-read event -> prefilled identity screen in Chromium, and the durable submit.
// Called by the lead's `npm run bench` runner: export async function run() -> [{ name, value, unit }].
import { chromium } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../dist/node/main/core/core.js';
import { startHost } from '../../dist/node/main/host/server.js';
import { createLogger } from '../../dist/node/main/log.js';
import { RENDERER_DIR } from '../../dist/node/main/paths.js';

const quiet = createLogger('bench', () => {});

function pct(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}
const round = (v) => Math.round(v * 100) / 100;

const CARD = {
  nik: '3604051208850001', nama: 'AHMAD SUHENDRA', tempatLahir: 'SERANG', tanggalLahir: '1985-08-12', jenisKelamin: 'LAKI-LAKI',
  alamat: 'KP. KRAMAT', rt: '002', rw: '005', kelDesa: 'KRAMATWATU', kecamatan: 'KRAMATWATU', kabupatenKota: 'KABUPATEN SERANG',
  provinsi: 'BANTEN', agama: 'ISLAM', statusPerkawinan: 'KAWIN', pekerjaan: 'WIRASWASTA', kewarganegaraan: 'WNI', berlakuHingga: 'SEUMUR HIDUP',
};

async function cardToForm(core, rounds) {
  const host = await startHost({ core, port: 0, rendererDir: RENDERER_DIR, log: quiet });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const times = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    await page.goto(host.url);
    await page.locator('section[data-screen="welcome"]').waitFor();
    await page.waitForTimeout(500); // event socket connected
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      core.events.emit('card:read', { biodata: CARD, source: 'sim' });
      await page.waitForFunction(() => document.querySelector('[data-testid="applicant-name"]')?.textContent === 'AHMAD SUHENDRA', null, { polling: 'raf' });
      times.push(performance.now() - t0);
      await page.getByTestId('confirm-no').click();
      await page.locator('section[data-screen="welcome"]').waitFor();
    }
  } finally {
    await browser.close();
    await host.close();
  }
  return times;
}

async function durableSubmit(core, rounds) {
  const times = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    const r = await core.dispatcher.invoke(
      'kiosk:submit',
      {
        id: randomUUID(), serviceId: 'surat-domisili', serviceVersion: 1,
        applicant: { nik: CARD.nik, nama: CARD.nama, alamat: 'KP. KRAMAT RT 002/RW 005, KRAMATWATU', source: 'card' },
        answers: { keperluan: 'kerja' }, requirementsChecked: ['pengantar-rt'],
        consent: { accepted: true, statementVersion: 'pdp-2026-01' },
      },
      { transport: 'internal' },
    );
    times.push(performance.now() - t0);
    if (!r.ok) throw new Error(`submit failed: ${r.error.message}`);
  }
  return times;
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'anjungan-bench-kiosk-'));
  const core = await createCore({ dataDir: dir, shell: 'host', log: quiet, watchCatalogue: false, devices: { reader: 'none', printer: 'none' } });
  try {
    const card = await cardToForm(core, 20);
    const submit = await durableSubmit(core, 300);
    return [
      { name: 'kiosk card-read event -> prefilled identity screen p50', value: round(pct(card, 50)), unit: 'ms' },
      { name: 'kiosk card-read event -> prefilled identity screen p99', value: round(pct(card, 99)), unit: 'ms' },
      { name: 'kiosk durable submit (kiosk:submit) p50', value: round(pct(submit, 50)), unit: 'ms' },
      { name: 'kiosk durable submit (kiosk:submit) p99', value: round(pct(submit, 99)), unit: 'ms' },
    ];
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run().then((rows) => console.table(rows), (err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
