import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deviceIdentity } from '../../../main/sync/keys.js';
import { generateReleaseKey, readPrivateKey, readPublicKey, signRelease } from '../../../main/update/release-signing.js';
import { UpdateService } from '../../../main/update/update-service.js';
import { runCli } from '../../helpers/cli.js';
import { BACKENDS } from '../hub/backends.js';
import { quiet, rig, type Rig } from '../sync/harness.js';

/** An electron-builder-shaped release: installer, latest-linux.yml, both signed. */
function release(dir: string, version: string, keyFile: string, size = 2 * 1024 * 1024 + 5): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const installer = join(dir, `Anjungan-${version}.AppImage`);
  writeFileSync(installer, randomBytes(size));
  const yml = join(dir, 'latest-linux.yml');
  writeFileSync(yml, `version: ${version}\nfiles:\n  - url: Anjungan-${version}.AppImage\npath: Anjungan-${version}.AppImage\n`);
  const key = readPrivateKey(keyFile);
  return Promise.all([signRelease(installer, key), signRelease(yml, key)]).then(() => [installer, yml]);
}

for (const backend of BACKENDS) {
  describe(`updates from the hub (issue 15, ${backend.name})`, () => {
    let r: Rig | undefined;
    afterEach(async () => {
      await r?.close();
      r = undefined;
    });

    it('publish-update stores a signed release; a device of a targeted kecamatan downloads it by ranges (resuming a cut), verifies it and reports; others do not see it', async () => {
      r = await rig(backend);
      const key = join(r.dir, 'kab.key');
      generateReleaseKey(key);
      const files = await release(join(r.dir, 'v0.2.0'), '0.2.0', key);
      const pub = await runCli(['hub', 'publish-update', '--db', r.target, '--to', '36.04.05', ...files]);
      expect(pub.code, pub.stderr).toBe(0);
      expect(pub.stdout).toBe('published 0.2.0 (linux) as release 1 to 36.04.05\n');
      // Unsigned files are refused at the door.
      const bare = join(r.dir, 'bare');
      mkdirSync(bare);
      writeFileSync(join(bare, 'latest-linux.yml'), 'version: 0.3.0\n');
      expect((await runCli(['hub', 'publish-update', '--db', r.target, join(bare, 'latest-linux.yml')])).code).toBe(2);

      r.importLines([JSON.stringify({ id: 'x-1' })]);
      await r.engine().runOnce(); // enrols the device
      const kiosk = r.kiosk;
      const updates = (office: string, dir: string) =>
        new UpdateService({
          dir,
          upstream: r!.hub.url,
          identity: () => deviceIdentity(kiosk.deviceId, kiosk.sync),
          currentVersion: '0.1.0',
          platform: 'linux',
          officeCode: () => office,
          releaseKey: readPublicKey(readFileSync(`${key}.pub`)),
          log: quiet,
          rangeBytes: 256 * 1024,
        });
      expect(await updates('36.04.09.2001', join(r.dir, 'elsewhere')).check()).toEqual({ state: 'current' });

      const dir = join(r.dir, 'updates');
      // A download cut after 300 KiB of the installer: the next check resumes from there.
      mkdirSync(join(dir, '0.2.0'), { recursive: true });
      writeFileSync(join(dir, '0.2.0', 'Anjungan-0.2.0.AppImage.part'), readFileSync(files[0]!).subarray(0, 300 * 1024));
      const got = await updates('36.04.05.2001', dir).check();
      expect(got).toMatchObject({ state: 'ready', version: '0.2.0' });
      expect(readFileSync(join(dir, '0.2.0', 'Anjungan-0.2.0.AppImage')).equals(readFileSync(files[0]!))).toBe(true);
      expect(updates('36.04.05.2001', dir).ready()).toMatchObject({ version: '0.2.0' });
    });

    it('a release signed with another key is refused, deleted, and reported to the hub', async () => {
      r = await rig(backend);
      const real = join(r.dir, 'kab.key');
      const rogue = join(r.dir, 'rogue.key');
      generateReleaseKey(real);
      generateReleaseKey(rogue);
      const files = await release(join(r.dir, 'v0.9.0'), '0.9.0', rogue, 64 * 1024);
      expect((await runCli(['hub', 'publish-update', '--db', r.target, ...files])).code).toBe(0);
      r.importLines([JSON.stringify({ id: 'x-2' })]);
      await r.engine().runOnce();
      const kiosk = r.kiosk;
      const dir = join(r.dir, 'updates');
      const svc = new UpdateService({
        dir,
        upstream: r.hub.url,
        identity: () => deviceIdentity(kiosk.deviceId, kiosk.sync),
        currentVersion: '0.1.0',
        platform: 'linux',
        officeCode: () => '36.04.05.2001',
        releaseKey: readPublicKey(readFileSync(`${real}.pub`)),
        log: quiet,
      });
      expect(await svc.check()).toMatchObject({ state: 'refused', version: '0.9.0' });
      expect(existsSync(join(dir, '0.9.0'))).toBe(false);
      expect(svc.ready()).toBeNull();
      if (backend.name === 'sqlite') {
        const db = new Database(r.target, { readonly: true });
        expect(db.prepare('SELECT device_id, version, outcome FROM update_reports').all()).toEqual([{ device_id: kiosk.deviceId, version: '0.9.0', outcome: 'refused' }]);
        db.close();
      }
    });
  });
}
