import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startRelay, type RelayServer } from '../../../main/relay/server.js';
import { deviceIdentity } from '../../../main/sync/keys.js';
import type { AdoptedSettings } from '../../../main/sync/settings-down.js';
import { generateReleaseKey, readPrivateKey, readPublicKey, signRelease } from '../../../main/update/release-signing.js';
import { UpdateService } from '../../../main/update/update-service.js';
import { BACKENDS } from '../hub/backends.js';
import { quiet, rig, type Rig } from '../sync/harness.js';

/** Issue 15: "kiosks and desks check it (through a relay too)": a desa that reaches only the kecamatan gets the release, and the hub's settings. */
describe('a release and pushed settings through the kecamatan relay', () => {
  let r: Rig | undefined;
  let relay: RelayServer | undefined;
  afterEach(async () => {
    await relay?.close();
    await r?.close();
  });

  it('the device behind the relay finds the release, downloads it by ranges resuming a cut, and verifies it', async () => {
    r = await rig(BACKENDS[0]!);
    relay = await startRelay({ db: join(r.dir, 'relay.sqlite'), upstream: r.hub.url, port: 0, log: quiet, pollMs: 50 });
    const key = join(r.dir, 'kab.key');
    generateReleaseKey(key);
    const dir = join(r.dir, 'v0.2.0');
    mkdirSync(dir);
    const installer = join(dir, 'Anjungan-0.2.0.AppImage');
    writeFileSync(installer, randomBytes(1024 * 1024 + 7));
    const yml = join(dir, 'latest-linux.yml');
    writeFileSync(yml, 'version: 0.2.0\nfiles:\n  - url: Anjungan-0.2.0.AppImage\npath: Anjungan-0.2.0.AppImage\n');
    const priv = readPrivateKey(key);
    await Promise.all([signRelease(installer, priv), signRelease(yml, priv)]);
    const files = [installer, yml].map((p) => {
      const data = readFileSync(p);
      return { name: basename(p), sha512: createHash('sha512').update(data).digest('base64'), sig: readFileSync(`${p}.sig`, 'utf8').trim(), data };
    });
    await r.store.releases.publish('0.2.0', 'linux', [], files, new Date().toISOString());

    r.importLines([JSON.stringify({ id: 'x-1' })]);
    await r.engine({ upstream: relay.url, relayPollMs: 50 }).syncUntilDone(10_000); // enrols through the relay
    const out = join(r.dir, 'updates');
    mkdirSync(join(out, '0.2.0'), { recursive: true });
    writeFileSync(join(out, '0.2.0', 'Anjungan-0.2.0.AppImage.part'), readFileSync(installer).subarray(0, 200 * 1024));
    const kiosk = r.kiosk;
    const got = await new UpdateService({
      dir: out,
      upstream: relay.url,
      identity: () => deviceIdentity(kiosk.deviceId, kiosk.sync),
      currentVersion: '0.1.0',
      platform: 'linux',
      officeCode: () => '36.04.05.2001',
      releaseKey: readPublicKey(readFileSync(`${key}.pub`)),
      log: quiet,
      rangeBytes: 128 * 1024,
    }).check();
    expect(got).toMatchObject({ state: 'ready', version: '0.2.0' });
    expect(readFileSync(join(out, '0.2.0', 'Anjungan-0.2.0.AppImage')).equals(readFileSync(installer))).toBe(true);
  });

  it('settings pushed from the hub reach a device behind the relay, signed, once', async () => {
    r = await rig(BACKENDS[0]!);
    relay = await startRelay({ db: join(r.dir, 'relay.sqlite'), upstream: r.hub.url, port: 0, log: quiet, pollMs: 50 });
    const adopted: AdoptedSettings[] = [];
    const engine = r.engine({ upstream: relay.url, relayPollMs: 50, onSettings: (a) => adopted.push(a) });
    await engine.runOnce(); // enrols through the relay
    await engine.runOnce();
    expect(adopted).toEqual([]);
    await r.store.settings.publish('device', r.kiosk.deviceId, { settings: { idleTimeoutSeconds: 120 }, runningText: 'Lewat kecamatan' }, new Date().toISOString());
    await engine.runOnce();
    expect(adopted).toEqual([{ settings: { idleTimeoutSeconds: 120 }, runningText: 'Lewat kecamatan', versions: { office: 0, device: 1 } }]);
    await engine.runOnce();
    expect(adopted).toHaveLength(1);
  });
});
