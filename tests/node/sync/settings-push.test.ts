import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hubSettingsCommand } from '../../../main/cli/commands/hub-settings.js';
import { createCore, type Core } from '../../../main/core/core.js';
import { invokeOrThrow } from '../../../main/core/dispatcher.js';
import { openHubStore } from '../../../main/hub/open.js';
import { keyIdOf } from '../../../main/core/letters/token.js';
import type { AdoptedSettings } from '../../../main/sync/settings-down.js';
import { openSignedSettings } from '../../../main/sync/settings-down.js';
import { settingsSigningText } from '../../../shared/sync/settings-push.js';
import { BACKENDS } from '../hub/backends.js';
import { tempDir } from '../../helpers/tmp.js';
import { quiet, rig, type Rig } from './harness.js';

const OFFICE = '36.04.05.2001';

/** The hub learns a device's office from the letter key it publishes. */
async function placeInOffice(r: Rig, office: string): Promise<void> {
  const publicKey = randomBytes(32);
  await r.store.putLetterKey({ officeCode: office, keyId: keyIdOf(publicKey), deviceId: r.kiosk.deviceId, publicKey }, new Date().toISOString());
}

for (const backend of BACKENDS) {
  describe(`settings pushed from the hub (${backend.name})`, () => {
    let r: Rig;
    afterEach(async () => r?.close());

    it('an office document, the device document on top; fetched only when the status page names a newer version', async () => {
      r = await rig(backend);
      const adopted: AdoptedSettings[] = [];
      const engine = r.engine({ onSettings: (a) => adopted.push(a) });
      await engine.runOnce(); // enrols
      const baseline = (await engine.runOnce()).requests;
      expect(adopted).toEqual([]);

      await placeInOffice(r, OFFICE);
      const at = new Date().toISOString();
      expect((await r.store.settings.publish('office', OFFICE, { settings: { idleTimeoutSeconds: 90, deskLockMinutes: 5 }, runningText: 'Pelayanan buka 08.00' }, at)).version).toBe(1);
      expect((await r.store.settings.publish('device', r.kiosk.deviceId, { settings: { idleTimeoutSeconds: 120 } }, at)).version).toBe(1);
      const withSettings = (await engine.runOnce()).requests;
      expect(withSettings).toBe(baseline + 1);
      expect(adopted).toEqual([{ settings: { idleTimeoutSeconds: 120, deskLockMinutes: 5 }, runningText: 'Pelayanan buka 08.00', versions: { office: 1, device: 1 } }]);

      // Nothing newer: no request of its own, nothing applied again.
      expect((await engine.runOnce()).requests).toBe(baseline);
      expect(adopted).toHaveLength(1);

      // A second office publish: version 2, applied over the device's own again.
      expect((await r.store.settings.publish('office', OFFICE, { settings: { idleTimeoutSeconds: 45, language: 'en' } }, at)).version).toBe(2);
      await engine.runOnce();
      expect(adopted[1]).toEqual({ settings: { idleTimeoutSeconds: 120, language: 'en' }, versions: { office: 2, device: 1 } });
    });

    it('refuses at publish what a device must not take, with a clear reason, and stores nothing', async () => {
      r = await rig(backend);
      const at = new Date().toISOString();
      await expect(r.store.settings.publish('office', OFFICE, { settings: { role: 'operator' } }, at)).rejects.toThrow(/not valid: settings: Unrecognized key.*role/i);
      await expect(r.store.settings.publish('office', OFFICE, { settings: { idleTimeoutSeconds: 5 } }, at)).rejects.toThrow(/not valid: settings\.idleTimeoutSeconds/);
      await expect(r.store.settings.publish('office', OFFICE, {}, at)).rejects.toThrow(/sets nothing/);
      await expect(r.store.settings.publish('office', 'kramatwatu', { runningText: 'x' }, at)).rejects.toThrow(/not an office code/);
      await expect(r.store.settings.publish('device', 'no-such-device', { runningText: 'x' }, at)).rejects.toThrow(/no device no-such-device is enrolled/);
      expect(await r.store.settings.list()).toEqual([]);
    });

    it('a document the device cannot apply is refused whole and not fetched again; a newer one is', async () => {
      r = await rig(backend);
      let refuse = true;
      const adopted: AdoptedSettings[] = [];
      const engine = r.engine({
        onSettings: (a) => {
          if (refuse) throw new Error('counter 2: no service group Z');
          adopted.push(a);
        },
      });
      await engine.runOnce(); // enrols
      const baseline = (await engine.runOnce()).requests;
      await placeInOffice(r, OFFICE);
      await r.store.settings.publish('office', OFFICE, { counters: [{ number: 2, name: 'Loket 2', groups: ['Z'], active: true }] }, new Date().toISOString());
      expect((await engine.runOnce()).requests).toBe(baseline + 1);
      expect((await engine.runOnce()).requests).toBe(baseline);
      refuse = false;
      await r.store.settings.publish('office', OFFICE, { runningText: 'Selamat datang' }, new Date().toISOString());
      await engine.runOnce();
      expect(adopted).toEqual([{ settings: {}, runningText: 'Selamat datang', versions: { office: 2, device: 0 } }]);
    });
  });
}

describe('openSignedSettings: only what the enrolled hub signed, addressed to this device', () => {
  it('refuses an altered document, a foreign signature, another device\'s document and the wrong scope', async () => {
    const { generateKeyPairSync, sign } = await import('node:crypto');
    const pair = generateKeyPairSync('ed25519');
    const raw = pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
    const keys = { signingKey: raw.toString('base64'), boxKey: raw.toString('base64') };
    const doc = JSON.stringify({ scope: 'device', target: 'dev-1', version: 3, publishedAt: '2026-12-02T00:00:00Z', settings: { deskLockMinutes: 7 } });
    const signed = (text: string, key = pair.privateKey) => ({ document: text, signature: sign(null, Buffer.from(settingsSigningText(text)), key).toString('base64') });
    expect(openSignedSettings(signed(doc), keys, 'device', 'dev-1')).toMatchObject({ ok: true, doc: { version: 3, settings: { deskLockMinutes: 7 } } });
    const s = signed(doc);
    expect(openSignedSettings({ ...s, document: s.document.replace('7', '8') }, keys, 'device', 'dev-1')).toMatchObject({ ok: false, error: /does not verify/ });
    expect(openSignedSettings(signed(doc, generateKeyPairSync('ed25519').privateKey), keys, 'device', 'dev-1')).toMatchObject({ ok: false, error: /does not verify/ });
    expect(openSignedSettings(signed(doc), keys, 'device', 'dev-2')).toMatchObject({ ok: false, error: /for device dev-1, not this one/ });
    expect(openSignedSettings(signed(doc), keys, 'office', 'dev-1')).toMatchObject({ ok: false, error: /device document where a office one/ });
    expect(openSignedSettings(signed(doc), undefined, 'device', 'dev-1')).toMatchObject({ ok: false, error: /no hub signing key/ });
    expect(openSignedSettings(null, keys, 'device', 'dev-1')).toMatchObject({ ok: false });
    const withRole = JSON.stringify({ scope: 'device', target: 'dev-1', version: 4, publishedAt: 'x', settings: { role: 'operator' } });
    expect(openSignedSettings(signed(withRole), keys, 'device', 'dev-1')).toMatchObject({ ok: false, error: /not a settings document/ });
  });
});

describe('core with the embedded hub: settings published with the CLI reach the device', () => {
  let core: Core | undefined;
  let tmp: ReturnType<typeof tempDir>;
  afterEach(async () => {
    await core?.close();
    tmp?.cleanup();
  });

  it('hub settings publish, then a sync: settings (idle time, voice, link budgets), counters and running text adopted, audited as the hub', async () => {
    tmp = tempDir();
    core = await createCore({ dataDir: tmp.dir, shell: 'host', log: quiet, watchCatalogue: false, sync: { upstream: null, embeddedHub: true, debounceMs: 10 } });
    await invokeOrThrow(core.dispatcher, 'sync:now', {});
    const hubDb = core.services.sync.hubDb!;
    const groups = core.services.queue.counters()[0]!.groups;
    const file = `${tmp.dir}/push.json`;
    const { writeFileSync } = await import('node:fs');
    // The office's link: the same hub, now with a daily budget (issue 15: "link budgets").
    const links = [{ name: 'lan', url: core.services.sync.hubUrl!, dailyBudgetBytes: 50 * 1024 * 1024, windows: [] }];
    writeFileSync(file, JSON.stringify({ settings: { idleTimeoutSeconds: 75, voiceVolume: 0, syncLinks: links }, counters: [{ number: 3, name: 'Loket Tiga', groups, active: true }], runningText: 'Hari ini pelayanan sampai 14.00' }));
    const out: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (out.push(String(s)), true));
    try {
      expect(await hubSettingsCommand.run(['publish', '--db', hubDb, '--device', core.services.deviceId, file])).toBe(0);
      // A usage error (the CLI's exit 2): both targets at once.
      await expect(hubSettingsCommand.run(['publish', '--db', hubDb, '--office', OFFICE, '--device', 'x', file])).rejects.toThrow(/exactly one of --office CODE and --device ID/);
    } finally {
      write.mockRestore();
      err.mockRestore();
    }
    expect(out.join('')).toContain(`published settings v1 for device ${core.services.deviceId}`);
    await invokeOrThrow(core.dispatcher, 'sync:now', {});
    expect(core.services.settings.get().idleTimeoutSeconds).toBe(75);
    expect(core.services.settings.get().voiceVolume).toBe(0);
    expect(core.services.settings.get().syncLinks).toEqual(links);
    expect(core.services.queue.counters()).toEqual([{ number: 3, name: 'Loket Tiga', groups, active: true }]);
    expect(core.services.queue.board().runningText).toBe('Hari ini pelayanan sampai 14.00');
    const audit = core.services.store.audit.list({}, 20, 0).items.map((e) => [e.actor, e.action]);
    expect(audit).toContainEqual(['hub:settings(office v0, device v1)', 'settings.pushed']);
    expect(audit).toContainEqual(['hub:settings(office v0, device v1)', 'settings.update']);
    const hub = await openHubStore(hubDb);
    try {
      expect((await hub.settings.list()).map((d) => [d.scope, d.target, Number(d.version)])).toEqual([['device', core.services.deviceId, 1]]);
      // Version 2 names a group this device's catalogue lacks: refused whole, the settings part too.
      await hub.settings.publish('device', core.services.deviceId, { settings: { idleTimeoutSeconds: 99 }, counters: [{ number: 1, name: 'Loket 1', groups: ['Z'], active: true }] }, new Date().toISOString());
      await invokeOrThrow(core.dispatcher, 'sync:now', {});
      expect(core.services.settings.get().idleTimeoutSeconds).toBe(75);
      expect(core.services.queue.counters()).toEqual([{ number: 3, name: 'Loket Tiga', groups, active: true }]);
    } finally {
      await hub.close();
    }
  });
});
