import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { validateHubCatalogue } from '../../../main/catalogue/hub-catalogue.js';
import { HubClient, SyncError } from '../../../main/sync/client.js';
import { pullStatuses } from '../../../main/sync/downstream.js';
import { deviceIdentity } from '../../../main/sync/keys.js';
import { utf8Decode } from '../../../shared/devices/utf8.js';
import { unstorableReason } from '../../../shared/sync/storable.js';
import { createCore } from '../../../main/core/core.js';
import { tempDir } from '../../helpers/tmp.js';
import { BACKENDS } from '../hub/backends.js';
import { quiet, rig, type Rig } from '../sync/harness.js';

/** The bugs the issue 14 fuzz suite found, each pinned by a fixed input (the fuzz files find them again by seed). */
describe('fuzz findings, pinned', () => {
  it('validateHubCatalogue refuses null, a list and a scalar with an error instead of a TypeError', () => {
    for (const doc of [null, undefined, [], 'x', 7]) expect(validateHubCatalogue(doc)).toEqual({ ok: false, error: 'hub catalogue is not a {version, services} object' });
  });

  it('utf8Decode refuses overlong forms (E0 80 80 is not NUL, C0 AF is not "/")', () => {
    expect(utf8Decode(Uint8Array.from([0xe0, 0x80, 0x80]))).not.toContain('\u0000');
    expect(utf8Decode(Uint8Array.from([0xc0, 0xaf]))).not.toContain('/');
    expect(utf8Decode(Uint8Array.from([0xf0, 0x8f, 0xbf, 0xbf]))).toContain('\uFFFD');
    expect(utf8Decode(Uint8Array.from([0xe0, 0xa0, 0x80]))).toBe('\u0800');
  });

  it('unstorableReason: lone surrogates and NUL anywhere (keys too), nesting past the bound; a deep input does not exhaust the stack', () => {
    expect(unstorableReason({ id: 'a', nama: 'SITI', answers: { x: ['ok', 1, null] } })).toBeNull();
    expect(unstorableReason({ id: 'a', nama: 'x\udfff' })).toMatch(/cannot store/);
    expect(unstorableReason({ id: 'a', answers: { 'k\u0000': 1 } })).toMatch(/member name/);
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(unstorableReason({ id: 'a', deep })).toMatch(/nested deeper than 64/);
  });
});

for (const backend of BACKENDS) {
  describe(`fuzz findings at the hub (${backend.name})`, () => {
    let r: Rig | undefined;
    afterEach(async () => {
      await r?.close();
      r = undefined;
    });

    it('a lone surrogate in a field other than the id, or nesting past 64 levels, is refused by itself; the rest goes through', async () => {
      r = await rig(backend);
      // 100 levels: the kiosk's own store takes it (SQLite's limit is 1000); a hostile uploader's 1,500 is in the fuzz.
      const deep = `${'['.repeat(100)}1${']'.repeat(100)}`;
      r.importLines([
        JSON.stringify({ id: randomUUID(), registrationNo: 'OK-1', nama: 'SITI' }),
        `{"id":"${randomUUID()}","registrationNo":"BAD-1","nama":"\\u0001\\udfff"}`,
        `{"id":"${randomUUID()}","registrationNo":"BAD-2","answers":${deep}}`,
        JSON.stringify({ id: randomUUID(), registrationNo: 'OK-2', nama: 'BUDI' }),
      ]);
      const res = await r.engine().runOnce();
      expect(res).toMatchObject({ delivered: 2, parked: 2 });
      expect(r.kiosk.sync.parked(10).map((p) => p.reason)).toEqual([expect.stringContaining('cannot store'), expect.stringContaining('cannot store')]);
      expect(await r.store.count()).toBe(2);
    });
  });
}

describe('fuzz findings at the kiosk', () => {
  it('settings:update with a key present as undefined (as IPC carries it) leaves that setting as it was', async () => {
    const tmp = tempDir();
    const core = await createCore({ dataDir: tmp.dir, shell: 'host', log: quiet, watchCatalogue: false, devices: { reader: 'none', printer: 'none' } });
    try {
      const before = core.services.settings.get().deskLockMinutes;
      const res = await core.dispatcher.invoke('settings:update', { deskLockMinutes: undefined, idleTimeoutSeconds: 90 }, { transport: 'internal' });
      expect(res).toMatchObject({ ok: true, value: { deskLockMinutes: before, idleTimeoutSeconds: 90 } });
      // zod throws on an object whose own "constructor" is null (JSON.parse makes one): the dispatcher still answers.
      for (const req of [JSON.parse('{"constructor":null}'), JSON.parse('{"period":{"constructor":null}}')]) {
        expect(await core.dispatcher.invoke('reports:services', req, { transport: 'internal' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      }
    } finally {
      await core.close();
      tmp.cleanup();
    }
  });

  it('a status page that says "more" without moving its cursor is refused, not asked for again and again', async () => {
    const r = await rig(BACKENDS[0]!);
    let asked = 0;
    const fake = createServer((_req, res) => {
      asked++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: [], cursor: 0, more: true }));
    });
    await new Promise<void>((ok) => fake.listen(0, '127.0.0.1', ok));
    const up = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
    const client = new HubClient(up, deviceIdentity(r.kiosk.deviceId, r.kiosk.sync), 2_000);
    try {
      const err = await pullStatuses(client, r.kiosk, up).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SyncError);
      expect(err).toMatchObject({ kind: 'busy', code: 'bad_reply' });
      expect(asked).toBe(1);
    } finally {
      client.close();
      await new Promise((ok) => fake.close(ok));
      await r.close();
    }
  });
});
