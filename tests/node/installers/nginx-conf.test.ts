import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { createServer, connect } from 'node:net';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openHubStore } from '../../../main/hub/open.js';
import { startHubServer } from '../../../main/hub/server.js';
import { createLogger } from '../../../main/log.js';
import { tempDir } from '../../helpers/tmp.js';

const CONF = resolve(import.meta.dirname, '..', '..', '..', 'installers', 'hub-tls', 'nginx.conf');

/**
 * installers/hub-tls/nginx.conf as shipped, checked by Debian's own nginx (`nginx -t`, .ci/setup
 * installs it): inside an http { } block as conf.d puts it, with a throwaway certificate where
 * certbot would put the real one. Nothing is bound: -t only parses and loads.
 */
describe('installers/hub-tls/nginx.conf', () => {
  it('passes nginx -t, and proxies to the hub on loopback with the headers the hub trusts', () => {
    const tmp = tempDir('anjungan-nginx-');
    try {
      const cert = join(tmp.dir, 'fullchain.pem');
      const key = join(tmp.dir, 'privkey.pem');
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ed25519', '-nodes', '-days', '1', '-subj', '/CN=hub.serangkab.go.id', '-keyout', key, '-out', cert], { stdio: 'ignore' });
      const shipped = readFileSync(CONF, 'utf8');
      expect(shipped).toContain('proxy_pass http://127.0.0.1:4790');
      expect(shipped).toMatch(/proxy_set_header X-Forwarded-Proto https;/);
      expect(shipped).toMatch(/proxy_request_buffering off;/);
      const site = shipped.replace('/etc/letsencrypt/live/hub.serangkab.go.id/fullchain.pem', cert).replace('/etc/letsencrypt/live/hub.serangkab.go.id/privkey.pem', key);
      expect(site).not.toContain('/etc/letsencrypt');
      writeFileSync(join(tmp.dir, 'anjungan-hub.conf'), site);
      const main = `pid ${join(tmp.dir, 'nginx.pid')};
error_log ${join(tmp.dir, 'error.log')};
events {}
http {
  access_log off;
  client_body_temp_path ${tmp.dir}/body; proxy_temp_path ${tmp.dir}/proxy; fastcgi_temp_path ${tmp.dir}/fcgi; uwsgi_temp_path ${tmp.dir}/uwsgi; scgi_temp_path ${tmp.dir}/scgi;
  include ${join(tmp.dir, 'anjungan-hub.conf')};
}
`;
      writeFileSync(join(tmp.dir, 'nginx.conf'), main);
      const r = spawnSync('nginx', ['-t', '-p', tmp.dir, '-c', join(tmp.dir, 'nginx.conf'), '-e', join(tmp.dir, 'error.log')], { encoding: 'utf8' });
      expect(r.error, 'nginx is not installed (.ci/setup installs it)').toBeUndefined();
      expect(r.stderr).toContain('syntax is ok');
      expect(r.stderr).toContain('test is successful');
      expect(r.status).toBe(0);
    } finally {
      tmp.cleanup();
    }
  });

  it('works: nginx with this file serves the console over TLS to the hub on loopback, the session cookie comes back Secure, plain HTTP is sent to https', async () => {
    const tmp = tempDir('anjungan-nginx-run-');
    const store = await openHubStore(join(tmp.dir, 'hub.sqlite'));
    const hub = await startHubServer({ store, port: 0, log: createLogger('test', () => {}), enrolment: 'code' });
    let nginx: ReturnType<typeof spawn> | undefined;
    try {
      await store.console.accounts.addUser('kominfo', 'admin', null, 'rahasia-kominfo-1', 'test');
      const cert = join(tmp.dir, 'fullchain.pem');
      const key = join(tmp.dir, 'privkey.pem');
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ed25519', '-nodes', '-days', '1', '-subj', '/CN=hub.serangkab.go.id', '-keyout', key, '-out', cert], { stdio: 'ignore' });
      const [plain, tls] = [await freePort(), await freePort()];
      // The shipped file, with only what a test machine must change: the certificate's place, free ports on loopback, the hub's test port.
      const site = readFileSync(CONF, 'utf8')
        .replace('/etc/letsencrypt/live/hub.serangkab.go.id/fullchain.pem', cert)
        .replace('/etc/letsencrypt/live/hub.serangkab.go.id/privkey.pem', key)
        .replace('listen 80;', `listen 127.0.0.1:${plain};`)
        .replace('listen 443 ssl http2;', `listen 127.0.0.1:${tls} ssl http2;`)
        .replace(/^\s*listen \[::\]:\d+.*$/gm, '')
        .replace('proxy_pass http://127.0.0.1:4790;', `proxy_pass http://127.0.0.1:${new URL(hub.url).port};`);
      writeFileSync(join(tmp.dir, 'anjungan-hub.conf'), site);
      writeFileSync(
        join(tmp.dir, 'nginx.conf'),
        `daemon off; master_process off; pid ${join(tmp.dir, 'nginx.pid')}; error_log ${join(tmp.dir, 'error.log')};
events {}
http {
  access_log off;
  client_body_temp_path ${tmp.dir}/body; proxy_temp_path ${tmp.dir}/proxy; fastcgi_temp_path ${tmp.dir}/fcgi; uwsgi_temp_path ${tmp.dir}/uwsgi; scgi_temp_path ${tmp.dir}/scgi;
  include ${join(tmp.dir, 'anjungan-hub.conf')};
}
`,
      );
      nginx = spawn('nginx', ['-p', tmp.dir, '-c', join(tmp.dir, 'nginx.conf'), '-e', join(tmp.dir, 'error.log')], { stdio: 'ignore' });
      await listening(tls);

      const login = await https(tls, 'POST', '/console/api/login', JSON.stringify({ username: 'kominfo', password: 'rahasia-kominfo-1' }));
      expect(login.status).toBe(200);
      expect(login.headers['set-cookie']?.[0]).toMatch(/HttpOnly.*SameSite=Strict.*; Secure/);
      expect(JSON.parse(login.body)).toMatchObject({ user: { username: 'kominfo', role: 'admin' } });
      const page = await https(tls, 'GET', '/console/');
      expect(page.headers['strict-transport-security']).toBe('max-age=31536000');
      const redirect = await new Promise<IncomingMessage>((done, fail) => httpRequest({ host: '127.0.0.1', port: plain, path: '/console/', headers: { host: 'hub.serangkab.go.id' } }, done).on('error', fail).end());
      redirect.resume();
      expect(redirect.statusCode).toBe(301);
      expect(redirect.headers.location).toBe('https://hub.serangkab.go.id/console/');
      // The same login straight to the hub, not through TLS: no Secure flag.
      const direct = await fetch(`${hub.url}/console/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'kominfo', password: 'rahasia-kominfo-1' }) });
      expect(direct.headers.get('set-cookie')).not.toMatch(/Secure/);
    } finally {
      nginx?.kill('SIGTERM');
      await hub.close();
      await store.close();
      tmp.cleanup();
    }
  }, 60_000);
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
  const port = (s.address() as { port: number }).port;
  await new Promise((done) => s.close(done));
  return port;
}

async function listening(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((done) => {
      const c = connect(port, '127.0.0.1', () => (c.end(), done(true)));
      c.on('error', () => done(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nginx did not listen on ${port}`);
}

/** One HTTPS request to nginx on loopback (the test's self-signed certificate is not checked). */
function https(port: number, method: string, path: string, body?: string): Promise<{ status: number; headers: Record<string, string[] | string | undefined> & { 'set-cookie'?: string[] }; body: string }> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, method, path, servername: 'hub.serangkab.go.id', rejectUnauthorized: false, headers: { host: 'hub.serangkab.go.id', ...(body ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
    });
    req.on('error', fail);
    req.end(body);
  });
}
