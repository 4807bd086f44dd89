import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UsbExportResult, UsbImportResult, UsbOverview } from '../../../shared/api/calls/usb.js';
import { MAX_INFLATED_BYTES } from '../../../shared/sync/protocol.js';
import { ANSWER_FILE, RELEASE_DIR } from '../../../shared/usb/format.js';
import { createCore, type Core } from '../../../main/core/core.js';
import { hashEnrolmentCode } from '../../../main/hub/enrolment-code.js';
import type { HubStore } from '../../../main/hub/store.js';
import { createLogger } from '../../../main/log.js';
import { generateReleaseKey, readPrivateKey, signRelease } from '../../../main/update/release-signing.js';
import { kioskSyncDb } from '../../../main/sync/kiosk-db.js';
import { parseImportLine } from '../../../main/sync/records.js';
import { importStick } from '../../../main/usb/hub-import.js';
import { hubFingerprint } from '../../../main/usb/hub-choice.js';
import { expandMountRoot, windowsSticks } from '../../../main/usb/mounts.js';
import { deviceDir } from '../../../main/usb/stick.js';
import { openRelayStore } from '../../../main/relay/store.js';
import { relayStickImport } from '../../../main/relay/usb-import.js';
import { tempDir } from '../../helpers/tmp.js';
import { BACKENDS, type Backend } from '../hub/backends.js';
import { quiet } from '../sync/harness.js';
import { lines } from './stick-rig.js';

const log = createLogger('test', () => undefined);
type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string; details?: { reason?: string } } };

describe('finding sticks under the mount root', () => {
  it('expands * per path part, folders only, sorted; hidden names and files are not sticks', () => {
    const tmp = tempDir('anjungan-mounts-');
    try {
      for (const d of ['media/siti/STIK B', 'media/siti/STIK-A', 'media/budi/KINGSTON', 'media/siti/.hidden']) mkdirSync(join(tmp.dir, d), { recursive: true });
      writeFileSync(join(tmp.dir, 'media/siti/file.txt'), 'x');
      expect(expandMountRoot(`${tmp.dir}/media/*/*`)).toEqual([join(tmp.dir, 'media/budi/KINGSTON'), join(tmp.dir, 'media/siti/STIK B'), join(tmp.dir, 'media/siti/STIK-A')]);
      expect(expandMountRoot(`${tmp.dir}/media/siti/STIK*`)).toEqual([join(tmp.dir, 'media/siti/STIK B'), join(tmp.dir, 'media/siti/STIK-A')]);
      expect(expandMountRoot(`${tmp.dir}/nothing/*`)).toEqual([]);
      // Windows: only the drive letters with the stick marker.
      expect(windowsSticks((p) => p === 'E:\\anjungan' || p === 'G:\\anjungan')).toEqual(['E:\\', 'G:\\']);
    } finally {
      tmp.cleanup();
    }
  });
});

for (const backend of BACKENDS) {
  describe(`the desk's USB stick (core service, ${backend.name} hub)`, () => {
    let tmp: ReturnType<typeof tempDir>;
    let core: Core;
    let hub: { store: HubStore; cleanup: () => Promise<void> };
    let stick: string;
    const admin = () => core.services.sessions.create();
    let desk: ReturnType<typeof admin>;
    const call = <T>(name: string, req: unknown, session = desk) => core.dispatcher.invoke(name, req, { transport: 'host', session }) as Promise<Reply<T>>;
    const overview = async () => ((await call<UsbOverview>('usb:sticks', {})) as { value: UsbOverview }).value;
    const hubImport = (from = stick) => importStick({ store: hub.store, from, catalogue: hub.store.console.catalogue(async () => null), log: quiet, maxInflated: MAX_INFLATED_BYTES });
    const fill = (n: number, seed: number, photoKb: [number, number] | null = null) => {
      const k = kioskSyncDb(core.services.store, core.services.deviceId);
      for (const l of lines(n, seed, photoKb)) k.sync.importRecord(parseImportLine(l, new Date().toISOString()));
    };
    const code = async () => {
      const c = `CODE-${Date.now()}`;
      await hub.store.addEnrolmentCode(hashEnrolmentCode(c), null, new Date().toISOString(), new Date(Date.now() + 3600_000).toISOString());
      return c;
    };

    beforeEach(async () => {
      tmp = tempDir('anjungan-desk-usb-');
      generateReleaseKey(join(tmp.dir, 'kab.key'));
      core = await createCore({ dataDir: join(tmp.dir, 'data'), shell: 'host', log, watchCatalogue: false, releaseKeyFile: join(tmp.dir, 'kab.key.pub') });
      await core.services.settings.update({ role: 'operator', usbMountRoot: `${tmp.dir}/media/*/*` }, 'test');
      desk = admin();
      expect((await call('auth:setup', { username: 'admin', name: 'Admin Desa', password: 'rahasia-admin-1' })).ok).toBe(true);
      const f = await (backend as Backend).fresh();
      hub = { store: await f.open(), cleanup: f.cleanup };
      stick = join(tmp.dir, 'media', 'siti', 'STIK-DESA');
    });
    afterEach(async () => {
      await core.close();
      await hub.store.close();
      await hub.cleanup();
      tmp.cleanup();
    });

    it('notices the stick, carries everything pending, says safe to remove, applies what came back once; a kiosk may not touch it', async () => {
      fill(6, 3);
      expect((await overview()).sticks).toEqual([]);
      // The mount root is a setting: an absolute path, or refused as it is typed.
      expect(await call('settings:update', { usbMountRoot: 'media/*' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      mkdirSync(stick, { recursive: true });
      let o = await overview();
      expect(o.mountRoot).toBe(`${tmp.dir}/media/*/*`);
      expect(o.sticks).toEqual([expect.objectContaining({ path: stick, label: 'STIK-DESA', prepared: false, exported: false, answer: null, problem: null })]);
      expect(o.carry).toMatchObject({ submissions: 6, openBatches: 0 });
      expect(o.carry.approxBytes).toBeGreaterThan(1000);

      // The kiosk's own page holds no permission for the stick.
      const kiosk = core.services.sessions.create();
      await core.services.settings.update({ role: 'kiosk' }, 'test');
      expect(await call('usb:sticks', {}, kiosk)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      await core.services.settings.update({ role: 'operator' }, 'test');

      // A blank stick and a device that never met its hub: refused by name, nothing written.
      expect(await call('usb:export', { path: stick })).toMatchObject({ ok: false, error: { code: 'usb_refused', details: { reason: 'hub_unknown' } } });
      await hubImport(); // the hub prepares the stick (its keys file)
      expect((await overview()).sticks[0]?.prepared).toBe(true);
      const fp = hubFingerprint((await hub.store.hubIdentity()).signingKey);

      const progress: string[] = [];
      const off = core.events.on('usb:progress', (p) => progress.push(p.phase));
      const ex = await call<UsbExportResult>('usb:export', { path: stick, hubFingerprint: fp, enrolmentCode: await code() });
      off();
      expect(ex).toMatchObject({ ok: true, value: { submissions: 6, safeToRemove: true, reused: 0 } });
      expect(progress[0]).toBe('prepare');
      expect(progress.at(-1)).toBe('done');
      expect(progress).toContain('write');
      o = await overview();
      expect(o.sticks[0]).toMatchObject({ exported: true, answer: null });
      expect(o.carry.submissions).toBe(6); // nothing delivered by exporting

      // Outside the mount root: refused, whatever the path.
      expect(await call('usb:import', { path: join(tmp.dir, 'data') })).toMatchObject({ ok: false, error: { code: 'usb_refused', details: { reason: 'not_mounted' } } });
      // Not yet at the hub.
      expect(await call('usb:import', { path: stick })).toMatchObject({ ok: false, error: { code: 'usb_refused', details: { reason: 'no_answer' } } });

      await hubImport();
      o = await overview();
      expect(o.sticks[0]?.answer).toEqual({ acks: 1, submissions: 6, statuses: 0, catalogue: null, release: null, failed: 0, alreadyApplied: false });
      const imp = await call<UsbImportResult>('usb:import', { path: stick });
      expect(imp).toMatchObject({ ok: true, value: { alreadyApplied: false, delivered: 6, failed: [], release: null } });
      expect((await overview()).carry.submissions).toBe(0);
      expect(await hub.store.count()).toBe(6);

      // The same stick again: nothing stored twice, nothing changed.
      expect((await overview()).sticks[0]?.answer?.alreadyApplied).toBe(true);
      expect(await call('usb:import', { path: stick })).toMatchObject({ ok: true, value: { alreadyApplied: true, delivered: 0 } });
      await hubImport();
      expect(await hub.store.count()).toBe(6);
    });

    it('a stick back from the kecamatan relay before the hub answered: the desk shows the relay\'s receipt, reading it marks "di kecamatan", only the hub\'s answer delivers', async () => {
      fill(4, 7);
      mkdirSync(stick, { recursive: true });
      await hubImport(); // the hub prepares the stick
      const fp = hubFingerprint((await hub.store.hubIdentity()).signingKey);
      expect(await call<UsbExportResult>('usb:export', { path: stick, hubFingerprint: fp, enrolmentCode: await code() })).toMatchObject({ ok: true, value: { submissions: 4 } });
      expect((await overview()).sticks[0]).toMatchObject({ exported: true, relay: null });

      // The kecamatan relay keeps the export; its hub is out of reach, so no answer yet.
      const relayStore = openRelayStore(join(tmp.dir, 'relay.sqlite'));
      let relayId: string;
      try {
        const rr = await relayStickImport({ store: relayStore, from: stick, upstream: null, log: quiet });
        relayId = rr.relayId;
        expect(rr.devices).toEqual([expect.objectContaining({ deviceId: core.services.deviceId, error: null, state: 'held' })]);
      } finally {
        relayStore.close();
      }
      let o = await overview();
      expect(o.sticks[0]).toMatchObject({ answer: null, relay: { relayId, batches: 1 }, problem: null });
      const k = kioskSyncDb(core.services.store, core.services.deviceId);
      expect(k.sync.counts()).toEqual({ pending: 4, atRelay: 0, delivered: 0, parked: 0 });

      const atRelay = await call<UsbImportResult>('usb:import', { path: stick });
      expect(atRelay).toMatchObject({ ok: true, value: { delivered: 0, statuses: 0, alreadyApplied: false, atRelay: { relayId, batches: 1 } } });
      expect(k.sync.counts()).toEqual({ pending: 0, atRelay: 4, delivered: 0, parked: 0 });
      o = await overview();
      expect(o.carry.submissions).toBe(4); // nothing delivered by a relay's receipt
      expect(await hub.store.count()).toBe(0);

      // The stick reaches the hub after all: its answer delivers them, once.
      await hubImport();
      const done = await call<UsbImportResult>('usb:import', { path: stick });
      expect(done).toMatchObject({ ok: true, value: { delivered: 4, atRelay: null } });
      expect(k.sync.counts()).toEqual({ pending: 0, atRelay: 0, delivered: 4, parked: 0 });
      expect((await overview()).sticks[0]?.relay).toBeNull();
      expect(await hub.store.count()).toBe(4);
    });

    it('a partial copy, a changed byte and another office\'s stick are each named; nothing is lost and it rides again', async () => {
      mkdirSync(stick, { recursive: true });
      await hubImport();
      const fp = hubFingerprint((await hub.store.hubIdentity()).signingKey);
      fill(3, 7);
      const before = (await overview()).carry.approxBytes;
      fill(1, 8, [40, 50]); // a photo counts in what the stick will carry
      expect((await overview()).carry.approxBytes - before).toBeGreaterThan(40 * 1024);
      expect((await call('usb:export', { path: stick, hubFingerprint: fp, enrolmentCode: await code() })).ok).toBe(true);
      await hubImport();
      expect((await call('usb:import', { path: stick })).ok).toBe(true);

      // A partial copy of a batch: the hub cannot take it; the answer says so and the batch stays pending.
      fill(3, 9);
      expect((await call('usb:export', { path: stick })).ok).toBe(true);
      const mine = deviceDir(stick, core.services.deviceId);
      const batch = readdirSync(mine).find((n) => n.endsWith('.ajs') && !n.startsWith('control-'))!;
      truncateSync(join(mine, batch), 100);
      await hubImport();
      const partial = await call<UsbImportResult>('usb:import', { path: stick });
      expect(partial).toMatchObject({ ok: true, value: { delivered: 0, failed: [expect.objectContaining({ reason: 'partial' })] } });
      expect((await overview()).carry.submissions).toBe(3);

      // The next stick carries it again, whole.
      expect((await call('usb:export', { path: stick })).ok).toBe(true);
      await hubImport();
      const answer = join(mine, ANSWER_FILE);
      const good = readFileSync(answer);

      // A changed byte in the answer: shown on the stick and refused, nothing applied.
      const bad = Buffer.from(good);
      const at = bad.indexOf('acks') + 1; // "acks" → "aaks" inside the signed document: still JSON, no longer what the hub signed
      bad[at] = bad[at] === 0x61 ? 0x62 : 0x61;
      writeFileSync(answer, bad);
      expect((await overview()).sticks[0]?.problem?.reason).toBe('tampered');
      expect(await call('usb:import', { path: stick })).toMatchObject({ ok: false, error: { code: 'usb_refused', details: { reason: 'tampered' } } });
      // Cut short: a partial copy of the answer.
      writeFileSync(answer, good.subarray(0, good.length - 40));
      expect(await call('usb:import', { path: stick })).toMatchObject({ ok: false, error: { code: 'usb_refused', details: { reason: 'partial' } } });
      expect((await overview()).carry.submissions).toBe(3);
      writeFileSync(answer, good);
      expect(await call('usb:import', { path: stick })).toMatchObject({ ok: true, value: { delivered: 3 } });
      expect(await hub.store.count()).toBe(7);

      // Another office's stick: it holds another device's folder only.
      const other = join(tmp.dir, 'media', 'siti', 'STIK-LAIN');
      mkdirSync(join(other, 'anjungan', 'devices', '11111111-2222-4333-8444-555555555555'), { recursive: true });
      const o = await overview();
      expect(o.sticks.map((s) => s.label)).toEqual(['STIK-DESA', 'STIK-LAIN']);
      expect(o.sticks[1]?.otherDevices).toBe(1);
      expect(await call('usb:import', { path: other })).toMatchObject({ ok: false, error: { code: 'usb_refused', details: { reason: 'other_office' } } });
    });

    it('a newer signed release rides back on the stick: a changed byte refuses it (the requests still arrive), the next trip installs it', async () => {
      // The kabupaten publishes 99.0.0, signed with its release key.
      const src = join(tmp.dir, 'release');
      mkdirSync(src);
      const name = 'Anjungan-99.0.0.AppImage';
      writeFileSync(join(src, name), randomBytes(64 * 1024));
      const sig = await signRelease(join(src, name), readPrivateKey(join(tmp.dir, 'kab.key')));
      await hub.store.releases.publish('99.0.0', 'linux', ['all'], [{ name, sha512: sig.sha512, sig: JSON.stringify(sig), data: readFileSync(join(src, name)) }], new Date().toISOString());

      mkdirSync(stick, { recursive: true });
      await hubImport();
      const fp = hubFingerprint((await hub.store.hubIdentity()).signingKey);
      fill(2, 11);
      expect((await call('usb:export', { path: stick, hubFingerprint: fp, enrolmentCode: await code() })).ok).toBe(true);
      await hubImport();
      expect((await overview()).sticks[0]?.answer?.release).toBe('99.0.0');
      const onStick = join(deviceDir(stick, core.services.deviceId), RELEASE_DIR, '99.0.0', name);
      const bytes = readFileSync(onStick);
      bytes[100] = bytes[100]! ^ 0xff;
      writeFileSync(onStick, bytes);
      const first = await call<UsbImportResult>('usb:import', { path: stick });
      expect(first).toMatchObject({ ok: true, value: { delivered: 2, release: { version: '99.0.0', state: 'refused' } } });
      expect(core.services.updates.ready()).toBeNull();

      // The next trip: the hub writes the release again (the changed copy does not match), and it verifies.
      expect((await call('usb:export', { path: stick })).ok).toBe(true);
      await hubImport();
      const second = await call<UsbImportResult>('usb:import', { path: stick });
      expect(second).toMatchObject({ ok: true, value: { release: { version: '99.0.0', state: 'ready', reason: null } } });
      expect(core.services.updates.ready()?.version).toBe('99.0.0');
    });
  });
}
