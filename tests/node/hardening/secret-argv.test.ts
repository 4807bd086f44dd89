import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { redactArgv } from '../../../main/cli/argv-redact.js';
import { killAll, run, waitForLine } from '../faults/processes.js';
import { BACKENDS, PG_URL } from '../hub/backends.js';

afterAll(killAll);

const cmdline = (pid: number): string => readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0+/g, ' ');

describe('secrets on the command line are hidden from other users (issue 14, defect 1)', () => {
  it('redactArgv hides a URL password and a --webhook-secret in both flag forms, and leaves the rest', () => {
    expect(redactArgv(['hub', 'serve', '--db', 'postgres://hub:s3cret@db.lan:5432/hub'])).toEqual(['hub', 'serve', '--db', 'postgres://hub:***@db.lan:5432/hub']);
    expect(redactArgv(['--db=postgresql://hub:s3cret@db/hub?schema=a'])).toEqual(['--db=postgresql://hub:***@db/hub?schema=a']);
    expect(redactArgv(['--db', 'postgres://hub:s3cret@db/hub?schema=a'])).toEqual(['--db', 'postgres://hub:***@db/hub?schema=a']);
    expect(redactArgv(['--webhook-secret', 'abc', '--webhook-secret=def'])).toEqual(['--webhook-secret', '***', '--webhook-secret=***']);
    expect(redactArgv(['hub', 'serve', '--db', 'postgres://hub@db/hub', '--port', '0'])).toBeNull();
    expect(redactArgv(['sync', '--upstream', 'http://10.0.0.2:4790'])).toBeNull();
  });

  it('a running hub serve shows neither the database password nor the webhook secret in /proc/PID/cmdline, and warns', { timeout: 60_000 }, async () => {
    const pg = BACKENDS.find((b) => b.name === 'postgres');
    expect(pg, 'PostgreSQL (ANJUNGAN_TEST_PG) is needed for this test').toBeDefined();
    const f = await pg!.fresh();
    const password = decodeURIComponent(new URL(PG_URL!).password);
    expect(password.length).toBeGreaterThan(0);
    try {
      const secret = 'webhook-geheim-7f3a';
      const proc = run(['hub', 'serve', '--port', '0', '--db', f.target, '--webhook', 'http://127.0.0.1:9/hook', '--webhook-secret', secret], { ANJUNGAN_LOG: 'info' });
      let err = '';
      proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      await waitForLine(proc, /listening on (http:\/\/\S+)/, 'hub');
      const shown = cmdline(proc.pid!);
      expect(shown).toContain('hub serve');
      expect(shown).toContain(':***@');
      expect(shown).not.toContain(`:${password}@`);
      expect(shown).not.toContain(secret);
      expect(err).toContain('put the URL in $ANJUNGAN_HUB_DB');
      expect(err).toContain('$ANJUNGAN_WEBHOOK_SECRET');
      proc.kill('SIGTERM');
      // The way the help recommends: the URL and the secret in the environment, nothing in argv.
      const quiet = run(['hub', 'serve', '--port', '0'], { ANJUNGAN_HUB_DB: f.target, ANJUNGAN_WEBHOOK_SECRET: secret, ANJUNGAN_LOG: 'info' });
      let err2 = '';
      quiet.stderr!.on('data', (d: Buffer) => (err2 += d.toString()));
      await waitForLine(quiet, /listening on (http:\/\/\S+)/, 'hub');
      expect(cmdline(quiet.pid!)).not.toContain('postgres');
      expect(err2).toContain('"backend":"postgres"');
      expect(err2).not.toContain('ANJUNGAN_HUB_DB instead');
      quiet.kill('SIGTERM');
    } finally {
      await f.cleanup();
    }
  });
});
