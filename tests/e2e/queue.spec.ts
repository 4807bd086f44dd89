import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type WebSocketRoute } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { invoke } from './api.js';
import { addUser, deskLogin, freshDataDir, startHost, type RunningHost } from './host.js';
import { Kiosk } from './kiosk-page.js';
import { keyAt, markKeydown, printedUrl, QUEUE_OUT, queueShot, shownAt, watchDisplayNumbers } from './queue-page.js';
import { TEST_APPLICANT, testRequest } from '../helpers/requests.js';

/** Issue 11: "the display updates from the event stream within 500 ms of call next". */
const LATENCY_BUDGET_MS = 500;

interface Frame {
  event: string;
  payload: Record<string, unknown>;
}

/**
 * The display's event stream, routed through the test so it can be cut like a pulled cable:
 * every frame is forwarded untouched (and recorded), and `cut()` closes the live connection.
 */
async function routeDisplayStream(display: Page): Promise<{ frames: Frame[]; connections: () => number; cut: () => Promise<void> }> {
  const frames: Frame[] = [];
  const routes: WebSocketRoute[] = [];
  await display.routeWebSocket(/\/api\/events$/, (ws) => {
    routes.push(ws);
    const server = ws.connectToServer();
    server.onMessage((m) => {
      if (typeof m === 'string') frames.push(JSON.parse(m) as Frame);
      ws.send(m);
    });
  });
  return { frames, connections: () => routes.length, cut: () => routes[routes.length - 1]!.close({ code: 1012, reason: 'cut by the test' }) };
}

/** Presses a counter key at the desk and returns how long the display took to draw `label` at `counter`. */
async function callAndMeasure(desk: Page, display: Page, key: string, counter: number, label: string): Promise<number> {
  await desk.keyboard.press(key);
  const shown = await shownAt(display, counter, label);
  const pressed = await keyAt(desk, key);
  expect(pressed).toBeGreaterThan(0);
  return shown - pressed;
}

/**
 * Readable from ~5 m at 1920x1080: AAA contrast (axe), no text under 44 px, nothing scrolled,
 * and the called number at least 160 px (on a 43" TV, 0.5 mm a pixel: capitals ~5.5 cm, where
 * signage rules ask ~4 cm at 5 m).
 */
async function expectReadableFromTheRoom(display: Page): Promise<void> {
  const axe = await new AxeBuilder({ page: display }).withTags(['wcag2a', 'wcag2aa', 'wcag2aaa', 'wcag21aa', 'wcag22aa']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  const facts = await display.evaluate(() => {
    const sizes: { text: string; px: number }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || (n.textContent ?? '').trim() === '' || el.closest('[aria-hidden="true"]')) continue;
      sizes.push({ text: (n.textContent ?? '').trim().slice(0, 30), px: parseFloat(getComputedStyle(el).fontSize) });
    }
    const number = document.querySelector('.display-counter.fresh .display-number')!;
    return { sizes, numberPx: parseFloat(getComputedStyle(number).fontSize), scrolls: document.documentElement.scrollHeight > innerHeight || document.documentElement.scrollWidth > innerWidth };
  });
  expect(facts.sizes.filter((s) => s.px < 44)).toEqual([]);
  expect(facts.numberPx).toBeGreaterThanOrEqual(160);
  expect(facts.scrolls).toBe(false);
}

async function host(): Promise<{ host: RunningHost; cleanup: () => Promise<void> }> {
  const data = freshDataDir();
  const h = await startHost(data.dir);
  return {
    host: h,
    cleanup: async () => {
      await h.stop();
      data.cleanup();
    },
  };
}

test('a kiosk ticket called at the desk shows on the display within 500 ms, with the right voice text; no-show, transfer, reconnect; no names on the display', async ({ browser }) => {
  test.setTimeout(240_000);
  const { host: run, cleanup } = await host();
  try {
    await addUser(run.dataDir, 'admin', 'admin');
    await addUser(run.dataDir, 'siti', 'operator');
    const kioskCtx = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
    const deskCtx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const displayCtx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });

    // The admin sets up two counters and the running text on the desk's settings screen.
    const desk = await deskCtx.newPage();
    await desk.goto(printedUrl(run, 'Desk'));
    await deskLogin(desk, 'admin');
    const set = await invoke(desk, 'queue:counters:set', {
      counters: [
        { number: 1, name: 'Loket 1', groups: ['U', 'A'], active: true },
        { number: 2, name: 'Loket 2', groups: ['U', 'B'], active: true },
      ],
    });
    expect(set.ok, JSON.stringify(set.error)).toBe(true);
    await desk.keyboard.press('Alt+s');
    await expect(desk.getByTestId('queue-admin')).toBeVisible();
    await expect(desk.getByTestId('admin-counter-2')).toBeVisible();
    const runningText = 'Selamat datang di Kantor Desa Kramatwatu. Siapkan e-KTP Anda sebelum dipanggil.';
    await desk.getByTestId('admin-running-text').fill(runningText);
    await desk.getByTestId('admin-running-text-save').click();
    await expect(desk.getByTestId('queue-admin').getByRole('status')).toBeVisible();
    await desk.getByTestId('desk-logout').click();
    await deskLogin(desk, 'siti');

    // The display, opened from the address `anjungan start` printed.
    const display = await displayCtx.newPage();
    const stream = await routeDisplayStream(display);
    await display.goto(printedUrl(run, 'Display'));
    await expect(display.getByTestId('display')).toBeVisible();
    await expect(display.getByTestId('display-counter-1')).toBeVisible();
    await expect(display.getByTestId('display-marquee')).toHaveAttribute('aria-label', runningText);
    await watchDisplayNumbers(display);

    // A resident takes a ticket at the kiosk, in the priority lane for the elderly: two taps.
    const kioskPage = await kioskCtx.newPage();
    await kioskPage.goto(run.url);
    const kiosk = new Kiosk(kioskPage);
    await kiosk.screen('welcome');
    kiosk.taps = 0;
    await kiosk.tap('welcome-queue');
    await kiosk.screen('queue');
    await kioskPage.screenshot({ path: queueShot('kiosk-lanes') });
    await kiosk.tap('queue-lane-lansia');
    await kiosk.screen('queue-ticket');
    expect(kiosk.taps).toBe(2);
    await expect(kioskPage.getByTestId('queue-ticket-no')).toHaveText('U-001');
    await expect(kioskPage.getByTestId('queue-ticket-lane')).toContainText('Lansia');
    await expect(kioskPage.getByTestId('print-state')).toHaveAttribute('data-state', 'printed');
    await kioskPage.screenshot({ path: queueShot('kiosk-ticket') });
    await kiosk.tap('queue-done');
    await kiosk.screen('welcome');
    await expect(display.locator('[data-testid="display-waiting"] li[data-group="U"]')).toHaveAttribute('data-waiting', '1');

    // The operator at counter 2 calls it by keyboard: Alt+L, pick the counter, N.
    await desk.keyboard.press('Alt+l');
    await expect(desk.getByTestId('counter-screen')).toBeVisible();
    await desk.getByTestId('counter-pick').selectOption('2');
    await expect(desk.getByTestId('counter-desk')).toHaveAttribute('data-counter', '2');
    await expect(desk.getByTestId('waiting-ticket-U-001')).toBeVisible();
    await expect(desk.getByTestId('counter-next')).toBeFocused();
    await markKeydown(desk);
    // The loudspeaker: the display asks the core for the audio of the call it was told about.
    const audioAnswer = display.waitForResponse((r) => r.url().endsWith('/api/invoke/queue:call-audio'));
    const samples: number[] = [];
    samples.push(await callAndMeasure(desk, display, 'n', 2, 'U-001'));
    await expect(desk.getByTestId('counter-ticket')).toHaveText('U-001');
    await expect(desk.getByTestId('counter-ticket-state')).toHaveText('Dipanggil');

    // The voice text and the display text come from the same call event.
    const called = () => stream.frames.filter((f) => f.event === 'queue:called').map((f) => f.payload);
    await expect.poll(() => called().length).toBe(1);
    expect(called()[0]).toMatchObject({ label: 'U-001', counter: 2, spokenText: 'Nomor antrean U satu, silakan ke loket dua', recall: false });
    await expect(display.getByTestId('display-callout')).toHaveText(String(called()[0]!['displayText']));
    const audio = await audioAnswer;
    expect((audio.request().postDataJSON() as { callId: string }).callId).toBe(called()[0]!['id']);
    const clip = (await audio.json()) as { ok: boolean; value: { audio: string; mime: string } };
    expect(clip.ok).toBe(true);
    expect(clip.value.mime).toBe('audio/wav');
    const wav = Buffer.from(clip.value.audio, 'base64');
    // A chime (1.05 s) and then the spoken call (espeak-ng -v id): well over 2 s of 16-bit audio.
    expect(wav.subarray(0, 4).toString()).toBe('RIFF');
    expect(wav.readUInt32LE(40) / (wav.readUInt32LE(24) * 2)).toBeGreaterThan(2);
    await expect(display.getByTestId('display-last').locator('li').first()).toContainText('U-001');
    await display.screenshot({ path: queueShot('display-called') });
    await expectReadableFromTheRoom(display);
    await desk.screenshot({ path: queueShot('desk-counter') });

    // Recall: announced again, the same text.
    await desk.keyboard.press('u');
    await expect.poll(() => called().length).toBe(2);
    expect(called()[1]).toMatchObject({ label: 'U-001', spokenText: 'Nomor antrean U satu, silakan ke loket dua', recall: true });
    // The event reaches the display before the desk has its answer; like the operator, wait for the desk's word before the next key.
    await expect(desk.getByTestId('counter-message')).toHaveText('U-001 dipanggil ulang.');
    await expect(desk.getByTestId('counter-no_show')).toBeEnabled();

    // No-show: the counter is free again, on the desk and on the display.
    await desk.keyboard.press('t');
    await expect(desk.getByTestId('counter-now')).toHaveAttribute('data-state', 'free');
    await expect(display.getByTestId('display-number-2')).toHaveText('—');

    // Transfer: the next ticket is called to counter 2, moved to counter 1, and called there.
    await kiosk.tap('welcome-queue');
    await kiosk.tap('queue-lane-none');
    await expect(kioskPage.getByTestId('queue-ticket-no')).toHaveText('U-002');
    await kiosk.tap('queue-done');
    await expect(desk.getByTestId('waiting-ticket-U-002')).toBeVisible();
    samples.push(await callAndMeasure(desk, display, 'n', 2, 'U-002'));
    await desk.keyboard.press('p');
    await expect(desk.getByTestId('transfer-target')).toBeFocused();
    await desk.getByTestId('transfer-target').selectOption('c:1');
    await desk.getByTestId('transfer-target').press('Enter');
    await expect(desk.getByTestId('counter-message')).toHaveText('U-002 dipindahkan ke Loket 1.');
    await expect(desk.getByTestId('counter-now')).toHaveAttribute('data-state', 'free');
    await expect(display.getByTestId('display-number-2')).toHaveText('—');
    // Counter 2 does not get it back: it waits for counter 1 only.
    await desk.keyboard.press('n');
    await expect(desk.getByTestId('counter-message')).toHaveText('Tidak ada yang menunggu untuk loket ini.');
    await desk.getByTestId('counter-pick').selectOption('1');
    await expect(desk.getByTestId('counter-desk')).toHaveAttribute('data-counter', '1');
    await expect(desk.getByTestId('waiting-ticket-U-002')).toContainText('Dipindahkan');
    await expect(desk.getByTestId('counter-next')).toBeFocused();
    samples.push(await callAndMeasure(desk, display, 'n', 1, 'U-002'));
    await desk.keyboard.press('m');
    await expect(desk.getByTestId('counter-ticket-state')).toHaveText('Sedang dilayani');
    await expect(display.getByTestId('display-counter-1')).toHaveAttribute('data-state', 'serving');
    await desk.keyboard.press('s');
    await expect(desk.getByTestId('counter-now')).toHaveAttribute('data-state', 'free');

    // The event stream is cut: the display says so, reconnects by itself, and shows the next call.
    const before = stream.connections();
    await stream.cut();
    await expect(display.getByTestId('display-offline')).toBeVisible();
    await expect.poll(() => stream.connections(), { timeout: 15_000 }).toBeGreaterThan(before);
    await expect(display.getByTestId('display-offline')).toBeHidden();

    // A request with a name gets its ticket in group A; called, the display shows the number only.
    const submitted = await invoke(kioskPage, 'kiosk:submit', testRequest('ktp-el-baru'));
    expect(submitted.ok, JSON.stringify(submitted.error)).toBe(true);
    const label = String((submitted.value as { queueNo: string }).queueNo);
    expect(label).toMatch(/^A-\d{3}$/);
    await expect(desk.getByTestId(`waiting-ticket-${label}`)).toBeVisible();
    samples.push(await callAndMeasure(desk, display, 'n', 1, label));
    await display.screenshot({ path: queueShot('display-after-reconnect') });
    const shownText = await display.locator('body').innerText();
    const heard = JSON.stringify(stream.frames);
    for (const secret of [TEST_APPLICANT.nama, TEST_APPLICANT.nik, 'AHMAD', 'SITI', 'siti']) {
      expect(shownText, secret).not.toContain(secret);
      expect(heard, secret).not.toContain(secret);
    }

    const figures = {
      budgetMs: LATENCY_BUDGET_MS,
      samplesMs: samples,
      maxMs: Math.max(...samples),
      medianMs: [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)],
      measured: 'keydown of "N" on the desk page to the number drawn on the display page (MutationObserver), same machine clock',
    };
    writeFileSync(join(QUEUE_OUT, 'display-latency.json'), `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`queue display latency: ${JSON.stringify(figures)}`);
    for (const ms of samples) expect(ms).toBeLessThanOrEqual(LATENCY_BUDGET_MS);
    await Promise.all([kioskCtx.close(), deskCtx.close(), displayCtx.close()]);
  } finally {
    await cleanup();
  }
});
