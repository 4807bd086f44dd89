import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { invoke } from './api.js';
import { tempDir } from '../helpers/tmp.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const LAUNCHER = join(ROOT, 'main', 'cli', 'launcher.cjs');
export const OUTPUT_DIR = join(ROOT, 'tests', 'output');

/** A running `anjungan start` on a data folder, as a newcomer would run it. */
export interface RunningHost {
  url: string;
  origin: string;
  dataDir: string;
  process: ChildProcess;
  stderr: () => string;
  stdout: () => string;
  stop(): Promise<void>;
}

/** `env`: extra environment of the host (e.g. a PATH with a fake `lp`). */
export async function startHost(dataDir: string, extraArgs: string[] = [], env: Record<string, string> = {}): Promise<RunningHost> {
  const child = spawn(process.execPath, [LAUNCHER, 'start', '--data', dataDir, '--port', '0', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // New stores are encrypted with a generated key file: keep the test's keys beside its folder (tempDir removes both).
    env: { ...process.env, ANJUNGAN_LOG: 'info', ANJUNGAN_KEY_DIR: `${dataDir}-keys`, ...env },
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start in 30 s:\n${err}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Open: (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}:\n${err}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    process: child,
    stderr: () => err,
    stdout: () => out,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

/** A desk account made the way an office's technician would: `anjungan user add`, password on stdin. */
export async function addUser(dataDir: string, username: string, role: 'operator' | 'verifier' | 'signatory' | 'admin', password = `${username}-rahasia-1`): Promise<string> {
  const r = await runCli(['user', 'add', '--data', dataDir, '--username', username, '--role', role, '--name', username.toUpperCase()], {}, 60_000, `${password}\n`);
  if (r.code !== 0) throw new Error(`user add ${username} failed: ${r.stderr}`);
  return password;
}

/** Logs the page's session in through the desk's login form (keyboard, as a person would). */
export async function deskLogin(page: Page, username: string, password = `${username}-rahasia-1`): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-password').press('Enter');
  await expect(page.getByTestId('desk-user')).toBeVisible();
}

/**
 * This device as a desk with `username` at it, as the specs set it up: `anjungan user add` for an
 * admin and for `username` (as `role`), the admin (through the page's session) makes the device a
 * desk (settings role operator, plus `settings`), logs out on the desk, and `username` logs in.
 * The page is already on the host's page (kiosk mode).
 */
export async function deskAs(page: Page, dataDir: string, username: string, opts: { role?: 'operator' | 'verifier' | 'signatory'; settings?: Record<string, unknown> } = {}): Promise<void> {
  await addUser(dataDir, 'admin', 'admin');
  await addUser(dataDir, username, opts.role ?? 'operator');
  expect((await invoke(page, 'auth:login', { username: 'admin', password: 'admin-rahasia-1' })).ok).toBe(true);
  const set = await invoke(page, 'settings:update', { role: 'operator', ...opts.settings });
  expect(set.ok, JSON.stringify(set.error)).toBe(true);
  await page.getByTestId('desk-logout').click();
  await deskLogin(page, username);
}

export function freshDataDir(): { dir: string; cleanup: () => void } {
  return tempDir('anjungan-e2e-');
}

/** Runs a host on a fresh data folder around each test of the calling spec file (`args()`: extra `anjungan start` options). */
export function hostPerTest(args: () => string[] = () => []): { readonly current: RunningHost } {
  let data: ReturnType<typeof freshDataDir> | undefined;
  let host: RunningHost | undefined;
  test.beforeEach(async () => {
    data = freshDataDir();
    host = await startHost(data.dir, args());
  });
  test.afterEach(async () => {
    await host?.stop();
    data?.cleanup();
  });
  return {
    get current(): RunningHost {
      if (!host) throw new Error('hostPerTest: no host outside a test');
      return host;
    },
  };
}

/**
 * One host on a fresh data folder for all the tests of the calling spec file: for specs that only
 * look (each test leaves the store as it found it), so a host start is not paid per test.
 */
export function hostPerFile(args: () => string[] = () => []): { readonly current: RunningHost } {
  let data: ReturnType<typeof freshDataDir> | undefined;
  let host: RunningHost | undefined;
  test.beforeAll(async () => {
    data = freshDataDir();
    host = await startHost(data.dir, args());
  });
  test.afterAll(async () => {
    await host?.stop();
    data?.cleanup();
  });
  return {
    get current(): RunningHost {
      if (!host) throw new Error('hostPerFile: no host outside the file');
      return host;
    },
  };
}

export function screenshotPath(name: string): string {
  mkdirSync(join(OUTPUT_DIR, 'screens'), { recursive: true });
  return join(OUTPUT_DIR, 'screens', `${name}.png`);
}
