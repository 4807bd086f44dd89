import { expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { LAUNCHER, OUTPUT_DIR } from './host.js';

/** The console e2e tests' hub: `anjungan hub serve`, on PostgreSQL when ANJUNGAN_TEST_PG is set. */
export const PG_URL = process.env['ANJUNGAN_TEST_PG'] ?? null;

/** Where a test's hub keeps its data: a fresh PostgreSQL schema when ANJUNGAN_TEST_PG is set, else a SQLite file in DIR; `dropSchema` removes the schema. */
export function hubTarget(dir: string): { target: string; dropSchema: () => Promise<void> } {
  if (!PG_URL) return { target: join(dir, 'hub.sqlite'), dropSchema: async () => {} };
  const schema = `e2e_${randomBytes(5).toString('hex')}`;
  const u = new URL(PG_URL);
  u.searchParams.set('schema', schema);
  return {
    target: u.toString(),
    dropSchema: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

export function shot(name: string): string {
  mkdirSync(join(OUTPUT_DIR, 'console'), { recursive: true });
  return join(OUTPUT_DIR, 'console', `${name}.png`);
}

/** `anjungan hub serve` on TARGET (PostgreSQL when ANJUNGAN_TEST_PG is set), its URL once it listens. */
export async function startHub(target: string): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [LAUNCHER, 'hub', 'serve', '--port', '0', '--db', target], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ANJUNGAN_ENROLMENT: 'open' } });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`hub did not start:\n${err}`)), 30_000);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        done(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`hub exited ${code}:\n${err}`));
    });
  });
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

export async function login(page: Page, hubUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${hubUrl}/console/`);
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await expect(page.getByRole('button', { name: 'Keluar' })).toBeVisible();
}

