import { createHash, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import semver from 'semver';
import { bodySigningText, HEADERS, PATHS, ReleaseInfo, requestSigningText, type UpdateReport } from '../../shared/sync/protocol.js';
import type { Logger } from '../log.js';
import type { DeviceIdentity } from '../sync/keys.js';
import { SIGNATURE_SUFFIX, verifyRelease } from './release-signing.js';

export interface UpdateOptions {
  /** <data>/updates: one folder per version, verified files only once it is "ready". */
  dir: string;
  /** The hub (or relay) this device syncs to; null: updates off. */
  upstream: string | null;
  identity: () => DeviceIdentity;
  currentVersion: string;
  platform: 'linux' | 'win';
  officeCode: () => string;
  /** The kabupaten's release public key; null: no update is ever installed (and the log says why). */
  releaseKey: KeyObject | null;
  log: Logger;
  /** Bytes asked per request: a thin link moves them in a few seconds, and a cut loses little. */
  rangeBytes?: number;
}

export type CheckOutcome =
  | { state: 'disabled'; reason: string }
  | { state: 'current' }
  | { state: 'ready'; version: string; dir: string }
  | { state: 'refused'; version: string; reason: string };

const READY = 'ready.json';

/**
 * Updates from the hub (issue 15): ask for the newest release meant for this office, download its
 * files by range into <data>/updates/<version>/ (a cut resumes where it stopped), and check every
 * file against the kabupaten's release signature before the release counts as ready. A refused
 * release is deleted and reported to the hub. Installing is the shell's job, at a quiet moment,
 * and only from a ready folder (see main/electron/updater.ts).
 */
export class UpdateService {
  constructor(private readonly o: UpdateOptions) {}

  /** The key every release must verify against (null: updates are off). */
  get releaseKey(): KeyObject | null {
    return this.o.releaseKey;
  }

  /** The newest verified release waiting to be installed, if any. */
  ready(): { version: string; dir: string } | null {
    if (!existsSync(this.o.dir)) return null;
    const versions = readdirSync(this.o.dir).filter((v) => semver.valid(v) && existsSync(join(this.o.dir, v, READY)));
    versions.sort(semver.rcompare);
    const v = versions[0];
    return v && semver.gt(v, this.o.currentVersion) ? { version: v, dir: join(this.o.dir, v) } : null;
  }

  async check(): Promise<CheckOutcome> {
    if (!this.o.upstream) return { state: 'disabled', reason: 'no upstream hub' };
    if (!this.o.releaseKey) return { state: 'disabled', reason: 'no release public key is configured, so no update can be trusted' };
    const release = await this.latest();
    if (!release) return { state: 'current' };
    const dir = join(this.o.dir, release.version);
    if (existsSync(join(dir, READY))) return { state: 'ready', version: release.version, dir };
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const f of release.files) {
      await this.download(release.releaseId, f.name, f.size, join(dir, f.name));
      writeFileSync(join(dir, `${f.name}${SIGNATURE_SUFFIX}`), `${f.sig}\n`);
    }
    for (const f of release.files) {
      const verdict = await verifyRelease(join(dir, f.name), this.o.releaseKey);
      if (!verdict.ok) {
        rmSync(dir, { recursive: true, force: true });
        this.o.log.error('update refused: a release file does not verify', { version: release.version, file: f.name, reason: verdict.reason });
        await this.report({ version: release.version, outcome: 'refused', reason: `${f.name}: ${verdict.reason}` }).catch(() => undefined);
        return { state: 'refused', version: release.version, reason: `${f.name}: ${verdict.message}` };
      }
    }
    writeFileSync(join(dir, READY), `${JSON.stringify({ version: release.version, at: new Date().toISOString(), files: release.files.map((f) => f.name) })}\n`);
    this.o.log.info('update verified and ready', { version: release.version });
    await this.report({ version: release.version, outcome: 'downloaded', reason: null }).catch(() => undefined);
    return { state: 'ready', version: release.version, dir };
  }

  /** Tells the hub what happened to a release (refused, installed, rolled back). */
  async report(r: UpdateReport): Promise<void> {
    const body = JSON.stringify(r);
    const digest = createHash('sha256').update(body).digest('hex');
    const id = this.o.identity();
    const res = await fetch(new URL(PATHS.updatesReport, this.o.upstream!), {
      method: 'POST',
      headers: { 'content-type': 'application/json', [HEADERS.device]: id.deviceId, [HEADERS.signature]: id.sign(bodySigningText('POST', PATHS.updatesReport, id.deviceId, digest)) },
      body,
    });
    if (!res.ok) throw new Error(`hub answered ${res.status} to the update report`);
  }

  private async latest(): Promise<ReleaseInfo | null> {
    const q = new URLSearchParams({ office: this.o.officeCode(), platform: this.o.platform, have: this.o.currentVersion });
    const path = `${PATHS.updatesLatest}?${q.toString()}`;
    const id = this.o.identity();
    const res = await fetch(new URL(path, this.o.upstream!), { headers: { [HEADERS.device]: id.deviceId, [HEADERS.signature]: id.sign(requestSigningText('GET', path, id.deviceId)) } });
    if (res.status === 204) return null;
    if (!res.ok) throw new Error(`hub answered ${res.status} to the update check`);
    const parsed = ReleaseInfo.safeParse(await res.json());
    if (!parsed.success) throw new Error('hub sent a malformed release description');
    return semver.gt(parsed.data.version, this.o.currentVersion) ? parsed.data : null;
  }

  /** Appends ranges to FILE.part until it has `size` bytes, then renames it: a restart resumes. */
  private async download(releaseId: number, name: string, size: number, target: string): Promise<void> {
    if (existsSync(target) && statSync(target).size === size) return;
    const part = `${target}.part`;
    const step = this.o.rangeBytes ?? 512 * 1024;
    let have = existsSync(part) ? statSync(part).size : 0;
    if (have > size) {
      rmSync(part);
      have = 0;
    }
    const fh = await open(part, 'a', 0o600);
    try {
      while (have < size) {
        const res = await fetch(new URL(PATHS.updatesFile(releaseId, name), this.o.upstream!), { headers: { range: `bytes=${have}-${Math.min(size, have + step) - 1}` } });
        if (res.status !== 206 && res.status !== 200) throw new Error(`hub answered ${res.status} for ${name}`);
        const chunk = Buffer.from(await res.arrayBuffer());
        if (chunk.length === 0) throw new Error(`hub sent nothing for ${name} at ${have}`);
        // A 200 means the whole file from 0: only usable when nothing was held yet.
        if (res.status === 200 && have > 0) throw new Error(`hub ignored the range for ${name}`);
        await fh.write(chunk);
        have += chunk.length;
      }
    } finally {
      await fh.close();
    }
    renameSync(part, target);
  }
}

/** The release public key from a PEM file, or null (updates stay off) when there is none. */
export function readReleaseKey(file: string | null, load: (text: Buffer) => KeyObject): KeyObject | null {
  return file && existsSync(file) ? load(readFileSync(file)) : null;
}
