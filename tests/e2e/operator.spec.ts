import { expect, test } from '@playwright/test';
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { testRequest } from '../helpers/requests.js';
import { invoke } from './api.js';
import { deskAs, freshDataDir, OUTPUT_DIR, screenshotPath, startHost } from './host.js';

test('operator desk: live device states, a tapped e-KTP, printing, paper out and back, reprint', async ({ page }) => {
  const data = freshDataDir();
  const host = await startHost(data.dir);
  try {
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(host.url);
    // A resident's request made at this device while it was a kiosk; the desk prints its receipt below.
    const req = testRequest('surat-domisili');
    const id = req.id;
    const created = await invoke<{ trackingCode: string }>(page, 'kiosk:submit', req);
    expect(created.ok).toBe(true);
    await deskAs(page, data.dir, 'siti');
    await expect(page.getByTestId('mode-operator')).toBeVisible();

    // Built-in defaults: both simulators, connected.
    await expect(page.getByTestId('device-reader')).toHaveAttribute('data-state', 'connected');
    await expect(page.getByTestId('device-printer')).toHaveAttribute('data-state', 'connected');

    // A card on the simulated reader (a real pty) shows its identity at the desk.
    expect((await invoke(page, 'sim:insert-card', { index: 0 })).ok).toBe(true);
    await expect(page.getByTestId('card-identity')).toContainText('AHMAD SUHENDRA');
    await expect(page.getByTestId('card-identity')).toContainText('3604051208850001');
    await invoke(page, 'sim:remove-card', {});

    // Every state the sync panel shows while the new submission waits and is sent, recorded in the page.
    await expect(page.getByTestId('sync-backlog')).toHaveText('0 permohonan menunggu dikirim');
    await page.evaluate(() => {
      const w = window as unknown as { syncSeen: { state: string; backlog: string }[] };
      w.syncSeen = [];
      const record = (): void => {
        const state = document.querySelector('[data-testid="sync-state"]')?.textContent ?? '';
        const backlog = document.querySelector('[data-testid="sync-backlog"]')?.textContent ?? '';
        w.syncSeen.push({ state, backlog });
      };
      new MutationObserver(record).observe(document.querySelector('[data-testid="sync-panel"]')!, { subtree: true, childList: true, characterData: true });
    });

    // Print a receipt: the simulator (a real TCP printer endpoint) renders it to PNG.
    // A walk-in entered at the desk waits in the backlog until the hub has it.
    const walkIn = await invoke(page, 'desk:submit', testRequest('surat-domisili'));
    expect(walkIn.ok).toBe(true);

    // The panel never says "all sent" while a backlog remains; once the hub has it, it does.
    await expect(page.getByTestId('sync-backlog')).toHaveText('0 permohonan menunggu dikirim', { timeout: 30_000 });
    await expect(page.getByTestId('sync-state')).toHaveText(/Semua data terkirim/);
    const seen = await page.evaluate(() => (window as unknown as { syncSeen: { state: string; backlog: string }[] }).syncSeen);
    const waiting = seen.filter((x) => !x.backlog.startsWith('0 '));
    for (const x of waiting) expect(x.state, JSON.stringify(x)).not.toContain('Semua data terkirim');
    const simDir = join(data.dir, 'sim-printer');
    const pngs = () => (existsSync(simDir) ? readdirSync(simDir).filter((f) => f.endsWith('.png')) : []);
    expect((await invoke(page, 'print:receipt', { submissionId: id })).ok).toBe(true);
    await expect(page.getByTestId('print-jobs').locator('tr[data-state="printed"]')).toHaveCount(1);
    await expect.poll(() => pngs().length).toBe(1);
    copyFileSync(join(simDir, pngs()[0]!), join(OUTPUT_DIR, 'operator-receipt.png'));

    // Paper runs out: the panel says so and a new job waits with its reason, then prints.
    await invoke(page, 'sim:printer-state', { paper: 'out' });
    await expect(page.getByTestId('device-printer')).toHaveAttribute('data-state', 'paper_out', { timeout: 15_000 });
    await expect(page.getByTestId('device-printer')).toContainText('Kertas printer habis');
    await page.getByTestId('print-jobs').getByRole('button', { name: 'Cetak ulang' }).first().click();
    await expect(page.getByTestId('print-jobs').locator('tr[data-state="queued"]')).toHaveCount(1);
    await expect(page.getByTestId('print-jobs').locator('tr[data-state="queued"] .reason')).toContainText('paper_out');
    await page.screenshot({ path: screenshotPath('operator-paper-out'), fullPage: true });
    await invoke(page, 'sim:printer-state', { paper: 'ok' });
    await expect(page.getByTestId('print-jobs').locator('tr[data-state="printed"]')).toHaveCount(2, { timeout: 15_000 });
    await expect.poll(() => pngs().length).toBe(2);
    await page.screenshot({ path: screenshotPath('operator-desk'), fullPage: true });
  } finally {
    await host.stop();
    data.cleanup();
  }
});
