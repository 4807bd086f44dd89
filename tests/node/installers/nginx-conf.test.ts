import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
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
});
