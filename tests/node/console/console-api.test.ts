import { describe, expect, it } from 'vitest';
import { CONSOLE_API } from '../../../shared/console/api.js';
import { Browser, rawSql } from './browser.js';
import { BACKENDS } from '../hub/backends.js';
import { addStaff, catalogueService, hubEach, loggedIn, rigEach, submission } from '../hub/seed.js';
import { runCli } from '../../helpers/cli.js';
import type { CatalogueDocument } from '../../../shared/sync/protocol.js';

const sku = catalogueService('sku');
const ktp = catalogueService('ktp-el-baru');
const line = (serviceId: string) => submission(serviceId).line;

for (const backend of BACKENDS) {
  describe(`console API (${backend.name})`, () => {
    const rigs = rigEach(backend);
    const hubs = hubEach(backend);

    it('logs in with a cookie, checks CSRF and roles, works the inbox, and the move reaches the kiosk', async () => {
      const r = await rigs();
      await addStaff(r, [['admin', 'admin', null], ['budi', 'officer', 'dukcapil'], ['sari', 'officer', 'dinsos']]);
      const ktp = line('ktp-el-baru');
      const sktm = line('dtks');
      r.importLines([ktp, sktm]);
      const engine = r.engine();
      await engine.runOnce();
      const ktpId = (JSON.parse(ktp) as { id: string }).id;

      const anon = new Browser(r.hub.url);
      expect((await anon.call('GET', '/inbox')).status).toBe(401);

      const budi = new Browser(r.hub.url);
      const bad = await budi.login('budi', 'salah-sekali');
      expect(bad.status).toBe(401);
      const ok = await budi.login('budi', 'rahasia-budi-1');
      expect(ok.status).toBe(200);
      expect(ok.setCookie).toMatch(/HttpOnly/);
      expect(ok.setCookie).toMatch(/SameSite=Strict/);
      expect(ok.setCookie).not.toMatch(/Secure/);

      // Only the agency's own services.
      const inbox = await budi.call('GET', '/inbox');
      expect(inbox.status).toBe(200);
      const items = inbox.json['items'] as { id: string; serviceId: string; status: string }[];
      expect(items.map((i) => i.id)).toEqual([ktpId]);
      expect(items[0]!.status).toBe('sent');
      const sktmId = (JSON.parse(sktm) as { id: string }).id;
      expect((await budi.call('GET', `/submissions/${sktmId}`)).status).toBe(404);
      const filtered = await budi.call('GET', '/inbox?status=done');
      expect(filtered.json['total']).toBe(0);
      expect((await budi.call('GET', '/inbox?office=bogus')).status).toBe(400);

      const detail = await budi.call('GET', `/submissions/${ktpId}`);
      expect(detail.status).toBe(200);
      expect((detail.json['record'] as { payload: { nama: string } }).payload.nama).toBe('Siti Aminah');
      expect((detail.json['moves'] as { id: string }[]).map((m) => m.id)).toEqual(['accept', 'incomplete']);

      // A change without the CSRF token is refused, and nothing moves.
      expect((await budi.call('POST', '/moves', { ids: [ktpId], move: 'incomplete', note: 'Fotokopi KK' }, { csrf: null })).status).toBe(403);
      // A note is required for "perlu dilengkapi"; an officer may not reject; a move must start from the state.
      expect((await budi.call('POST', '/moves', { ids: [ktpId], move: 'incomplete', note: ' ' })).status).toBe(400);
      expect((await budi.call('POST', '/moves', { ids: [ktpId], move: 'reject', note: 'x' })).status).toBe(403);
      expect((await budi.call('POST', '/moves', { ids: [ktpId], move: 'finish', note: 'x' })).status).toBe(409);
      expect((await budi.call('POST', '/moves', { ids: [ktpId], move: 'incomplete', note: 'Fotokopi KK belum ada' })).status).toBe(200);

      // The kiosk's status stream carries it down.
      await engine.runOnce();
      expect(r.kiosk.submissions.history(ktpId).at(-1)).toMatchObject({ status: 'incomplete', note: 'Fotokopi KK belum ada', source: 'hub' });

      for (const [move, note] of [['resume', null], ['accept', null], ['verify', null]] as const) {
        const res = await budi.call('POST', '/moves', { ids: [ktpId], move, note });
        // resume leads back to 'accepted'; accept is then not possible; an officer may not verify.
        if (move === 'resume') expect(res.status).toBe(200);
        if (move === 'accept') expect(res.status).toBe(409);
        if (move === 'verify') expect(res.status).toBe(403);
      }
      // Another agency's officer cannot move it, nor see it.
      const sari = await loggedIn(r, 'sari');
      expect((await sari.call('POST', '/moves', { ids: [ktpId], move: 'incomplete', note: 'x' })).status).toBe(404);
      // An officer may not reach the admin's routes.
      expect((await budi.call('GET', '/devices')).status).toBe(403);

      // The admin revokes the kiosk: it is refused from then on.
      const admin = await loggedIn(r, 'admin');
      const devices = await admin.call('GET', '/devices');
      const list = devices.json['items'] as { deviceId: string; lastSeenAt: string | null; submissions: number }[];
      expect(list).toHaveLength(1);
      expect(list[0]!.lastSeenAt).not.toBeNull();
      expect(list[0]!.submissions).toBe(2);
      const code = await admin.call('POST', '/enrolment-codes', { label: 'Desa Baru' });
      expect(code.json['code']).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
      expect((await admin.call('POST', `/devices/${list[0]!.deviceId}/revoke`, {})).status).toBe(200);
      await expect(engine.runOnce()).rejects.toThrow(/revoked/);

      // Every view of personal data and every change is in the chained audit log.
      const audit = await admin.call('GET', '/audit');
      const actions = (audit.json['items'] as { action: string; actor: string }[]).map((a) => `${a.actor} ${a.action}`);
      expect(actions).toContain('officer:budi submission.view');
      expect(actions).toContain('officer:budi submission.incomplete');
      expect(actions).toContain('admin:admin device.revoke');
      expect(actions).toContain('officer:budi login.failed');
      expect(audit.json['chain']).toMatchObject({ ok: true });

      // Logout ends the session on the server.
      expect((await budi.call('POST', '/logout', {})).status).toBe(200);
      budi.cookie = ok.setCookie!.split(';')[0]!;
      expect((await budi.call('GET', '/me')).status).toBe(401);
    });

    it('publishes a validated catalogue version (errors by field), targeted to an office, with rollback; kiosks get it signed', async () => {
      const r = await rigs();
      await addStaff(r, [['admin', 'admin', null]]);
      const admin = await loggedIn(r, 'admin');
      const bad = await admin.call('POST', '/catalogue', { document: { services: [{ ...sku, id: 'sk-hub', title: '' }] } });
      expect(bad.status).toBe(400);
      expect((bad.json['error'] as { errors: string[] }).errors.join('\n')).toMatch(/field title/);
      expect((await admin.call('POST', '/catalogue', { document: { services: [] }, targets: ['nowhere'] })).status).toBe(400);

      const adopted: CatalogueDocument[] = [];
      const engine = r.engine({ onCatalogue: (d) => adopted.push(d) });
      const v1 = await admin.call('POST', '/catalogue', { document: { services: [{ ...sku, id: 'sk-hub', title: 'Satu' }] } });
      expect(v1.json).toEqual({ version: 1 });
      await engine.runOnce();
      expect(adopted.map((d) => d.version)).toEqual([1]);
      // A version for another kecamatan does not reach this kiosk (it published no letter key for that office).
      expect((await admin.call('POST', '/catalogue', { document: { services: [{ ...sku, id: 'sk-hub', title: 'Dua' }] }, targets: ['36.04.05'] })).json).toEqual({ version: 2 });
      await engine.runOnce();
      expect(adopted).toHaveLength(1);
      // Rolling back to 1 republishes it as 3, for all: kiosks only move forward.
      expect((await admin.call('POST', '/catalogue/rollback', { version: 1 })).json).toEqual({ version: 3 });
      await engine.runOnce();
      expect(adopted.map((d) => [d.version, (d.services[0] as { title: string }).title])).toEqual([
        [1, 'Satu'],
        [3, 'Satu'],
      ]);
      const list = await admin.call('GET', '/catalogue');
      expect((list.json['history'] as { version: number }[]).map((h) => h.version)).toEqual([3, 2, 1]);
    });

    it("works a request by its service's own workflow from the catalogue (no verification step; only the head of unit finishes)", async () => {
      const r = await rigs();
      await addStaff(r, [['admin', 'admin', null], ['budi', 'officer', 'dukcapil'], ['hana', 'head', 'dukcapil']]);
      const admin = await loggedIn(r, 'admin');
      const bad = await admin.call('POST', '/catalogue', { document: { services: [{ ...ktp, hubWorkflow: { roles: { finish: ['admin'] } } }] } });
      expect(bad.status).toBe(400);
      expect((bad.json['error'] as { errors: string[] }).errors.join('\n')).toMatch(/hubWorkflow/);
      const published = await admin.call('POST', '/catalogue', { document: { services: [{ ...ktp, hubWorkflow: { verification: false, roles: { finish: ['head'] } } }] } });
      expect(published.status).toBe(200);
      const input = line('ktp-el-baru');
      r.importLines([input]);
      const engine = r.engine();
      await engine.runOnce();
      const id = (JSON.parse(input) as { id: string }).id;
      const budi = await loggedIn(r, 'budi');
      expect((await budi.call('POST', '/moves', { ids: [id], move: 'accept' })).status).toBe(200);
      const detail = await budi.call('GET', `/submissions/${id}`);
      expect((detail.json['moves'] as { id: string }[]).map((m) => m.id)).toEqual(['incomplete', 'process']);
      const inbox = await budi.call('GET', '/inbox');
      expect((inbox.json['items'] as { allowedMoves: string[] }[])[0]!.allowedMoves).toEqual(['incomplete', 'process']);
      // The service has no verification: that move is refused, and diproses comes straight from diterima.
      expect((await budi.call('POST', '/moves', { ids: [id], move: 'verify' })).status).toBe(409);
      expect((await budi.call('POST', '/moves', { ids: [id], move: 'process' })).status).toBe(200);
      expect((await budi.call('POST', '/moves', { ids: [id], move: 'finish', note: 'Ambil di kantor Disdukcapil, Senin' })).status).toBe(403);
      const hana = await loggedIn(r, 'hana');
      expect((await hana.call('POST', '/moves', { ids: [id], move: 'finish', note: 'Ambil di kantor Disdukcapil, Senin' })).status).toBe(200);
      await engine.runOnce();
      expect(r.kiosk.submissions.history(id).at(-1)).toMatchObject({ status: 'done', source: 'hub' });
    });

    it('moves requests in bulk (all or none), and logs out a session left idle', async () => {
      const r = await rigs();
      await addStaff(r, [['budi', 'officer', 'dukcapil']]);
      const input = [line('ktp-el-baru'), line('ktp-el-baru'), line('kk-baru')];
      r.importLines(input);
      await r.engine().runOnce();
      const [a, b, c] = input.map((l) => (JSON.parse(l) as { id: string }).id) as [string, string, string];
      const budi = await loggedIn(r, 'budi');
      expect((await budi.call('POST', '/moves', { ids: [a], move: 'accept' })).status).toBe(200);
      // a is accepted, b and c are not: a mixed bulk is refused, and nothing of it is kept.
      const mixed = await budi.call('POST', '/moves', { ids: [b, a], move: 'incomplete', note: 'KK' });
      expect(mixed.status).toBe(409);
      expect((await budi.call('GET', `/submissions/${b}`)).json['status']).toBe('sent');
      const bulk = await budi.call('POST', '/moves', { ids: [b, c], move: 'accept' });
      expect(bulk.json).toEqual({ moved: [b, c], to: 'accepted' });
      expect((await budi.call('GET', '/inbox?status=accepted')).json['total']).toBe(3);

      // Idle for longer than the limit: the hub ends the session.
      await rawSql(r.target, "UPDATE hub_sessions SET last_seen_at = '2000-01-01T00:00:00.000Z'");
      expect((await budi.call('GET', '/me')).status).toBe(401);
      const audit = await r.store.console.auditRecent(5, 0);
      expect(audit.map((x) => x.action)).toContain('logout.idle');
    });

    it('locks an account after repeated failures, and the audit log refuses edits', async () => {
      const r = await rigs();
      await addStaff(r, [['budi', 'officer', 'dukcapil']]);
      const b = new Browser(r.hub.url);
      for (let i = 0; i < 4; i++) expect((await b.login('budi', `salah-${i}`)).status).toBe(401);
      const locked = await b.login('budi', 'salah-5');
      expect(locked.status).toBe(429);
      // Even the right password waits for the lock to pass.
      expect((await b.login('budi', 'rahasia-budi-1')).status).toBe(429);
      const chain = await r.store.console.verifyAudit();
      expect(chain).toMatchObject({ ok: true });
      expect(chain.rows).toBeGreaterThanOrEqual(7);
      // Append-only in the database itself, not only in the code.
      await expect(rawSql(r.target, "UPDATE hub_audit SET actor = 'x'")).rejects.toThrow(/append-only/);
      await expect(rawSql(r.target, 'DELETE FROM hub_audit')).rejects.toThrow(/append-only/);
    });

    it('adds the first admin with the CLI (password from stdin), and marks the cookie Secure behind a TLS proxy on loopback', async () => {
      const f = await hubs.fresh();
      const target = f.target;
      await (await f.open()).close(); // the schema exists before the CLI runs
      const res = await runCli(['hub', 'user', 'add', '--db', target, '--username', 'kominfo', '--role', 'admin'], {}, 60_000, 'rahasia-kominfo\n');
      expect(res.stderr).toBe('');
      expect(res.stdout).toBe('added kominfo (admin)\n');
      const again = await runCli(['hub', 'user', 'add', '--db', target, '--username', 'kominfo', '--role', 'admin'], {}, 60_000, 'rahasia-kominfo\n');
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/taken/);
      const noAgency = await runCli(['hub', 'user', 'add', '--db', target, '--username', 'budi', '--role', 'officer'], {}, 60_000, 'rahasia-budi-1\n');
      expect(noAgency.code).toBe(2);
      expect(noAgency.stderr).toMatch(/--agency/);
      const { hub } = await hubs.start(target, { enrolment: 'open' });
      const login = await fetch(`${hub.url}${CONSOLE_API}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
        body: JSON.stringify({ username: 'kominfo', password: 'rahasia-kominfo' }),
      });
      expect(login.status).toBe(200);
      expect(login.headers.get('set-cookie')).toMatch(/; Secure/);
    });
  });
}
