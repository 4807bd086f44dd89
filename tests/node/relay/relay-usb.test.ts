import { existsSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deviceDir } from '../../../main/usb/stick.js';
import { BACKENDS } from '../hub/backends.js';
import { exited, hop, outbox, relayUsbRig, sleep, stickFingerprint, type Hop, type RelayUsbRig } from './relay-usb-rig.js';

/**
 * `anjungan relay usb-import` (issue 12 §2): a stick sealed to the hub, carried by the kecamatan
 * relay as one more carrier of the one engine. Real processes throughout: `hub serve`,
 * `relay serve`, `usb export`, `relay usb-import`, `usb import`, `hub count`, on real SQLite files
 * (and the hub on PostgreSQL too). Needs `npm run build:node`.
 */
const sqlite = BACKENDS[0]!;

/** The sealed batch files in a device's folder on the stick (not the control file). */
function batchFiles(stick: string, deviceId: string): string[] {
  return readdirSync(deviceDir(stick, deviceId))
    .filter((f) => f.endsWith('.ajs') && !f.startsWith('control-'))
    .sort();
}

/** The stick prepared by the relay (hub.json from the hub it enrolled with), then one export of the kiosk. */
async function exportThroughRelay(r: RelayUsbRig, k: { db: string }): Promise<void> {
  const prep = await r.relayImport(['--upstream', r.hubUrl!]);
  expect(prep.code, prep.stderr).toBe(0);
  expect(prep.stdout).toMatch(/^relay \S+: 0 device folder\(s\) on the stick$/m);
  const ex = await r.cli(['usb', 'export', '--db', k.db, '--to', r.stick, '--hub-fingerprint', stickFingerprint(r.stick), '--enrolment-code', await r.code()]);
  expect(ex.code, ex.stderr).toBe(0);
}

/** The relay's stick tables, or null while the file is not there yet (a process just starting). */
function rowsOrNull(r: RelayUsbRig): ReturnType<RelayUsbRig['relayRows']> | null {
  try {
    return r.relayRows();
  } catch {
    return null;
  }
}

async function until(what: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await what()) return true;
    await sleep(250);
  }
  return what();
}

describe('relay usb-import: a stick carried through the kecamatan relay (real processes)', () => {
  let r: RelayUsbRig | undefined;
  afterEach(async () => {
    await r?.close();
    r = undefined;
  });

  for (const backend of BACKENDS) {
    it(`kiosk usb export → relay usb-import (hub up) → answers on the stick → usb import: delivered, counted once, channel usb [${backend.name}]`, { timeout: 240_000 }, async () => {
      r = await relayUsbRig(backend);
      await r.startHub();
      const k = r.kiosk('desa', 30, 71, 10);
      await exportThroughRelay(r, k);
      const files = batchFiles(r.stick, k.deviceId).length;
      expect(files).toBe(3);

      const imp = await r.relayImport(['--upstream', r.hubUrl!]);
      expect(imp.code, imp.stderr).toBe(0);
      expect(imp.stdout).toContain(`device ${k.deviceId}: 4 files (4 new); at the hub: accepted 30, duplicate 0, rejected 0, replayed 0, failed 0, statuses 0, answer written\n`);
      expect(existsSync(join(deviceDir(r.stick, k.deviceId), 'answer.json'))).toBe(true);
      expect(await r.hubCount()).toBe('30\n');
      // The console's device health: every batch came on a stick (through the relay), none by link.
      expect(await r.carried(k.deviceId)).toEqual({ direct: 0, relay: 0, usb: 3 });
      // The relay gave back the bytes once the hub answered; it keeps the names and digests.
      expect(r.relayRows()).toMatchObject({ exports: 1, waiting: 0, files: 4, parts: 4 });

      const back = await r.cli(['usb', 'import', '--db', k.db, '--from', r.stick]);
      expect(back.code, back.stderr).toBe(0);
      expect(back.stdout).toBe('delivered 30, parked 0, statuses 0, status moves 0\n');
      expect(await outbox(r, k.db)).toEqual({ pending: 0, atRelay: 0, delivered: 30, parked: 0 });
    });
  }

  it('hub down during the import: held at the relay ("di kecamatan" at the kiosk), kill -9 halfway through storing loses nothing; relay serve forwards when the hub is back; the next import writes the answers', { timeout: 240_000 }, async () => {
    r = await relayUsbRig(sqlite);
    await r.startHub();
    const k = r.kiosk('desa', 40, 72, 2);
    await exportThroughRelay(r, k);
    const files = batchFiles(r.stick, k.deviceId).length + 1;
    expect(files).toBe(21);
    const url = r.hubUrl!;
    await r.stopHub();

    // kill -9 as soon as it stored one more file than before (the export itself not yet): several rounds.
    let halfway = 0;
    for (let round = 0; round < 4; round++) {
      const before = r.relayRows().files;
      const p = r.spawn(['relay', 'usb-import', '--db', r.relayDb, '--from', r.stick, '--upstream', url]);
      while (p.exitCode === null && (rowsOrNull(r)?.files ?? 0) <= before) await sleep(2);
      p.kill('SIGKILL');
      await exited(p);
      const now = r.relayRows();
      if (now.exports === 0 && now.files > before) halfway++;
    }
    expect(halfway).toBeGreaterThan(0);
    const held = await r.relayImport(['--upstream', url]);
    expect(held.code, held.stderr).toBe(0);
    expect(held.stdout).toContain(`device ${k.deviceId}: held at relay, ${files} files, will forward\n`);
    expect(held.stdout).toMatch(/^the hub could not be reached \(.+\): 1 export\(s\) held at this relay; /m);
    expect(r.relayRows()).toMatchObject({ exports: 1, waiting: 1, files, parts: files });
    expect(await r.hubCount()).toBe('0\n');

    // The kiosk reads the relay's receipt: its rows are at the kecamatan, still pending.
    const atRelay = await r.cli(['usb', 'import', '--db', k.db, '--from', r.stick]);
    expect(atRelay.code, atRelay.stderr).toBe(3);
    expect(atRelay.stdout).toMatch(/^at the kecamatan relay \S+ since \S+: 20 batches \(di kecamatan\); they stay pending until the hub's answer comes back on a later stick\n$/);
    expect(await outbox(r, k.db)).toEqual({ pending: 0, atRelay: 40, delivered: 0, parked: 0 });

    // The hub comes back on its port; `relay serve` (the same relay file) carries the held export up by itself.
    await r.startHub();
    await r.startRelay();
    expect(await until(async () => (await r!.hubCount()) === '40\n', 30_000)).toBe(true);
    expect(await until(async () => r!.relayRows().waiting === 0, 10_000)).toBe(true);
    expect(existsSync(join(deviceDir(r.stick, k.deviceId), 'answer.json'))).toBe(false);

    // The stick seen again (no --upstream: the one `relay serve` uses): the kept answer goes onto it.
    const next = await r.relayImport();
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toContain(`device ${k.deviceId}: ${files} files (0 new); at the hub: accepted 40, duplicate 0, rejected 0, replayed 0, failed 0, statuses 0, answer written\n`);
    const back = await r.cli(['usb', 'import', '--db', k.db, '--from', r.stick]);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toBe('delivered 40, parked 0, statuses 0, status moves 0\n');
    expect(await outbox(r, k.db)).toEqual({ pending: 0, atRelay: 0, delivered: 40, parked: 0 });
    expect(await r.hubCount()).toBe('40\n');
  });

  it('kill -9 after storing but before the hub heard, and after the hub committed but before the answer was kept; then the same stick played twice: once at the relay, once at the hub', { timeout: 240_000 }, async () => {
    r = await relayUsbRig(sqlite);
    await r.startHub();
    const h = await hop(() => r!.hubUrl!);
    try {
      const k = r.kiosk('desa', 48, 73, 6);
      const prep = await r.relayImport(['--upstream', h.url]);
      expect(prep.code, prep.stderr).toBe(0);
      const ex = await r.cli(['usb', 'export', '--db', k.db, '--to', r.stick, '--hub-fingerprint', stickFingerprint(r.stick), '--enrolment-code', await r.code()]);
      expect(ex.code, ex.stderr).toBe(0);
      const files = batchFiles(r.stick, k.deviceId).length + 1;
      expect(files).toBe(9);
      const answerFile = join(deviceDir(r.stick, k.deviceId), 'answer.json');
      const killAt = async (mode: Hop['mode']): Promise<void> => {
        h.mode = mode;
        const next = h.next();
        const p = r!.spawn(['relay', 'usb-import', '--db', r!.relayDb, '--from', r!.stick, '--upstream', h.url]);
        await next;
        p.kill('SIGKILL');
        await exited(p);
      };

      // Stored, and killed while its carry was on the way: the hub has nothing, the relay holds it all.
      await killAt('hold');
      expect(r.relayRows()).toMatchObject({ exports: 1, waiting: 1, files, parts: files });
      expect(await r.hubCount()).toBe('0\n');
      // The hub committed and answered; the relay was killed before it kept the answer.
      await killAt('answer-late');
      expect(await r.hubCount()).toBe('48\n');
      expect(r.relayRows()).toMatchObject({ exports: 1, waiting: 1 });
      expect(existsSync(answerFile)).toBe(false);

      // Played again: the hub answers the same batches again (replayed, stored once), the answer goes onto the stick.
      h.mode = 'pass';
      const first = await r.relayImport(['--upstream', h.url]);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toContain(`device ${k.deviceId}: ${files} files (0 new); at the hub: accepted 0, duplicate 0, rejected 0, replayed 8, failed 0, statuses 0, answer written\n`);
      expect(await r.hubCount()).toBe('48\n');
      const rows = r.relayRows();
      expect(rows).toMatchObject({ exports: 1, waiting: 0, files, parts: files });
      const answer = readFileSync(answerFile);

      const twice = await r.relayImport(['--upstream', h.url]);
      expect(twice.code, twice.stderr).toBe(0);
      expect(twice.stdout).toContain(`device ${k.deviceId}: ${files} files (0 new); at the hub:`);
      expect(twice.stdout).not.toContain('answer written');
      expect(r.relayRows()).toEqual(rows);
      expect(readFileSync(answerFile).equals(answer)).toBe(true);
      expect(await r.hubCount()).toBe('48\n');
      expect((await r.carried(k.deviceId)).usb).toBe(files - 1);

      const back = await r.cli(['usb', 'import', '--db', k.db, '--from', r.stick]);
      expect(back.code, back.stderr).toBe(0);
      expect(back.stdout).toBe('delivered 48, parked 0, statuses 0, status moves 0\n');
      const again = await r.cli(['usb', 'import', '--db', k.db, '--from', r.stick]);
      expect(again.stdout).toBe('this answer was already applied (an old stick played back): nothing changed\n');
      expect(await outbox(r, k.db)).toEqual({ pending: 0, atRelay: 0, delivered: 48, parked: 0 });
    } finally {
      await h.close();
    }
  });

  it('usage errors, no stick, --help: clear messages and the exit codes of hub usb-import', { timeout: 60_000 }, async () => {
    r = await relayUsbRig(sqlite);
    const usage = await r.cli(['relay', 'usb-import', '--db', r.relayDb]);
    expect(usage.code).not.toBe(0);
    expect(usage.stderr).toMatch(/--db and --from are required/);
    const none = await r.cli(['relay', 'usb-import', '--db', r.relayDb, '--from', join(r.dir, 'not-mounted')]);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(`anjungan relay usb-import: ${join(r.dir, 'not-mounted')} does not exist (is the stick mounted?)\n`);
    const help = await r.cli(['relay', 'usb-import', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit 0 everything on the stick taken \(held or answered\);\s+1 some device folder or file was refused/);
  });

  it('a changed byte, a cut file, a forged manifest: clear errors, nothing stored from the bad files; a new export carries the rest', { timeout: 240_000 }, async () => {
    r = await relayUsbRig(sqlite);
    await r.startHub();
    const k = r.kiosk('desa', 30, 74, 10);
    const k2 = r.kiosk('desa2', 5, 75);
    await exportThroughRelay(r, k);
    const ex2 = await r.cli(['usb', 'export', '--db', k2.db, '--to', r.stick, '--hub-fingerprint', stickFingerprint(r.stick), '--enrolment-code', await r.code()]);
    expect(ex2.code, ex2.stderr).toBe(0);

    const dir = deviceDir(r.stick, k.deviceId);
    const [altered, cut, good] = batchFiles(r.stick, k.deviceId);
    const b = readFileSync(join(dir, altered!));
    b[b.length >> 1] = b[b.length >> 1]! ^ 0x01;
    writeFileSync(join(dir, altered!), b);
    const size = readFileSync(join(dir, cut!)).length;
    truncateSync(join(dir, cut!), size - 100);
    // The second device's manifest changed after it was signed (one more submission claimed).
    const m2 = join(deviceDir(r.stick, k2.deviceId), 'manifest.json');
    writeFileSync(m2, readFileSync(m2, 'utf8').replace('\\"submissions\\":5', '\\"submissions\\":6'));

    const imp = await r.relayImport(['--upstream', r.hubUrl!]);
    expect(imp.code).toBe(1);
    const err = (s: string) => `anjungan relay usb-import: ${s}\n`;
    expect(imp.stderr).toContain(err(`device ${k.deviceId}: ${altered} differs from what the device wrote (a changed byte): it was altered or damaged; not stored (the device keeps it pending)`));
    expect(imp.stderr).toContain(err(`device ${k.deviceId}: incomplete copy: ${cut} has ${size - 100} of its ${size} bytes; not stored (the device keeps it pending)`));
    expect(imp.stderr).toContain(err(`device ${k2.deviceId}: refused: the manifest signature does not verify: it was altered`));
    // Only the good batch and the control file were kept; nothing of the forged folder.
    const rows = r.relayRows();
    expect(rows.names.filter((n) => n !== good && !n.startsWith('control-'))).toEqual([]);
    expect(rows).toMatchObject({ exports: 1, files: 2 });
    // The hub took the good batch only and says which did not come.
    expect(await r.hubCount()).toBe('10\n');
    expect(imp.stdout).toContain(`device ${k.deviceId}: 2 files (2 new); at the hub: accepted 10, duplicate 0, rejected 0, replayed 0, failed 2, statuses 0, answer written\n`);
    expect(imp.stderr).toMatch(/device \S+: batch \S+ not taken: incomplete copy: .* is missing from the stick/);

    const back = await r.cli(['usb', 'import', '--db', k.db, '--from', r.stick]);
    expect(back.code).toBe(3);
    expect(back.stdout).toBe('delivered 10, parked 0, statuses 0, status moves 0\n');
    expect(await outbox(r, k.db)).toEqual({ pending: 20, atRelay: 0, delivered: 10, parked: 0 });

    // The next export writes the two damaged batches anew; the relay carries them, the hub counts each submission once.
    const ex3 = await r.cli(['usb', 'export', '--db', k.db, '--to', r.stick]);
    expect(ex3.code, ex3.stderr).toBe(0);
    const again = await r.relayImport(['--upstream', r.hubUrl!]);
    expect(again.stdout).toContain(`device ${k.deviceId}: 3 files (3 new); at the hub: accepted 20, duplicate 0, rejected 0, replayed 0, failed 0, statuses 0, answer written\n`);
    expect(await r.hubCount()).toBe('30\n');
    const done = await r.cli(['usb', 'import', '--db', k.db, '--from', r.stick]);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toBe('delivered 20, parked 0, statuses 0, status moves 0\n');
    expect(await outbox(r, k.db)).toEqual({ pending: 0, atRelay: 0, delivered: 30, parked: 0 });
  });
});
