import type { Page } from '@playwright/test';

/** A Result as a test reads it: `value` is typed for the happy path; check `ok` first. */
export interface ApiReply<T = unknown> {
  ok: boolean;
  value: T;
  error?: { code: string; message: string; details?: unknown };
}

/** Calls the API from inside the page, exactly as the renderer's host transport does (cookie, header, page token). */
export async function invoke<T = unknown>(page: Page, name: string, request: unknown): Promise<ApiReply<T>> {
  return page.evaluate(
    async ([n, r]) => {
      const res = await fetch(`/api/invoke/${n}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-anjungan-client': '1', 'x-anjungan-token': sessionStorage.getItem('anjungan.token') ?? '' },
        body: JSON.stringify(r),
      });
      return res.json();
    },
    [name, request] as const,
  );
}
