import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCatalogue } from '../../main/catalogue/catalogue-service.js';
import { bigCatalogueAdditions, writeBigCatalogue } from '../fixtures/big-catalogue.js';
import { tempDir } from '../helpers/tmp.js';
import { hostPerFile, OUTPUT_DIR } from './host.js';
import { auditScreen, Kiosk, settled, VIEWPORTS, type A11yFinding } from './kiosk-page.js';

// The real one door: 30 agencies, 100+ services (tests/fixtures/big-catalogue.ts).
const catalogueDir = tempDir('anjungan-big-catalogue-');
const written = writeBigCatalogue(catalogueDir.dir);
// Browsing only (nothing submitted): the three screen sizes share one host.
const run = hostPerFile(() => ['--catalogue', catalogueDir.dir]);
test.afterAll(() => catalogueDir.cleanup());

/** Test ids of what a screen shows now, matching a prefix ("agency-", "service-"). */
async function shown(page: Page, prefix: string): Promise<string[]> {
  return page.locator(`[data-testid^="${prefix}"]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''));
}

/** Whether the pager shows this button, enabled (without waiting for it). */
async function can(k: Kiosk, testId: 'page-prev' | 'page-next'): Promise<boolean> {
  const button = k.page.getByTestId(testId);
  return (await button.isVisible()) && (await button.isEnabled());
}

/** Turns the pages of the screen's list from the first; calls `each` on every page with its number (1-based). */
async function everyPage(k: Kiosk, each: (n: number) => Promise<void>): Promise<number> {
  while (await can(k, 'page-prev')) await k.tap('page-prev');
  let n = 1;
  await each(n);
  while (await can(k, 'page-next')) {
    await k.tap('page-next');
    await each(++n);
  }
  return n;
}

for (const size of VIEWPORTS) {
  const tag = `${size.width}x${size.height}`;
  test(`30 agencies, ${written.services} services at ${tag}: agencies as tiles, each agency's list, search; taps counted, audited, screenshots`, async ({ page }) => {
    test.setTimeout(300_000);
    await page.setViewportSize(size);
    const k = new Kiosk(page);
    const findings: A11yFinding[] = [];
    const check = async (name: string): Promise<void> => {
      await settled(page);
      findings.push(...(await auditScreen(page, `${name} (${tag})`)));
      await k.shot(`${name}-${tag}`);
    };
    await page.goto(run.current.url);
    await k.screen('welcome');

    // Home -> "Ajukan layanan": every agency with requests, as tiles, across the pages.
    await k.tap('welcome-apply');
    await k.screen('agencies');
    const agencyPage = new Map<string, number>();
    const named = new Map<string, number>(); // service named on a tile -> agencies page
    const pages = await everyPage(k, async (n) => {
      for (const id of await shown(page, 'agency-')) agencyPage.set(id.slice('agency-'.length), n);
      for (const id of await shown(page, 'service-')) if (id !== 'service-search') named.set(id.slice('service-'.length), n);
      if (n <= 2) await check(n === 1 ? 'agencies' : 'agencies-page-2');
    });
    const additions = bigCatalogueAdditions();
    expect(agencyPage.size).toBe(29); // 30 agencies; "Pengaduan" has its own button on the welcome screen
    for (const a of additions.agencies) expect(agencyPage.has(a.id), a.id).toBe(true);

    // A service named on a tile is its own button: one tap after "Ajukan layanan". (At 1366x768
    // every agency fits on the screen only as a compact button, naming none.)
    await k.backToWelcome();
    if (size.height > 768) expect(named.has('ktp-el-baru')).toBe(true);
    for (const sid of [...named.keys()].slice(0, 1)) {
      k.taps = 0;
      await k.tap('welcome-apply');
      await k.tap(`service-${sid}`);
      await k.screen('identity');
      expect(k.taps).toBe(2);
      await k.backToWelcome();
    }

    // Each agency's list: every service, paged to fit; taps from home counted for each service.
    const taps = new Map<string, number>();
    for (const [agency, onPage] of agencyPage) {
      await k.tap('welcome-apply');
      for (let p = 1; p < onPage; p++) await k.tap('page-next');
      await k.tap(`agency-${agency}`);
      await k.screen('services');
      await everyPage(k, async (n) => {
        for (const id of await shown(page, 'service-')) {
          const sid = id.slice('service-'.length);
          const viaList = 1 + (onPage - 1) + 1 + (n - 1) + 1;
          const viaTile = named.has(sid) ? 1 + (named.get(sid)! - 1) + 1 : Infinity;
          taps.set(sid, Math.min(viaList, viaTile));
        }
        if (agency === 'dukcapil' && n <= 2) await check(n === 1 ? 'agency-services' : 'agency-services-page-2');
      });
      await k.backToWelcome();
    }
    const requests = readCatalogue([catalogueDir.dir]).services.filter((s) => s.kind === 'request').map((s) => s.id);
    for (const id of requests) expect(taps.has(id), `${id} reachable from the agencies screen`).toBe(true);
    for (const [id, p] of named) expect(taps.get(id), id).toBe(1 + p);

    // Search: 2 taps from home, results beside the keyboard without scrolling.
    await k.tap('welcome-apply');
    await k.tap('service-search');
    await k.screen('search');
    await k.typeKeys('KTP');
    await expect(page.getByTestId('service-ktp-el-baru')).toBeVisible();
    await check('search-ktp');
    await k.tap('kb-clear');
    await k.typeKeys('KARTU KUNING');
    await expect(page.getByTestId('service-ak-1')).toBeVisible();
    await k.tap('kb-clear');
    await k.typeKeys('SURAT DOMISLI');
    await expect(page.locator('[data-testid^="service-"]').first()).toHaveAttribute('data-testid', 'service-surat-domisili');
    await check('search-typo');

    const counts = [...taps.values()];
    const histogram = Object.fromEntries([...new Set(counts)].sort((a, b) => a - b).map((c) => [c, counts.filter((x) => x === c).length]));
    mkdirSync(OUTPUT_DIR, { recursive: true });
    writeFileSync(
      join(OUTPUT_DIR, `kiosk-taps-${tag}.json`),
      `${JSON.stringify({ viewport: tag, agencies: agencyPage.size + 1, services: written.services, agencyPages: pages, tapsFromHome: histogram, max: Math.max(...counts), atMost3: counts.filter((c) => c <= 3).length, of: counts.length }, null, 2)}\n`,
    );
    expect(findings, findings.map((f) => `${f.screen}: ${f.problem}`).join('\n')).toEqual([]);
    // Issue 9: any service at most 3 taps from home, at every screen size.
    const far = [...taps].filter(([, n]) => n > 3).map(([id, n]) => `${id}: ${n} taps`);
    expect(far, `services more than 3 taps from home at ${tag}`).toEqual([]);
    expect(taps.size).toBe(requests.length);
    expect(pages).toBe(1);
  });
}
