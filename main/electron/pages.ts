import { pathToFileURL } from 'node:url';

/** The pages of the built renderer a window may show: the app (kiosk or desk) and the waiting-room display. */
export const APP_PAGES = ['index.html', 'display.html'] as const;
export type AppPage = (typeof APP_PAGES)[number];

/**
 * Which page of the app `url` is (the built renderer on file://, with or without a query or
 * fragment), or null for anything else. Kept apart from window.ts so it is testable without an
 * Electron binary.
 */
export function pageOf(url: string, rendererDir: string): AppPage | null {
  const base = pathToFileURL(rendererDir).href;
  for (const page of APP_PAGES) {
    const full = `${base}/${page}`;
    if (url === full || url.startsWith(`${full}#`) || url.startsWith(`${full}?`)) return page;
  }
  return null;
}

/** True when `url` is the app itself, showing `page`, never anything else. */
export function isAppUrl(url: string, rendererDir: string, page: AppPage = 'index.html'): boolean {
  return pageOf(url, rendererDir) === page;
}
