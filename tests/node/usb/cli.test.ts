import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openKioskFile } from '../../../main/sync/kiosk-db.js';
import { parseImportLine } from '../../../main/sync/records.js';
import { deviceDir } from '../../../main/usb/stick.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';
import { lines } from './stick-rig.js';

describe('anjungan usb export / hub usb-import / usb import (the CLI, real processes)', () => {
  let tmp: ReturnType<typeof tempDir> | undefined;
  afterEach(() => tmp?.cleanup());

  it('carries a USB-only device through a whole round trip, with clear messages and exit codes', { timeout: 240_000 }, async () => {
    tmp = tempDir('anjungan-usb-cli-');
    const hub = join(tmp.dir, 'hub.sqlite');
    const db = join(tmp.dir, 'kiosk.sqlite');
    const stick = join(tmp.dir, 'stick');
    const k = openKioskFile(db);
    const now = new Date().toISOString();
    for (const l of lines(25, 31, [5, 10])) k.sync.importRecord(parseImportLine(l, now));
    const deviceId = k.deviceId;
    k.close();

    // A stick that is not mounted.
    const none = await runCli(['usb', 'export', '--db', db, '--to', stick]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^anjungan usb export: .*stick does not exist \(is the stick mounted\?\)|does not exist \(is the stick mounted\?\)/m);

    // The hub prepares the stick (its key file) and names its fingerprint.
    const { mkdirSync } = await import('node:fs');
    mkdirSync(stick);
    const prep = await runCli(['hub', 'usb-import', '--db', hub, '--from', stick]);
    expect(prep.code, prep.stderr).toBe(0);
    const fp = /^hub ([0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}): 0 device folder\(s\) on the stick$/m.exec(prep.stdout)?.[1];
    expect(fp).toBeDefined();
    const code = (await runCli(['hub', 'enrol', '--db', hub])).stdout.trim();

    const untrusted = await runCli(['usb', 'export', '--db', db, '--to', stick]);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toContain(`give its fingerprint: --hub-fingerprint ${fp}`);

    const ex = await runCli(['usb', 'export', '--db', db, '--to', stick, '--hub-fingerprint', fp!, '--enrolment-code', code]);
    expect(ex.code, ex.stderr).toBe(0);
    expect(ex.stdout).toMatch(/^exported 25 submissions in \d+ batches \(\d+ bytes, 0 already on the stick\), 0 status moves, for hub [0-9a-f-]{19}\n$/);
    expect(ex.stderr).toMatch(/usb: .*\[done\]/); // the progress bar (plain lines when stderr is not a terminal)

    const early = await runCli(['usb', 'import', '--db', db, '--from', stick]);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/no answer from the hub for this device .* take it to the hub first/);

    const imp = await runCli(['hub', 'usb-import', '--db', hub, '--from', stick]);
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.stdout).toContain(`device ${deviceId}: accepted 25, duplicate 0, rejected 0, replayed 0, failed 0, statuses 0`);
    expect((await runCli(['hub', 'count', '--db', hub])).stdout).toBe('25\n');
    // Played twice at the hub: answered again, stored once.
    const twice = await runCli(['hub', 'usb-import', '--db', hub, '--from', stick]);
    expect(twice.stdout).toMatch(new RegExp(`device ${deviceId}: accepted 0, duplicate 0, rejected 0, replayed [1-9]\\d*, failed 0`));
    expect((await runCli(['hub', 'count', '--db', hub])).stdout).toBe('25\n');

    const back = await runCli(['usb', 'import', '--db', db, '--from', stick]);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toBe('delivered 25, parked 0, statuses 0, status moves 0\n');
    const again = await runCli(['usb', 'import', '--db', db, '--from', stick]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('this answer was already applied (an old stick played back): nothing changed\n');

    // A damaged answer: exit 1, the reason, nothing applied.
    const answer = join(deviceDir(stick, deviceId), 'answer.json');
    expect(existsSync(answer)).toBe(true);
    writeFileSync(answer, readFileSync(answer, 'utf8').replace('"statuses', '"Statuses'));
    const bad = await runCli(['usb', 'import', '--db', db, '--from', stick]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^anjungan usb import: the hub's signature on answer.json does not verify: it was altered; nothing was applied$/m);
  });
});
