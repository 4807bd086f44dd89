import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { invoke } from './api.js';
import { deskAs, freshDataDir, OUTPUT_DIR, startHost } from './host.js';

/** Keys as an operator presses them, counted: every typed character and every named key is one keystroke. */
function keyboard(page: Page) {
  let strokes = 0;
  return {
    type: async (text: string) => {
      await page.keyboard.type(text);
      strokes += text.length;
    },
    press: async (key: string) => {
      await page.keyboard.press(key);
      strokes += 1;
    },
    get strokes() {
      return strokes;
    },
  };
}

test('a walk-in surat keterangan usaha entered by keyboard alone: keystrokes and time reported, the operator recorded', async ({ page }) => {
  const data = freshDataDir();
  const host = await startHost(data.dir);
  try {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(host.url);
    await deskAs(page, data.dir, 'siti');

    const keys = keyboard(page);
    const started = Date.now();
    await keys.press('Alt+n');
    await expect(page.getByTestId('walk-in-service')).toBeFocused(); // keys typed before it has focus go nowhere
    await keys.type('usaha');
    await keys.press('Enter');
    await expect(page.getByTestId('walk-in-chosen')).toHaveAttribute('data-service', 'sku');
    await expect(page.getByTestId('walk-in-nik')).toBeFocused();
    await keys.type('3604051208850001');
    await keys.press('Tab');
    await keys.type('AHMAD SUHENDRA');
    await keys.press('Tab');
    await keys.type('Kp. Cikande RT 01/02');
    await keys.press('Tab');
    await keys.type('Warung sembako');
    await keys.press('Tab');
    await keys.type('Pasar Cikande blok B');
    await keys.press('Tab');
    await keys.type('4');
    await keys.press('Tab');
    await keys.type('p'); // the purpose, by its first letter: "Pinjaman KUR atau bank"
    await keys.press('Tab');
    await keys.press('Space'); // brought: surat pengantar RT/RW
    await keys.press('Tab');
    await keys.press('Space'); // brought: fotokopi KTP dan KK
    await keys.press('Tab');
    await keys.press('Tab'); // not brought: bukti lunas PBB
    await keys.press('Space'); // consent
    await keys.press('Tab');
    await keys.press('Enter'); // Simpan
    await expect(page.getByTestId('walk-in-registration')).toBeVisible();
    const ms = Date.now() - started;

    const regNo = (await page.getByTestId('walk-in-registration').textContent())!.trim();
    const found = await invoke<{ items: { id: string; registrationNo: string }[] }>(page, 'requests:search', { query: regNo });
    expect(found.ok).toBe(true);
    const hit = found.ok ? found.value.items.find((i) => i.registrationNo === regNo) : undefined;
    expect(hit).toBeDefined();
    const view = await invoke<{ request: { channel: string; operator: { username: string } | null; answers: Record<string, unknown>; applicant: { nama: string } } | null }>(page, 'desk:request', { id: hit!.id });
    expect(view.ok).toBe(true);
    const req = view.ok ? view.value.request : null;
    expect(req?.channel).toBe('desk');
    expect(req?.operator?.username).toBe('siti');
    expect(req?.applicant.nama).toBe('AHMAD SUHENDRA');
    expect(req?.answers).toMatchObject({ jenisUsaha: 'Warung sembako', alamatUsaha: 'Pasar Cikande blok B', keperluan: 'kur' });

    const out = join(OUTPUT_DIR, 'desk');
    mkdirSync(out, { recursive: true });
    const figures = { service: 'sku', fields: 7, documents: 3, keystrokes: keys.strokes, ms, note: 'Playwright types at machine speed: ms is the floor of the flow, not a person; keystrokes are what a person presses' };
    writeFileSync(join(out, 'walk-in.json'), `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`walk-in by keyboard: ${keys.strokes} keystrokes, ${ms} ms`);
    await page.screenshot({ path: join(out, 'walk-in-receipt.png') });
  } finally {
    await host.stop();
    data.cleanup();
  }
});

test('the e-KTP on the desk\'s reader fills the walk-in; the receipt prints as at the kiosk; Alt+C searches, finding the new request', async ({ page }) => {
  const data = freshDataDir();
  const host = await startHost(data.dir);
  try {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(host.url);
    await deskAs(page, data.dir, 'siti');

    await page.keyboard.press('Alt+n');
    // Keys typed before the screen has mounted and focused its search box go nowhere.
    await expect(page.getByTestId('walk-in-service')).toBeFocused();
    await page.keyboard.type('usaha');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('walk-in-chosen')).toHaveAttribute('data-service', 'sku');
    await expect(page.getByTestId('walk-in-nik')).toBeFocused();
    // The resident taps the e-KTP on the simulated reader (a real pty): NIK, name and address fill in.
    expect((await invoke(page, 'sim:insert-card', { index: 0 })).ok).toBe(true);
    await expect(page.getByTestId('walk-in-nik')).toHaveValue('3604051208850001');
    await expect(page.getByTestId('walk-in-nama')).toHaveValue('AHMAD SUHENDRA');
    await expect(page.getByTestId('walk-in-alamat')).not.toHaveValue('');
    await expect(page.getByTestId('walk-in')).toContainText('Data diisi dari KTP-el.');
    await invoke(page, 'sim:remove-card', {});
    await page.getByTestId('walk-in-alamat').focus();
    for (const [text, key] of [['', 'Tab'], ['Bengkel motor', 'Tab'], ['Jl. Raya Serang km 5', 'Tab'], ['2', 'Tab'], ['p', 'Tab']] as const) {
      if (text) await page.keyboard.type(text);
      await page.keyboard.press(key);
    }
    for (const key of ['Space', 'Tab', 'Space', 'Tab', 'Tab', 'Space', 'Tab', 'Enter']) await page.keyboard.press(key);
    await expect(page.getByTestId('walk-in-registration')).toBeVisible();
    const regNo = (await page.getByTestId('walk-in-registration').textContent())!.trim();
    // The receipt goes to the receipt printer as a kiosk's does (the simulated ESC/POS printer).
    await expect(page.getByTestId('walk-in-print')).toHaveAttribute('data-state', 'printed');
    await expect(page.getByTestId('walk-in-print')).toHaveText('Struk sudah dicetak.');

    await page.keyboard.press('Alt+c');
    await expect(page.getByTestId('search-screen')).toBeVisible();
    await page.getByTestId('search-input').fill('ahmad suhendra');
    await page.getByTestId('search-input').press('Enter');
    await expect(page.getByTestId('search-hit').first()).toContainText(regNo);
  } finally {
    await host.stop();
    data.cleanup();
  }
});
