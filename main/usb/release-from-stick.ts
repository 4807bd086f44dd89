import type { KeyObject } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import type { ReleaseInfo } from '../../shared/sync/protocol.js';
import { RELEASE_DIR } from '../../shared/usb/format.js';
import type { Logger } from '../log.js';
import { releaseKeyFile } from '../paths.js';
import { readPublicKey, SIGNATURE_SUFFIX, verifyRelease } from '../update/release-signing.js';
import { UpdateJournal } from '../update/update-journal.js';
import { readReleaseKey } from '../update/update-service.js';

export type StickReleaseOutcome =
  | { state: 'ready'; version: string; dir: string }
  | { state: 'current'; version: string }
  | { state: 'disabled'; version: string; reason: string }
  | { state: 'refused'; version: string; reason: string };

/** A file name the hub listed, used only as a name inside one folder (never a path). */
const PLAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,200}$/;

/**
 * Updates on the stick (issue 15): the newest signed release the hub put beside this device's
 * answer is copied into <data>/updates/<version>/ and every file checked against the kabupaten's
 * release key, exactly as a download from the hub is (main/update/update-service.ts); only then is
 * it "ready", and the shell installs it at a quiet moment (main/update/install-flow.ts, which
 * checks the signatures once more). A file that does not verify refuses the whole release.
 */
export async function installFromStick(o: {
  release: ReleaseInfo;
  /** The device's folder on the stick (the release sits in release/<version>/ under it). */
  answerDir: string;
  updatesDir: string;
  currentVersion: string;
  releaseKey?: KeyObject | null;
  log: Logger;
}): Promise<StickReleaseOutcome> {
  const v = o.release.version;
  if (!semver.valid(v) || !semver.gt(v, o.currentVersion)) return { state: 'current', version: v };
  const key = o.releaseKey === undefined ? readReleaseKey(releaseKeyFile(), readPublicKey) : o.releaseKey;
  if (!key) return { state: 'disabled', version: v, reason: 'no release public key is configured, so no update can be trusted' };
  const src = join(o.answerDir, RELEASE_DIR, v);
  const dst = join(o.updatesDir, v);
  if (existsSync(join(dst, 'ready.json'))) return { state: 'ready', version: v, dir: dst };
  /** `reason` for people (the CLI, the desk), `code` for the hub's report (as a refused download reports it). */
  const refuse = (reason: string, code = reason): StickReleaseOutcome => {
    rmSync(dst, { recursive: true, force: true });
    o.log.error('update from the stick refused', { version: v, reason });
    // The hub hears of it with the next report the device can send (as for a refused download).
    new UpdateJournal(join(o.updatesDir, 'journal.json')).queue({ version: v, outcome: 'refused', reason: code.slice(0, 500) });
    return { state: 'refused', version: v, reason };
  };
  mkdirSync(dst, { recursive: true, mode: 0o700 });
  for (const f of o.release.files) {
    if (!PLAIN_NAME.test(f.name)) return refuse(`the release names a file "${f.name}" that is not a plain file name`);
    if (!existsSync(join(src, f.name))) return refuse(`${f.name} is missing from the stick (an incomplete copy)`);
    copyFileSync(join(src, f.name), join(dst, f.name));
    writeFileSync(join(dst, `${f.name}${SIGNATURE_SUFFIX}`), `${f.sig}\n`);
  }
  for (const f of o.release.files) {
    const verdict = await verifyRelease(join(dst, f.name), key);
    if (!verdict.ok) return refuse(`${f.name}: ${verdict.message}`, `${f.name}: ${verdict.reason}`);
  }
  writeFileSync(join(dst, 'ready.json'), `${JSON.stringify({ version: v, at: new Date().toISOString(), files: o.release.files.map((f) => f.name) })}\n`);
  o.log.info('update from the stick verified and ready', { version: v });
  return { state: 'ready', version: v, dir: dst };
}
