import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCore, type Core } from '../../../main/core/core.js';
import { invokeOrThrow } from '../../../main/core/dispatcher.js';
import { runCli } from '../../helpers/cli.js';
import { testRequest } from '../../helpers/requests.js';
import { tempDir } from '../../helpers/tmp.js';
import { deadUrl, quiet } from './harness.js';


describe('the office names its links in the settings (issue 12 §3)', () => {
  let core: Core | undefined;
  let tmp: ReturnType<typeof tempDir>;
  afterEach(async () => {
    await core?.close();
    tmp?.cleanup();
  });

  it('the pump reads them on its next pass: a switched-off LAN hub is passed over, sync:status names each link', async () => {
    tmp = tempDir();
    core = await createCore({ dataDir: tmp.dir, shell: 'host', log: quiet, watchCatalogue: false, sync: { upstream: null, embeddedHub: true, debounceMs: 10 } });
    const hub = core.services.sync.hubUrl!;
    // The first pass (enrolment, on the embedded hub as 'hub') is over before the links are named.
    await invokeOrThrow(core.dispatcher, 'sync:now', {});
    const links = [
      { name: 'lan', url: await deadUrl(), dailyBudgetBytes: null, windows: [] },
      { name: 'kecamatan', url: hub, dailyBudgetBytes: 50 * 1024 * 1024, windows: [] },
    ];
    await invokeOrThrow(core.dispatcher, 'settings:update', { syncLinks: links });
    await invokeOrThrow(core.dispatcher, 'kiosk:submit', testRequest('surat-domisili'));
    await vi.waitFor(async () => expect((await invokeOrThrow(core!.dispatcher, 'sync:status', {})).backlog).toBe(0), { timeout: 15_000, interval: 50 });
    const s = await invokeOrThrow(core.dispatcher, 'sync:status', {});
    expect(s.links.map((l) => l.name)).toEqual(['lan', 'kecamatan']);
    expect(s.links[0]!.state).toBe('down');
    expect(s.links[1]).toMatchObject({ dailyBudgetBytes: 50 * 1024 * 1024 });
    expect(s.links[1]!.usedToday).toBeGreaterThan(0);
    expect(s.etaSeconds).toBe(0);
  });

  it('refuses a bad link list and keeps the one stored', async () => {
    tmp = tempDir();
    core = await createCore({ dataDir: tmp.dir, shell: 'host', log: quiet, watchCatalogue: false, sync: { upstream: null, embeddedHub: false } });
    const good = [{ name: 'vsat', url: 'http://10.8.0.1:4790', dailyBudgetBytes: null, windows: ['18:00-20:00'] }];
    await invokeOrThrow(core.dispatcher, 'settings:update', { syncLinks: good });
    for (const bad of [
      [{ name: 'x', url: 'ftp://a', dailyBudgetBytes: null, windows: [] }],
      [{ name: 'x', url: 'http://a', dailyBudgetBytes: null, windows: ['18-20'] }],
      [...good, ...good],
    ]) {
      const r = await core.dispatcher.invoke('settings:update', { syncLinks: bad }, { transport: 'internal' });
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    }
    expect(core.services.settings.get().syncLinks).toEqual(good);
  });

  it('anjungan start --link: a bad link is a usage error (exit 2) naming it, in English', async () => {
    tmp = tempDir();
    for (const [spec, why] of [
      ['vsat', /link "vsat": expected NAME=URL/],
      ['vsat=http://10.8.0.1:4790,window=18:00', /link "vsat": windows.0: a time window such as 18:00-20:00/],
      ['vsat=http://10.8.0.1:4790,budget=5 bananas', /budget "5 bananas" is not a size/],
    ] as const) {
      const r = await runCli(['start', '--data', tmp.dir, '--port', '0', '--link', spec]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(why);
    }
  });
});
