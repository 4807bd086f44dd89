import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hubLetterCommand } from '../../../main/cli/commands/letter.js';
import { createCore, type Core } from '../../../main/core/core.js';
import { invokeOrThrow } from '../../../main/core/dispatcher.js';
import { keyIdOf } from '../../../main/core/letters/token.js';
import { deviceIdentity } from '../../../main/sync/keys.js';
import { HEADERS, letterKeySigningText, PATHS } from '../../../shared/sync/protocol.js';
import { BACKENDS } from '../hub/backends.js';
import { rig, quiet, type Rig } from '../sync/harness.js';
import { tempDir } from '../../helpers/tmp.js';
import { submitDesa } from './helpers.js';

async function device(dir: string, upstream: string, officeCode?: string): Promise<Core> {
  const core = await createCore({ dataDir: dir, shell: 'host', log: quiet, watchCatalogue: false, sync: { upstream, debounceMs: 10, intervalMs: 600_000 } });
  if (officeCode) await invokeOrThrow(core.dispatcher, 'settings:update', { officeCode });
  return core;
}

async function hubVerify(target: string, token: string, extra: string[] = []): Promise<{ code: number; out: unknown }> {
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  try {
    const code = await hubLetterCommand.run(['verify', token, '--db', target, '--json', ...extra]);
    return { code, out: JSON.parse(out) };
  } finally {
    write.mockRestore();
  }
}

for (const backend of BACKENDS) {
  describe(`letter keys through the hub (${backend.name})`, () => {
    let r: Rig;
    let tmp: ReturnType<typeof tempDir>;
    const cores: Core[] = [];
    beforeEach(async () => {
      r = await rig(backend);
      tmp = tempDir('anjungan-letterkeys-');
    });
    afterEach(async () => {
      for (const c of cores.splice(0)) await c.close();
      await r.close();
      tmp.cleanup();
    });

    it('the desk publishes its key, a kiosk of the same office pulls it and verifies offline; the hub verifies too', { timeout: 60_000 }, async () => {
      const desk = await device(`${tmp.dir}/desk`, r.hub.url);
      const kiosk = await device(`${tmp.dir}/kiosk`, r.hub.url);
      const elsewhere = await device(`${tmp.dir}/anyar`, r.hub.url, '36.04.30.2005');
      cores.push(desk, kiosk, elsewhere);
      const { letter } = await invokeOrThrow(desk.dispatcher, 'letters:issue', { submissionId: await submitDesa(desk, 'sku') });

      // Before any sync the kiosk has never heard of the desk's key.
      expect(await invokeOrThrow(kiosk.dispatcher, 'letters:verify', { token: letter.token })).toMatchObject({ outcome: 'unknown_office', officeCode: '36.04.05.2001', office: { desa: 'Kramatwatu' } });
      expect((await hubVerify(r.target, letter.token)).out).toMatchObject({ outcome: 'unknown_office' });

      await invokeOrThrow(desk.dispatcher, 'sync:now', {});
      // Every device of the office publishes its own key (the kiosk too, at its first pass).
      expect(await r.store.letterKeys('36.04.05.2001', 10)).toEqual(expect.arrayContaining([expect.objectContaining({ keyId: desk.services.letters.keys.own().keyId, deviceId: desk.services.deviceId })]));
      await invokeOrThrow(kiosk.dispatcher, 'sync:now', {});
      await invokeOrThrow(elsewhere.dispatcher, 'sync:now', {});

      // The hub goes away: the kiosk still verifies, from its cache.
      await r.hub.close();
      const v = await invokeOrThrow(kiosk.dispatcher, 'letters:verify', { token: letter.token, nik: '3604051208850001' });
      expect(v).toMatchObject({ outcome: 'valid', letter: { number: letter.number, serviceTitle: 'Surat keterangan usaha (SKU)' }, nikMatches: true });
      expect(await invokeOrThrow(kiosk.dispatcher, 'letters:verify', { token: letter.token, nik: '3604051208850009' })).toMatchObject({ outcome: 'valid', nikMatches: false });
      // A kiosk of another office pulls only its own office's keys.
      expect(await invokeOrThrow(elsewhere.dispatcher, 'letters:verify', { token: letter.token })).toMatchObject({ outcome: 'unknown_office' });

      const atHub = await hubVerify(r.target, letter.token, ['--nik', '3604051208850001']);
      expect(atHub).toMatchObject({ code: 0, out: { outcome: 'valid', letter: { number: letter.number }, nikMatches: true } });
      const flipped = Buffer.from(letter.token, 'base64url');
      flipped[flipped.length - 70]! ^= 0x10;
      expect(await hubVerify(r.target, flipped.toString('base64url'))).toMatchObject({ code: 1, out: { outcome: 'altered' } });
    });

    it('an upload is signed over every field: a changed body, a key id that is not the key\'s hash, an unknown device are refused', async () => {
      await r.engine().runOnce(); // enrols the rig's kiosk
      const id = deviceIdentity(r.kiosk.deviceId, r.kiosk.sync);
      const pub = Buffer.alloc(32, 7);
      const body = { officeCode: '36.04.05.2001', keyId: keyIdOf(pub), publicKey: pub.toString('base64') };
      const post = (b: object, sig: string, dev = r.kiosk.deviceId) =>
        fetch(`${r.hub.url}${PATHS.letterKeys}`, { method: 'POST', headers: { 'content-type': 'application/json', [HEADERS.device]: dev, [HEADERS.signature]: sig }, body: JSON.stringify(b) });
      const sig = id.sign(letterKeySigningText(r.kiosk.deviceId, body.officeCode, body.keyId, body.publicKey));
      const other = Buffer.alloc(32, 9);
      expect((await post({ ...body, publicKey: other.toString('base64'), keyId: keyIdOf(other) }, sig)).status).toBe(401);
      const wrongId = { ...body, keyId: '00000000' };
      expect((await post(wrongId, id.sign(letterKeySigningText(r.kiosk.deviceId, wrongId.officeCode, wrongId.keyId, wrongId.publicKey)))).status).toBe(400);
      expect((await post(body, sig, 'not-enrolled')).status).toBe(401);
      expect((await post(body, sig)).status).toBe(200);
      expect(await r.store.letterKey('36.04.05.2001', body.keyId)).toMatchObject({ deviceId: r.kiosk.deviceId });
    });

    it('a published key is never replaced: another device or key under the same office and key id is a conflict', async () => {
      const key = { officeCode: '36.04.05.2001', keyId: '0a0b0c0d', deviceId: 'dev-a', publicKey: Buffer.alloc(32, 1) };
      const at = new Date().toISOString();
      expect(await r.store.putLetterKey(key, at)).toBe('stored');
      expect(await r.store.putLetterKey(key, at)).toBe('already');
      expect(await r.store.putLetterKey({ ...key, deviceId: 'dev-b' }, at)).toBe('conflict');
      expect(await r.store.putLetterKey({ ...key, publicKey: Buffer.alloc(32, 2) }, at)).toBe('conflict');
      expect(await r.store.letterKey('36.04.05.2001', '0a0b0c0d')).toMatchObject({ deviceId: 'dev-a' });
      expect(await r.store.letterKeys('36.04.30.2005', 10)).toEqual([]);
    });
  });
}
