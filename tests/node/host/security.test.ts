import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createCore, type Core } from '../../../main/core/core.js';
import { startHost, type Host } from '../../../main/host/server.js';
import { createLogger } from '../../../main/log.js';
import { RENDERER_DIR } from '../../../main/paths.js';
import { testRequest } from '../../helpers/requests.js';
import { tempDir } from '../../helpers/tmp.js';

const quiet = createLogger('test', () => {});

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

describe('headless host security', () => {
  let tmp: ReturnType<typeof tempDir>;
  let core: Core;
  let host: Host;
  let cookie: string;
  let token: string;
  const origin = () => `http://127.0.0.1:${host.port}`;
  const apiHeaders = (extra: Record<string, string> = {}) => ({
    cookie,
    'x-anjungan-token': token,
    'x-anjungan-client': '1',
    'content-type': 'application/json',
    origin: origin(),
    ...extra,
  });

  beforeAll(async () => {
    tmp = tempDir();
    core = await createCore({ dataDir: tmp.dir, shell: 'host', log: quiet });
    host = await startHost({ core, port: 0, rendererDir: RENDERER_DIR, log: quiet });
    const key = new URL(host.url).searchParams.get('key')!;
    const exchange = await send(host.port, `/?key=${encodeURIComponent(key)}`);
    expect(exchange.status).toBe(303);
    const setCookie = String(exchange.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    cookie = setCookie.split(';')[0]!;
    // The page token comes in the fragment of the redirect: never in a cookie, never sent to a server.
    const location = String(exchange.headers['location']);
    expect(location).toMatch(/#t=[A-Za-z0-9_-]{20,}$/);
    token = location.split('#t=')[1]!;
  });
  afterAll(async () => {
    await host.close();
    await core.close();
    tmp.cleanup();
  });

  it('answers an API call from the page that holds the session', async () => {
    const r = await send(host.port, '/api/invoke/app:info', { method: 'POST', headers: apiHeaders(), body: '{}' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { name: 'Anjungan', shell: 'host' } });
  });

  it('refuses a request without the session, with a wrong session, without the client header, or from another origin', async () => {
    const cases: Record<string, string>[] = [
      { 'x-anjungan-client': '1' },
      { cookie: cookie.replace(/=.*/, '=wrong'), 'x-anjungan-client': '1' },
      { cookie },
      { ...apiHeaders(), origin: 'http://evil.example' },
      { ...apiHeaders(), origin: 'null' },
      // What another program on 127.0.0.1 could see: the cookie (browsers send it to every port), but not the page token.
      { cookie, 'x-anjungan-client': '1', 'content-type': 'application/json', origin: origin() },
      { ...apiHeaders(), 'x-anjungan-token': 'guessed-token-guessed-token-guessed' },
    ];
    for (const headers of cases) {
      const r = await send(host.port, '/api/invoke/app:info', { method: 'POST', headers, body: '{}' });
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
  });

  it('refuses a wrong key at the door and a foreign Host header (DNS rebinding)', async () => {
    expect((await send(host.port, '/?key=guess')).status).toBe(403);
    const r = await send(host.port, '/api/invoke/app:info', { method: 'POST', headers: apiHeaders({ host: `evil.example:${host.port}` }), body: '{}' });
    expect(r.status).toBe(421);
  });

  it('answers bad bodies with invalid_request and stores nothing', async () => {
    const notJson = await send(host.port, '/api/invoke/kiosk:submit', { method: 'POST', headers: apiHeaders(), body: '{oops' });
    expect(JSON.parse(notJson.body)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const invalid = await send(host.port, '/api/invoke/kiosk:submit', {
      method: 'POST',
      headers: apiHeaders(),
      body: JSON.stringify({ id: 'x', serviceId: 'BAD ID', serviceVersion: 0, payload: [] }),
    });
    expect(JSON.parse(invalid.body)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    // Issue 14, defect 7: an oversized body gets its 413 answer, not a dropped connection.
    const huge = await send(host.port, '/api/invoke/kiosk:submit', { method: 'POST', headers: apiHeaders(), body: 'x'.repeat(2_000_000) });
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(core.services.store.submissions.count()).toBe(0);
  });

  it('streams events only to the page that holds the session', async () => {
    const refused = await new Promise<string>((done) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, { headers: { origin: origin() } });
      ws.on('open', () => done('open'));
      ws.on('error', () => done('refused'));
    });
    expect(refused).toBe('refused');

    const cookieOnly = await new Promise<string>((done) => {
      const w = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, { headers: { origin: origin(), cookie } });
      w.on('open', () => done('open'));
      w.on('error', () => done('refused'));
    });
    expect(cookieOnly).toBe('refused');

    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, [`anjungan.${token}`], { headers: { origin: origin(), cookie } });
    await new Promise((done, reject) => {
      ws.on('open', done);
      ws.on('error', reject);
    });
    const got = new Promise<{ event: string; payload: { id: string } }>((done) => ws.once('message', (d) => done(JSON.parse(String(d)))));
    const id = randomUUID();
    await send(host.port, '/api/invoke/kiosk:submit', {
      method: 'POST',
      headers: apiHeaders(),
      body: JSON.stringify(testRequest('sktm', { id })),
    });
    expect(await got).toEqual({ event: 'submissions:changed', payload: { id } });
    ws.close();
  });

  it('a kiosk page (a resident) is refused every desk call, and never reaches a past visit\'s submission', async () => {
    const call = (name: string, body: unknown, t = token) =>
      send(host.port, `/api/invoke/${name}`, { method: 'POST', headers: apiHeaders({ 'x-anjungan-token': t }), body: JSON.stringify(body) });
    for (const name of ['submissions:list', 'submissions:get', 'settings:update', 'print:jobs', 'users:list', 'audit:list', 'sync:now']) {
      const r = JSON.parse((await call(name, {})).body);
      expect(r, name).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    // Another visit's submission is out of reach, even by its id.
    const other = testRequest('sku');
    expect(JSON.parse((await call('kiosk:submit', other)).body).ok).toBe(true);
    expect(JSON.parse((await call('kiosk:receipt', { submissionId: other.id })).body).ok).toBe(true);
    expect(JSON.parse((await call('kiosk:end-session', {})).body).ok).toBe(true);
    expect(JSON.parse((await call('kiosk:receipt', { submissionId: other.id })).body)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(JSON.parse((await call('print:receipt', { submissionId: other.id })).body)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('listens on 127.0.0.1 only: no other address reaches it', async () => {
    const others = ['127.0.0.2', ...Object.values(networkInterfaces()).flat().filter((a) => a && !a.internal).map((a) => a!.address)];
    for (const address of others) {
      const outcome = await new Promise<string>((done) => {
        const s = connect({ host: address, port: host.port, timeout: 2000 });
        s.on('connect', () => {
          s.destroy();
          done('connected');
        });
        s.on('error', (e: NodeJS.ErrnoException) => done(e.code ?? 'error'));
        s.on('timeout', () => {
          s.destroy();
          done('timeout');
        });
      });
      expect(outcome, `address ${address}`).not.toBe('connected');
    }
  });
});
