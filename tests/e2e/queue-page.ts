/// <reference lib="dom" />
import { expect, type Page, type WebSocket } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { OUTPUT_DIR, type RunningHost } from './host.js';

export const QUEUE_OUT = join(OUTPUT_DIR, 'queue');

export function queueShot(name: string): string {
  mkdirSync(QUEUE_OUT, { recursive: true });
  return join(QUEUE_OUT, `${name}.png`);
}

/** An address `anjungan start` printed on its own line ("Desk: URL", "Display: URL"). */
export function printedUrl(host: RunningHost, label: 'Desk' | 'Display'): string {
  const m = new RegExp(`^${label}: (http://\\S+)$`, 'm').exec(host.stdout());
  if (!m) throw new Error(`no "${label}:" line in:\n${host.stdout()}`);
  return m[1]!;
}

/** Every event frame the page's event stream received, as parsed JSON (what the display heard). */
export function recordFrames(page: Page): { event: string; payload: Record<string, unknown> }[] {
  const frames: { event: string; payload: Record<string, unknown> }[] = [];
  page.on('websocket', (ws: WebSocket) => {
    ws.on('framereceived', (f) => {
      if (typeof f.payload === 'string') frames.push(JSON.parse(f.payload) as (typeof frames)[number]);
    });
  });
  return frames;
}

/**
 * Marks, inside the display page, the moment (epoch ms) each counter's number first shows a
 * label: a MutationObserver, so the time is when the page drew it, not when the test looked.
 */
export async function watchDisplayNumbers(display: Page): Promise<void> {
  await display.evaluate(() => {
    const seen: Record<string, number> = {};
    (window as unknown as { __shown: Record<string, number> }).__shown = seen;
    const look = (): void => {
      for (const el of document.querySelectorAll<HTMLElement>('[data-testid^="display-number-"]')) {
        const key = `${el.dataset['testid']}=${el.textContent ?? ''}`;
        if (!(key in seen)) seen[key] = Date.now();
      }
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true });
    look();
  });
}

export async function shownAt(display: Page, counter: number, label: string): Promise<number> {
  const key = `display-number-${counter}=${label}`;
  await expect.poll(() => display.evaluate((k) => (window as unknown as { __shown: Record<string, number> }).__shown[k] ?? 0, key)).toBeGreaterThan(0);
  return display.evaluate((k) => (window as unknown as { __shown: Record<string, number> }).__shown[k]!, key);
}

/** The moment (epoch ms) the desk page saw a key go down, recorded in the page before anything handles it. */
export async function markKeydown(desk: Page): Promise<void> {
  await desk.evaluate(() => {
    const at: Record<string, number> = {};
    (window as unknown as { __keyAt: Record<string, number> }).__keyAt = at;
    window.addEventListener('keydown', (e) => (at[e.key] = Date.now()), { capture: true });
  });
}

export function keyAt(desk: Page, key: string): Promise<number> {
  return desk.evaluate((k) => (window as unknown as { __keyAt: Record<string, number> }).__keyAt[k] ?? 0, key);
}
