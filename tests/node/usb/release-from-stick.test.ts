import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReleaseInfo } from '../../../shared/sync/protocol.js';
import { RELEASE_DIR } from '../../../shared/usb/format.js';
import { createLogger } from '../../../main/log.js';
import { readReady } from '../../../main/update/local-feed.js';
import { generateReleaseKey, readPrivateKey, readPublicKey, signRelease } from '../../../main/update/release-signing.js';
import { UpdateJournal } from '../../../main/update/update-journal.js';
import { installFromStick } from '../../../main/usb/release-from-stick.js';
import { tempDir } from '../../helpers/tmp.js';
import { BACKENDS } from '../hub/backends.js';
import { firstTrip, lines, stickRig, type StickRig } from './stick-rig.js';

const log = createLogger('test', () => undefined);

/**
 * A release as `hub usb-import` leaves it beside a device's answer: release/<version>/FILE and
 * FILE.sig on the stick, and the ReleaseInfo (with each file's signature) in the answer.
 */
async function releaseOnStick(answerDir: string, version: string, keyFile: string): Promise<ReleaseInfo> {
  const dir = join(answerDir, RELEASE_DIR, version);
  mkdirSync(dir, { recursive: true });
  const installer = `Anjungan-${version}.AppImage`;
  writeFileSync(join(dir, installer), randomBytes(200 * 1024));
  writeFileSync(join(dir, 'latest-linux.yml'), `version: ${version}\npath: ${installer}\n`);
  const key = readPrivateKey(keyFile);
  const files = [];
  for (const name of [installer, 'latest-linux.yml']) {
    const sig = await signRelease(join(dir, name), key);
    files.push({ name, size: sig.size, sha512: sig.sha512, sig: JSON.stringify(sig) });
  }
  return { releaseId: 1, version, platform: 'linux', files, publishedAt: new Date().toISOString() };
}

describe('a release carried on the stick (issue 15)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let keyFile: string;
  let answerDir: string;
  let updatesDir: string;
  beforeEach(() => {
    tmp = tempDir('anjungan-stick-release-');
    keyFile = join(tmp.dir, 'kab.key');
    generateReleaseKey(keyFile);
    answerDir = join(tmp.dir, 'stick', 'anjungan', 'devices', 'dev');
    updatesDir = join(tmp.dir, 'data', 'updates');
  });
  afterEach(() => tmp.cleanup());
  const pub = () => readPublicKey(readFileSync(`${keyFile}.pub`));
  const journal = () => new UpdateJournal(join(updatesDir, 'journal.json')).pending();

  it('a good release is copied, verified and left ready for the installer; played again it stays ready', async () => {
    const release = await releaseOnStick(answerDir, '0.2.0', keyFile);
    const r = await installFromStick({ release, answerDir, updatesDir, currentVersion: '0.1.0', releaseKey: pub(), log });
    expect(r).toEqual({ state: 'ready', version: '0.2.0', dir: join(updatesDir, '0.2.0') });
    const ready = readReady(join(updatesDir, '0.2.0'));
    expect(ready?.files).toEqual(['Anjungan-0.2.0.AppImage', 'latest-linux.yml']);
    expect(readFileSync(join(updatesDir, '0.2.0', 'Anjungan-0.2.0.AppImage')).equals(readFileSync(join(answerDir, RELEASE_DIR, '0.2.0', 'Anjungan-0.2.0.AppImage')))).toBe(true);
    expect(existsSync(join(updatesDir, '0.2.0', 'Anjungan-0.2.0.AppImage.sig'))).toBe(true);
    const again = await installFromStick({ release, answerDir, updatesDir, currentVersion: '0.1.0', releaseKey: pub(), log });
    expect(again.state).toBe('ready');
    expect(journal()).toEqual([]);
  });

  it('a tampered byte refuses the whole release, deletes the copy and queues a report for the hub', async () => {
    const release = await releaseOnStick(answerDir, '0.2.0', keyFile);
    const file = join(answerDir, RELEASE_DIR, '0.2.0', 'Anjungan-0.2.0.AppImage');
    const bytes = readFileSync(file);
    bytes[1000] = bytes[1000]! ^ 0x01;
    writeFileSync(file, bytes);
    const r = await installFromStick({ release, answerDir, updatesDir, currentVersion: '0.1.0', releaseKey: pub(), log });
    expect(r.state).toBe('refused');
    expect(r.state === 'refused' && r.reason).toMatch(/differs from the signed release/);
    expect(existsSync(join(updatesDir, '0.2.0'))).toBe(false);
    expect(journal()).toEqual([{ version: '0.2.0', outcome: 'refused', reason: 'Anjungan-0.2.0.AppImage: tampered' }]);
  });

  it('a release signed by another key is refused', async () => {
    const other = join(tmp.dir, 'other.key');
    generateReleaseKey(other);
    const release = await releaseOnStick(answerDir, '0.2.0', other);
    const r = await installFromStick({ release, answerDir, updatesDir, currentVersion: '0.1.0', releaseKey: pub(), log });
    expect(r.state).toBe('refused');
    expect(r.state === 'refused' && r.reason).toMatch(/not signed by this release key/);
    expect(existsSync(join(updatesDir, '0.2.0'))).toBe(false);
  });

  it('a truncated copy (the stick pulled mid-write) is refused as truncated; a missing file as incomplete', async () => {
    const release = await releaseOnStick(answerDir, '0.2.0', keyFile);
    truncateSync(join(answerDir, RELEASE_DIR, '0.2.0', 'Anjungan-0.2.0.AppImage'), 50 * 1024);
    const r = await installFromStick({ release, answerDir, updatesDir, currentVersion: '0.1.0', releaseKey: pub(), log });
    expect(r.state === 'refused' && r.reason).toMatch(/51200 bytes, the signed release has 204800/);
    expect(existsSync(join(updatesDir, '0.2.0'))).toBe(false);

    const missing = await releaseOnStick(answerDir, '0.3.0', keyFile);
    missing.files.push({ ...missing.files[0]!, name: 'Anjungan-0.3.0.blockmap' });
    const m = await installFromStick({ release: missing, answerDir, updatesDir, currentVersion: '0.1.0', releaseKey: pub(), log });
    expect(m.state === 'refused' && m.reason).toMatch(/missing from the stick/);
  });

  it('a release no newer than the one installed is left alone (nothing copied)', async () => {
    const release = await releaseOnStick(answerDir, '0.2.0', keyFile);
    for (const installed of ['0.2.0', '0.3.1']) {
      const r = await installFromStick({ release, answerDir, updatesDir, currentVersion: installed, releaseKey: pub(), log });
      expect(r).toEqual({ state: 'current', version: '0.2.0' });
    }
    expect(existsSync(join(updatesDir, '0.2.0'))).toBe(false);
  });

  it('without a release key nothing is trusted; a file name that is a path is refused', async () => {
    const release = await releaseOnStick(answerDir, '0.2.0', keyFile);
    const off = await installFromStick({ release, answerDir, updatesDir, currentVersion: '0.1.0', releaseKey: null, log });
    expect(off.state).toBe('disabled');
    const evil = { ...release, files: [{ ...release.files[0]!, name: '../../evil.sh' }] };
    const r = await installFromStick({ release: evil, answerDir, updatesDir, currentVersion: '0.1.0', releaseKey: pub(), log });
    expect(r.state === 'refused' && r.reason).toMatch(/not a plain file name/);
    expect(existsSync(join(tmp.dir, 'evil.sh'))).toBe(false);
  });
});

for (const backend of BACKENDS) {
  describe(`the hub puts its newest release on the stick for a device behind it (${backend.name})`, () => {
    let r: StickRig | undefined;
    afterEach(async () => {
      await r?.close();
      r = undefined;
    });

    it('published 0.2.0 rides to a 0.1.0 device and is installed from the stick; a 0.2.0 device gets none', async () => {
      r = await stickRig(backend);
      const keyFile = join(r.dir, 'kab.key');
      generateReleaseKey(keyFile);
      const signed = await releaseOnStick(join(r.dir, 'published'), '0.2.0', keyFile);
      const published = join(r.dir, 'published', RELEASE_DIR, '0.2.0');
      await r.store.releases.publish('0.2.0', 'linux', ['all'], signed.files.map((f) => ({ name: f.name, sha512: f.sha512, sig: f.sig, data: readFileSync(join(published, f.name)) })), new Date().toISOString());

      const k = r.kiosk();
      await firstTrip(r, k);
      r.fill(k, lines(5, 3));
      await r.exportTo(k, { appVersion: '0.1.0' });
      const hub = await r.hubImport();
      expect(hub.devices[0]?.release).toBe('0.2.0');
      const got = r.importFrom(k);
      expect(got.delivered).toBe(5);
      expect(got.release?.version).toBe('0.2.0');
      const updatesDir = join(r.dir, 'updates');
      const rel = await installFromStick({ release: got.release!, answerDir: got.dir, updatesDir, currentVersion: '0.1.0', releaseKey: readPublicKey(readFileSync(`${keyFile}.pub`)), log });
      expect(rel.state).toBe('ready');
      expect(readFileSync(join(updatesDir, '0.2.0', 'Anjungan-0.2.0.AppImage')).equals(readFileSync(join(published, 'Anjungan-0.2.0.AppImage')))).toBe(true);

      // The same device, now on 0.2.0: the hub carries nothing and clears the old copy off the stick.
      await r.exportTo(k, { appVersion: '0.2.0' });
      expect((await r.hubImport()).devices[0]?.release).toBeNull();
      expect(r.importFrom(k).release).toBeNull();
      expect(existsSync(join(got.dir, RELEASE_DIR))).toBe(false);
    });
  });
}
