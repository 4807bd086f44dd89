import type { BrowserContext, Page } from '@playwright/test';
import { invoke, type ApiReply } from './api.js';
import { addUser, type RunningHost } from './host.js';

export interface DeskApi {
  page: Page;
  call<T = unknown>(name: string, request: unknown): Promise<ApiReply<T>>;
}

/**
 * A second page of the same device, logged in as a desk user (made with `anjungan user add`):
 * what a test needs to read the register or change settings, which a kiosk page may not.
 */
export async function deskApi(context: BrowserContext, host: RunningHost, role: 'operator' | 'admin' = 'operator'): Promise<DeskApi> {
  const username = `e2e-${role}`;
  const password = await addUser(host.dataDir, username, role).catch(() => `${username}-rahasia-1`);
  const page = await context.newPage();
  await page.goto(host.url);
  const login = await invoke(page, 'auth:login', { username, password });
  if (!login.ok) throw new Error(`desk login failed: ${JSON.stringify(login.error)}`);
  return { page, call: (name, request) => invoke(page, name, request) };
}
