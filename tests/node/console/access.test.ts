import { describe, expect, it } from 'vitest';
import { CONSOLE_ACCESS, type ConsoleRoute } from '../../../shared/console/api.js';
import { HUB_ROLES, type HubRole } from '../../../shared/domain/hub-workflow.js';
import { BACKENDS } from '../hub/backends.js';
import { hubEach } from '../hub/seed.js';
import { Browser } from './browser.js';

/** One request for every console route (the type makes a new route need one here). Logout comes last: it ends the session. */
const SAMPLES: Record<Exclude<ConsoleRoute, 'login'>, ['GET' | 'POST', string, unknown?]> = {
  me: ['GET', '/me'],
  inbox: ['GET', '/inbox'],
  detail: ['GET', '/submissions/nope'],
  attachment: ['GET', '/submissions/nope/attachment'],
  move: ['POST', '/moves', { ids: ['nope'], move: 'accept' }],
  devices: ['GET', '/devices'],
  'device.revoke': ['POST', '/devices/nope/revoke', {}],
  'device.rename': ['POST', '/devices/nope/rename', { label: 'Kios' }],
  'enrolment.issue': ['POST', '/enrolment-codes', {}],
  'catalogue.list': ['GET', '/catalogue'],
  'catalogue.publish': ['POST', '/catalogue', { document: { services: [] } }],
  'catalogue.rollback': ['POST', '/catalogue/rollback', { version: 99 }],
  'users.list': ['GET', '/users'],
  'users.add': ['POST', '/users', { username: '', password: '', role: 'officer' }],
  audit: ['GET', '/audit'],
  complaints: ['GET', '/complaints'],
  'complaint.move': ['POST', '/complaints/nope/move', { move: 'verify' }],
  escalations: ['GET', '/escalations'],
  dashboard: ['GET', '/dashboard?dim=agency&from=2026-01-01&to=2026-01-31'],
  agencies: ['GET', '/agencies'],
  logout: ['POST', '/logout', {}],
};

for (const backend of BACKENDS) {
  describe(`console access, every route × every role (${backend.name})`, () => {
    const hubs = hubEach(backend);

    it('refuses without a session (401), without the CSRF token on a change (403 csrf), and a role the route does not allow (403 forbidden), on the server', async () => {
      const { store, hub } = await hubs.start((await hubs.fresh()).target, { enrolment: 'code' });
      const routes = Object.entries(SAMPLES) as [Exclude<ConsoleRoute, 'login'>, ['GET' | 'POST', string, unknown?]][];
      const anon = new Browser(hub.url);
      for (const [route, [method, path, body]] of routes) expect((await anon.call(method, path, body)).status, `${route} without a session`).toBe(401);

      const seen: string[] = [];
      for (const role of HUB_ROLES) {
        await store.console.accounts.addUser(`u-${role}`, role, role === 'admin' ? null : 'dukcapil', `rahasia-${role}-1`, 'test');
        const b = new Browser(hub.url);
        expect((await b.login(`u-${role}`, `rahasia-${role}-1`)).status).toBe(200);
        for (const [route, [method, path, body]] of routes) {
          const allowed = (CONSOLE_ACCESS[route] as readonly HubRole[]).includes(role);
          if (method === 'POST') {
            const noCsrf = await b.call(method, path, body, { csrf: null });
            expect([noCsrf.status, (noCsrf.json['error'] as { code: string }).code], `${role} ${route} without CSRF`).toEqual([403, 'csrf']);
          }
          const r = await b.call(method, path, body);
          const code = (r.json['error'] as { code?: string } | undefined)?.code ?? null;
          if (allowed) {
            expect([401, 403], `${role} may use ${route}: ${r.status} ${code}`).not.toContain(r.status);
            expect(r.status, `${role} ${route}: ${code}`).toBeLessThan(500);
          }
          else expect([r.status, code], `${role} may not use ${route}`).toEqual([403, 'forbidden']);
          seen.push(`${role} ${route} ${allowed ? 'ok' : 'no'}`);
        }
      }
      expect(seen).toHaveLength(HUB_ROLES.length * routes.length);
      // The admin-only routes really are refused to agency staff (not only declared so).
      expect(seen).toContain('officer devices no');
      expect(seen).toContain('head escalations ok');
      expect(seen).toContain('officer escalations no');
      expect(seen).toContain('admin move no');
    }, 120_000);
  });
}
