import { request as httpRequest } from 'node:http';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { apiCalls, CALL_NAMES } from '../../../shared/api/contract.js';
import { createCore, type Core } from '../../../main/core/core.js';
import { startHost, type Host } from '../../../main/host/server.js';
import { createLogger } from '../../../main/log.js';
import { tempDir } from '../../helpers/tmp.js';

const quiet = createLogger('test', () => {});
/** The built renderer of this checkout (npm run build; `npm test` builds before the unit tests). */
const RENDERER_DIR = resolve(import.meta.dirname, '..', '..', '..', 'dist', 'renderer');

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(port: number, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((done, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** The waiting-room display's page: its own address, its own session, numbers only. */
describe('the waiting-room display page on the host', () => {
  let tmp: ReturnType<typeof tempDir>;
  let core: Core;
  let host: Host;
  let cookie: string;
  let token: string;
  const origin = () => `http://127.0.0.1:${host.port}`;
  const invoke = async (name: string, body: unknown = {}) =>
    JSON.parse(
      (
        await send(host.port, `/api/invoke/${name}`, {
          method: 'POST',
          headers: { cookie, 'x-anjungan-token': token, 'x-anjungan-client': '1', 'content-type': 'application/json', origin: origin() },
          body: JSON.stringify(body),
        })
      ).body,
    ) as { ok: boolean; error?: { code: string } };

  beforeAll(async () => {
    tmp = tempDir();
    core = await createCore({ dataDir: tmp.dir, shell: 'host', log: quiet });
    host = await startHost({ core, port: 0, rendererDir: RENDERER_DIR, log: quiet });
    const url = new URL(host.urlFor('display'));
    expect(url.pathname).toBe('/display.html');
    expect(url.searchParams.get('mode')).toBe('display');
    const exchange = await send(host.port, `${url.pathname}${url.search}`);
    expect(exchange.status).toBe(303);
    cookie = String(exchange.headers['set-cookie']).split(';')[0]!;
    const location = String(exchange.headers['location']);
    // The key is gone from the address; the page stays the display, its token in the fragment.
    expect(location).toMatch(/^\/display\.html\?mode=display#t=[A-Za-z0-9_-]{20,}$/);
    token = location.split('#t=')[1]!;
  });
  afterAll(async () => {
    await host.close();
    await core.close();
    tmp.cleanup();
  });

  it('serves its own page of the built renderer, never cached', async () => {
    const page = await send(host.port, '/display.html?mode=display', { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('<title>Antrean');
    // Not the app's page: the display loads none of the kiosk's or desk's screens.
    const app = await send(host.port, '/', { headers: { cookie } });
    expect(page.body).not.toBe(app.body);
  });

  it('is refused every call that is neither open nor the display\'s: no resident, no desk data', async () => {
    let refused = 0;
    for (const name of CALL_NAMES) {
      const access = apiCalls[name].access as readonly string[];
      if (access.includes('open') || access.includes('display')) continue;
      const r = await invoke(name);
      expect(r, name).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      refused++;
    }
    expect(refused).toBeGreaterThan(30);
    // Not a resident either: a kiosk page's own calls are refused too.
    expect(await invoke('queue:take', { group: 'general' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await invoke('queue:board')).error?.code).not.toBe('forbidden');
  });

  it('its event stream carries the queue but never a card read', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, [`anjungan.${token}`], { headers: { origin: origin(), cookie } });
    await new Promise((done, reject) => {
      ws.on('open', done);
      ws.on('error', reject);
    });
    const frames: string[] = [];
    ws.on('message', (d) => frames.push(String(d)));
    core.events.emit('card:read', { biodata: { nik: '3604051208850001', nama: 'AHMAD SUHENDRA', alamat: 'KP. KRAMAT' }, source: 'sim' });
    const board = { day: '2026-12-02', counters: [], lastCalls: [], waiting: [], runningText: '', updatedAt: new Date().toISOString() };
    core.events.emit('queue:changed', { reason: 'counters', board });
    await expect.poll(() => frames.length).toBe(1);
    expect(JSON.parse(frames[0]!)).toMatchObject({ event: 'queue:changed' });
    expect(frames.join('')).not.toContain('AHMAD');
    ws.close();
  });
});
