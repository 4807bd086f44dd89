/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeQrPng } from '../helpers/qr.js';
import { screenshotPath } from './host.js';

export { invoke } from './api.js';

export class Kiosk {
  taps = 0;
  constructor(readonly page: Page) {}

  async tap(testId: string): Promise<void> {
    this.taps++;
    await this.page.getByTestId(testId).click();
  }

  async screen(name: string): Promise<void> {
    await expect(this.page.locator(`section[data-screen="${name}"]`)).toBeVisible();
  }

  async typeKeys(text: string): Promise<void> {
    for (const c of text.toUpperCase()) await this.tap(c === ' ' ? 'kb-space' : `kb-${c}`);
  }

  async typeDigits(digits: string): Promise<void> {
    for (const d of digits) await this.tap(`key-${d}`);
  }

  async shot(name: string): Promise<void> {
    await this.page.screenshot({ path: screenshotPath(`kiosk-${name}`), fullPage: true });
  }

  /** Taps an item of a paged list, turning pages ("Berikutnya") until it is shown. */
  async tapPaged(testId: string): Promise<void> {
    const item = this.page.getByTestId(testId);
    for (let i = 0; i < 20 && !(await item.isVisible()); i++) {
      const next = this.page.getByTestId('page-next');
      if (!(await next.isVisible()) || (await next.isDisabled())) break;
      await this.tap('page-next');
    }
    await this.tap(testId);
  }

  /** "Kembali" until the welcome screen. */
  async backToWelcome(): Promise<void> {
    const welcome = this.page.locator('section[data-screen="welcome"]');
    for (let i = 0; i < 20 && !(await welcome.isVisible()); i++) await this.tap('back');
    await expect(welcome).toBeVisible();
  }
}

/** The kiosk's three screen sizes: portrait kiosk (the default), landscape kiosk or desk PC, small laptop. */
export const VIEWPORTS = [
  { width: 1080, height: 1920 },
  { width: 1920, height: 1080 },
  { width: 1366, height: 768 },
] as const;

/** The newest receipt PNG of the printer simulator, and what its QR code says. */
export async function waitForReceiptQr(dataDir: string, count: number): Promise<{ png: string; qr: string }> {
  const dir = join(dataDir, 'sim-printer');
  let pngs: string[] = [];
  await expect
    .poll(() => {
      pngs = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.png')).sort() : [];
      return pngs.length;
    }, { timeout: 20_000 })
    .toBeGreaterThanOrEqual(count);
  const file = join(dir, pngs[pngs.length - 1]!);
  const qr = decodeQrPng(readFileSync(file));
  if (!qr) throw new Error(`no QR code found in ${file}`);
  return { png: file, qr };
}

/**
 * The screen as it will stay: fonts loaded and two frames painted since the last change (React
 * commits, then the browser lays out and paints). What a fixed 150 ms sleep before each audit
 * stood for, without its 150 ms on every screen.
 */
export async function settled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
  });
}

export interface A11yFinding {
  screen: string;
  problem: string;
}

/**
 * axe (WCAG 2.x A/AA/AAA incl. 2.2 AA, color-contrast-enhanced) plus our own measurement of
 * the rendered page: targets >= 60 px (main buttons >= 80 px tall), >= 32 px between targets,
 * no text under 28 px, body text (paragraphs of the screen) >= 34 px; nothing of the screen
 * under the header or the voice toolbar, every primary button fully on screen, nothing that
 * needs scrolling (neither the page nor the screen's own area).
 */
export async function auditScreen(page: Page, screen: string): Promise<A11yFinding[]> {
  const findings: A11yFinding[] = [];
  const axe = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag2aaa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  for (const v of axe.violations) {
    findings.push({ screen, problem: `axe ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')})` });
  }
  const measured = await page.evaluate(() => {
    const out: string[] = [];
    const visible = (el: Element): boolean => {
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none';
    };
    const name = (el: Element): string => `${el.tagName.toLowerCase()}[${(el.getAttribute('data-testid') ?? el.textContent ?? '').trim().slice(0, 30)}]`;
    const targets = [...document.querySelectorAll('button, a[href], input, select, textarea, [role="button"]')].filter(visible);
    const rects = targets.map((el) => ({ el, r: el.getBoundingClientRect() }));
    for (const { el, r } of rects) {
      if (r.width < 60 || r.height < 60) out.push(`target ${name(el)} is ${Math.round(r.width)}x${Math.round(r.height)} px (< 60)`);
      if (el.classList.contains('btn') && r.height < 80) out.push(`main button ${name(el)} is ${Math.round(r.height)} px tall (< 80)`);
    }
    for (let i = 0; i < rects.length; i++) {
      for (let j = i + 1; j < rects.length; j++) {
        const a = rects[i]!.r;
        const b = rects[j]!.r;
        const dx = Math.max(0, Math.max(a.left, b.left) - Math.min(a.right, b.right));
        const dy = Math.max(0, Math.max(a.top, b.top) - Math.min(a.bottom, b.bottom));
        const gap = Math.max(dx, dy);
        if (gap < 31.5) out.push(`targets ${name(rects[i]!.el)} and ${name(rects[j]!.el)} are ${gap.toFixed(1)} px apart (< 32)`);
      }
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || !(n.textContent ?? '').trim() || !visible(el)) continue;
      if (el.closest('[aria-hidden="true"]') && el.closest('svg')) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 28) out.push(`text "${(n.textContent ?? '').trim().slice(0, 30)}" is ${size} px (< 28)`);
    }
    // Fixed bars: the header and the voice toolbar. Nothing of the screen may lie under them.
    const bars = [...document.querySelectorAll('.app-header, .toolbar')]
      .filter(visible)
      .map((el) => ({ el, r: el.getBoundingClientRect(), what: el.classList.contains('toolbar') ? 'toolbar' : 'header' }));
    const under = (r: DOMRect): string | undefined =>
      bars.find((b) => r.left < b.r.right - 0.5 && r.right > b.r.left + 0.5 && r.top < b.r.bottom - 0.5 && r.bottom > b.r.top + 0.5)?.what;
    const inBar = (el: Element): boolean => bars.some((b) => b.el.contains(el));
    for (const { el, r } of rects) {
      const bar = inBar(el) ? undefined : under(r);
      if (bar) out.push(`target ${name(el)} lies under the ${bar}`);
    }
    const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = texts.nextNode(); n; n = texts.nextNode()) {
      const el = n.parentElement;
      if (!el || !(n.textContent ?? '').trim() || !visible(el) || inBar(el)) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const bar = under(range.getBoundingClientRect());
      if (bar) out.push(`text "${(n.textContent ?? '').trim().slice(0, 30)}" lies under the ${bar}`);
    }
    // The screen's primary action is fully on screen, without scrolling.
    for (const el of document.querySelectorAll('.btn-primary, [data-testid="next"], [data-testid="submit"]')) {
      if (!visible(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.top < 0 || r.left < 0 || r.bottom > innerHeight + 0.5 || r.right > innerWidth + 0.5) {
        out.push(`primary button ${name(el)} is not fully on screen (${Math.round(r.left)},${Math.round(r.top)} to ${Math.round(r.right)},${Math.round(r.bottom)} in ${innerWidth}x${innerHeight})`);
      }
    }
    for (const { el, r } of rects) {
      if (r.bottom > innerHeight + 0.5 || r.right > innerWidth + 0.5) out.push(`target ${name(el)} is below or beside the visible screen`);
    }
    const doc = document.scrollingElement ?? document.documentElement;
    if (doc.scrollHeight > innerHeight + 1) out.push(`the page scrolls: ${doc.scrollHeight - innerHeight} px more than the screen`);
    const main = document.querySelector('.kiosk-main');
    if (main && main.scrollHeight > main.clientHeight + 1) out.push(`the screen needs scrolling: ${main.scrollHeight - main.clientHeight} px more than fits`);
    for (const p of document.querySelectorAll('.kiosk-main p, .idle-overlay p')) {
      if (!visible(p)) continue;
      const size = parseFloat(getComputedStyle(p).fontSize);
      if (size < 34) out.push(`paragraph "${(p.textContent ?? '').trim().slice(0, 30)}" is ${size} px (< 34)`);
    }
    return out;
  });
  for (const m of measured) findings.push({ screen, problem: m });
  return findings;
}
