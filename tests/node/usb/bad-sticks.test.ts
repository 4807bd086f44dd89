import { cpSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ANSWER_FILE, MANIFEST_FILE } from '../../../shared/usb/format.js';
import { UsbError } from '../../../main/usb/errors.js';
import { deviceDir } from '../../../main/usb/stick.js';
import { BACKENDS } from '../hub/backends.js';
import { firstTrip, lines, stickRig, type StickRig } from './stick-rig.js';

const sqlite = BACKENDS[0]!;

/** The sealed batch files of a device's folder, largest first. */
function batchFiles(r: StickRig, deviceId: string): string[] {
  const dir = deviceDir(r.stick, deviceId);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ajs') && !f.startsWith('control-'))
    .map((f) => join(dir, f));
}

function flipByte(file: string, at: number): void {
  const b = readFileSync(file);
  b[at] = b[at]! ^ 0x01;
  writeFileSync(file, b);
}

describe('USB stick: bad sticks', () => {
  let r: StickRig | undefined;
  let other: StickRig | undefined;
  afterEach(async () => {
    await r?.close();
    await other?.close();
    r = other = undefined;
  });

  it('a partial copy: the cut batch is reported and stays pending, the rest is delivered; the next trip brings it, nothing twice', async () => {
    r = await stickRig(sqlite);
    const k = r.kiosk();
    await firstTrip(r, k);
    r.fill(k, lines(90, 21, [10, 20]));
    await r.exportTo(k, {});
    const [cut] = batchFiles(r, k.deviceId).sort();
    expect(batchFiles(r, k.deviceId).length).toBeGreaterThan(1);
    truncateSync(cut!, Math.floor(readFileSync(cut!).length / 2));
    const hub = (await r.hubImport()).devices[0]!;
    expect(hub.failed).toHaveLength(1);
    expect(hub.failed[0]!.message).toMatch(/incomplete copy: .* has \d+ of its \d+ bytes/);
    const stored = await r.store.count();
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(90);
    const back = r.importFrom(k);
    expect(back.delivered).toBe(stored);
    expect(back.failed).toHaveLength(1);
    expect(k.sync.backlog()).toBe(90 - stored);
    // Next trip: the broken file is written again (same batch, same bytes inside), the rest was delivered.
    const again = await r.exportTo(k);
    expect(again.submissions).toBe(90 - stored);
    expect((await r.hubImport()).devices[0]).toMatchObject({ failed: [], accepted: 90 - stored });
    expect(r.importFrom(k).delivered).toBe(90 - stored);
    expect(await r.store.count()).toBe(90);
    expect(k.sync.backlog()).toBe(0);
  });

  it('a tampered byte in a batch, in the manifest or in the answer: refused with a clear reason, nothing stored, nothing lost', async () => {
    r = await stickRig(sqlite);
    const k = r.kiosk();
    await firstTrip(r, k);
    r.fill(k, lines(20, 22));
    await r.exportTo(k);
    const [file] = batchFiles(r, k.deviceId);
    flipByte(file!, 100);
    const d = (await r.hubImport()).devices[0]!;
    expect(d.failed[0]!.message).toMatch(/altered or damaged/);
    expect(await r.store.count()).toBe(0);
    expect(r.importFrom(k).delivered).toBe(0);
    expect(k.sync.backlog()).toBe(20);

    // The manifest: the whole device folder is refused.
    await r.exportTo(k);
    const manifest = join(deviceDir(r.stick, k.deviceId), MANIFEST_FILE);
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('"submissions\\":20', '"submissions\\":21'));
    const m = (await r.hubImport()).devices[0]!;
    expect(m.error).toMatch(/manifest signature does not verify: it was altered/);
    expect(await r.store.count()).toBe(0);

    // A good trip, then a changed answer: the kiosk applies nothing from it.
    await r.exportTo(k);
    expect((await r.hubImport()).devices[0]!.accepted).toBe(20);
    const answer = join(deviceDir(r.stick, k.deviceId), ANSWER_FILE);
    const good = readFileSync(answer, 'utf8');
    writeFileSync(answer, good.replace(/"accepted\\":\[\\"/, '"accepted\\":[\\"x'));
    expect(() => r!.importFrom(k)).toThrow(/signature on answer.json does not verify: it was altered; nothing was applied/);
    writeFileSync(answer, good.slice(0, good.length / 2));
    expect(() => r!.importFrom(k)).toThrow(/cut short \(an incomplete copy\); nothing was applied/);
    writeFileSync(answer, `{${good.slice(2)}`);
    expect(() => r!.importFrom(k)).toThrow(/damaged \(altered\); nothing was applied/);
    expect(k.sync.backlog()).toBe(20);
    writeFileSync(answer, good);
    expect(r.importFrom(k).delivered).toBe(20);
    expect(await r.store.count()).toBe(20);
  });

  it("another office's stick: refused at the kiosk (export and import) and at the other hub, each with its reason", async () => {
    r = await stickRig(sqlite);
    other = await stickRig(sqlite);
    const k = r.kiosk();
    await firstTrip(r, k);
    r.fill(k, lines(5, 23));
    await r.exportTo(k);

    // This office's stick taken to another kabupaten's hub.
    cpSync(r.stick, other.stick, { recursive: true });
    const there = (await other.hubImport()).devices[0]!;
    expect(there.error).toMatch(/sealed for another hub \(fingerprint [0-9a-f-]+\); this hub is [0-9a-f-]+: another office's stick/);
    expect(await other.store.count()).toBe(0);

    // Back home, now holding the other hub's key file: the kiosk will not write for that hub.
    cpSync(join(other.stick, 'anjungan', 'hub.json'), join(r.stick, 'anjungan', 'hub.json'));
    await expect(r.exportTo(k)).rejects.toThrow(/this stick was prepared by another hub \(fingerprint [0-9a-f-]+\); this device belongs to hub [0-9a-f-]+/);
    // The other office's kiosk finds no answer of its own on this stick.
    const stranger = other.kiosk('stranger');
    await firstTrip(other, stranger);
    rmSync(join(other.stick, 'anjungan'), { recursive: true });
    cpSync(r.stick, other.stick, { recursive: true });
    expect(() => other!.importFrom(stranger)).toThrow(/holds no answer for this device .* it carries devices .*another office's stick/);
    expect(k.sync.backlog()).toBe(5);
  });

  it('an answer from a hub this device does not know is refused as a whole', async () => {
    r = await stickRig(sqlite);
    other = await stickRig(sqlite);
    const k = r.kiosk();
    await firstTrip(r, k);
    r.fill(k, lines(4, 24));
    await r.exportTo(k);
    await r.hubImport();
    // The same folder, answered (and signed) by another hub that enrolled this device too.
    const theirs = other.kiosk('twin');
    await firstTrip(other, theirs);
    const dir = deviceDir(r.stick, k.deviceId);
    const foreign = readFileSync(join(deviceDir(other.stick, theirs.deviceId), ANSWER_FILE), 'utf8').replaceAll(theirs.deviceId, k.deviceId);
    writeFileSync(join(dir, ANSWER_FILE), foreign);
    expect(() => r!.importFrom(k)).toThrow(UsbError);
    expect(() => r!.importFrom(k)).toThrow(/a hub this device does not know/);
    expect(k.sync.backlog()).toBe(4);
  });

  it('an old stick played back twice: at the hub nothing is stored twice, at the kiosk nothing changes', async () => {
    r = await stickRig(sqlite);
    const k = r.kiosk();
    await firstTrip(r, k);
    r.fill(k, lines(30, 25));
    await r.exportTo(k);
    const old = join(r.dir, 'old-stick');
    cpSync(r.stick, old, { recursive: true });
    await r.hubImport();
    expect(r.importFrom(k).delivered).toBe(30);
    // The same stick again at the kiosk: the very answer was applied.
    expect(r.importFrom(k)).toMatchObject({ alreadyApplied: true, delivered: 0 });
    // A later trip, then the old stick (before its answer) played at the hub and at the kiosk.
    r.fill(k, lines(5, 26));
    await r.exportTo(k);
    await r.hubImport();
    r.importFrom(k);
    rmSync(r.stick, { recursive: true });
    cpSync(old, r.stick, { recursive: true });
    const replay = (await r.hubImport()).devices[0]!;
    expect(replay).toMatchObject({ accepted: 0, duplicate: 0, failed: [] });
    expect(replay.replayed).toBeGreaterThan(0);
    expect(await r.store.count()).toBe(35);
    const late = r.importFrom(k);
    expect(late).toMatchObject({ delivered: 0, alreadyApplied: false });
    expect(late.stale).toBe(replay.replayed);
    expect(k.sync.backlog()).toBe(0);
  });

  it('a device the hub does not know, without an enrolment code: refused, nothing stored; with a used code: refused too', async () => {
    r = await stickRig(sqlite);
    const k = r.kiosk();
    r.fill(k, lines(3, 27));
    await r.hubImport();
    await expect(r.exportTo(k)).rejects.toThrow(/has not met its hub yet; to trust the hub on this stick, give its fingerprint: --hub-fingerprint [0-9a-f-]+/);
    await expect(r.exportTo(k, { hubFingerprint: '0000-0000-0000-0000' })).rejects.toThrow(/has fingerprint [0-9a-f-]+, not 0000-0000-0000-0000/);
    await r.exportTo(k, { hubFingerprint: await r.fingerprint() });
    expect((await r.hubImport()).devices[0]!.error).toMatch(/not enrolled at this hub .* --enrolment-code/);
    await r.exportTo(k, { enrolmentCode: 'NOT-A-CODE' });
    expect((await r.hubImport()).devices[0]!.error).toMatch(/enrolment code on the stick is unknown, used or expired/);
    expect(await r.store.count()).toBe(0);
    expect(() => r!.importFrom(k)).toThrow(/no answer from the hub for this device/);
    expect(k.sync.backlog()).toBe(3);
  });

  it('a stick pulled mid-export leaves the previous export whole: the hub reads the old manifest and every file it names', async () => {
    r = await stickRig(sqlite);
    const k = r.kiosk();
    await firstTrip(r, k);
    r.fill(k, lines(40, 28, [10, 20]));
    await r.exportTo(k);
    r.fill(k, lines(40, 29, [10, 20]));
    // The pull: the export stops after its first new file is on the stick.
    await expect(
      r.exportTo(k, {
        onProgress: (p) => {
          if (p.phase === 'write') throw new Error('stick pulled');
        },
      }),
    ).rejects.toThrow('stick pulled');
    const d = (await r.hubImport()).devices[0]!;
    expect(d).toMatchObject({ error: null, failed: [], accepted: 40 });
    expect(r.importFrom(k).delivered).toBe(40);
    expect(k.sync.backlog()).toBe(40);
    await r.exportTo(k);
    await r.hubImport();
    expect(r.importFrom(k).delivered).toBe(40);
    expect(await r.store.count()).toBe(80);
  });
});
