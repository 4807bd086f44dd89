import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { UpdateReport } from '../../../shared/sync/protocol.js';
import { createLogger } from '../../../main/log.js';
import { installWhenQuiet, keptInstaller, pruneReleases } from '../../../main/update/install-flow.js';
import { serveReleaseFeed } from '../../../main/update/local-feed.js';
import { generateReleaseKey, readPrivateKey, readPublicKey, signRelease } from '../../../main/update/release-signing.js';
import { MAX_PENDING_REPORTS, UpdateJournal } from '../../../main/update/update-journal.js';
import { tempDir } from '../../helpers/tmp.js';

const log = createLogger('test', () => undefined);

/** A ready release folder as UpdateService leaves it: electron-builder's files, our signatures, ready.json. */
async function readyRelease(updatesDir: string, version: string, keyFile: string): Promise<string> {
  const dir = join(updatesDir, version);
  mkdirSync(dir, { recursive: true });
  const name = `Anjungan-${version}.AppImage`;
  const bytes = randomBytes(300 * 1024);
  writeFileSync(join(dir, name), bytes);
  const sha512 = createHash('sha512').update(bytes).digest('base64');
  writeFileSync(join(dir, 'latest-linux.yml'), `version: ${version}\nfiles:\n  - url: ${name}\n    sha512: ${sha512}\n    size: ${bytes.length}\npath: ${name}\nsha512: ${sha512}\n`);
  const key = readPrivateKey(keyFile);
  await signRelease(join(dir, name), key);
  await signRelease(join(dir, 'latest-linux.yml'), key);
  writeFileSync(join(dir, 'ready.json'), JSON.stringify({ version, at: new Date().toISOString(), files: [name, 'latest-linux.yml'] }));
  return dir;
}

/**
 * What electron-updater's generic provider does with the feed: read latest-linux.yml, fetch the
 * installer (by ranges too) and check its sha512. A stand-in, because electron-updater cannot run
 * without the Electron binary, which these machines cannot download.
 */
async function electronUpdaterStandIn(feedUrl: string): Promise<{ version: string; bytes: number }> {
  const yml = await (await fetch(`${feedUrl}latest-linux.yml`)).text();
  const path = /^path: (.+)$/m.exec(yml)![1]!;
  const sha512 = /^sha512: (.+)$/m.exec(yml)![1]!;
  const whole = Buffer.from(await (await fetch(`${feedUrl}${path}`)).arrayBuffer());
  const part = await fetch(`${feedUrl}${path}`, { headers: { range: 'bytes=10-19' } });
  expect(part.status).toBe(206);
  expect(Buffer.from(await part.arrayBuffer()).equals(whole.subarray(10, 20))).toBe(true);
  expect(createHash('sha512').update(whole).digest('base64')).toBe(sha512);
  return { version: /^version: (.+)$/m.exec(yml)![1]!, bytes: whole.length };
}

function fakeUpdates(dir: string | null, version: string, reports: UpdateReport[]) {
  return {
    ready: () => (dir && existsSync(dir) ? { version, dir } : null),
    report: async (r: UpdateReport) => void reports.push(r),
  };
}

describe('installing a verified release at a quiet moment (issue 15)', () => {
  it('waits for a quiet moment, serves the verified files to the installer on loopback, and the next start reports installed', async () => {
    const tmp = tempDir('anjungan-install-');
    try {
      const key = join(tmp.dir, 'kab.key');
      generateReleaseKey(key);
      const updatesDir = join(tmp.dir, 'updates');
      const dir = await readyRelease(updatesDir, '0.2.0', key);
      const journal = new UpdateJournal(join(updatesDir, 'journal.json'));
      const reports: UpdateReport[] = [];
      let looks = 0;
      let handed: { version: string; bytes: number } | null = null;
      const out = await installWhenQuiet({
        updates: fakeUpdates(dir, '0.2.0', reports),
        journal,
        releaseKey: readPublicKey(readFileSync(`${key}.pub`)),
        currentVersion: '0.1.0',
        isQuiet: () => ++looks > 3, // a resident is in a visit for the first three looks
        pollMs: 5,
        log,
        install: async (url) => {
          handed = await electronUpdaterStandIn(url);
        },
      });
      expect(out).toEqual({ state: 'handed-over', version: '0.2.0' });
      expect(looks).toBe(4);
      expect(handed).toEqual({ version: '0.2.0', bytes: 300 * 1024 });
      expect(reports).toEqual([]);
      // The new version starts healthy: the journal turns the hand-over into an 'installed' report.
      const after = new UpdateJournal(join(updatesDir, 'journal.json'));
      after.settle('0.2.0');
      expect(after.pending()).toEqual([{ version: '0.2.0', outcome: 'installed', reason: null }]);
      // The hub is out of reach once: the report waits; then it goes.
      expect(await after.flush(async () => Promise.reject(new Error('offline')))).toBe(0);
      const sent: UpdateReport[] = [];
      expect(await after.flush(async (r) => void sent.push(r))).toBe(1);
      expect(sent[0]?.outcome).toBe('installed');
      expect(after.pending()).toEqual([]);
    } finally {
      tmp.cleanup();
    }
  });

  it('an installer that did not take is reported as failed; pending reports are bounded', () => {
    const tmp = tempDir('anjungan-journal-');
    try {
      const j = new UpdateJournal(join(tmp.dir, 'journal.json'));
      j.installing('0.3.0', '0.2.0');
      j.settle('0.2.0');
      expect(j.pending()).toEqual([{ version: '0.3.0', outcome: 'failed', reason: 'still running 0.2.0 after the installer ran' }]);
      for (let i = 0; i < MAX_PENDING_REPORTS + 5; i++) j.queue({ version: `0.0.${i}`, outcome: 'refused', reason: null });
      expect(j.pending()).toHaveLength(MAX_PENDING_REPORTS);
      expect(j.pending().at(-1)?.version).toBe(`0.0.${MAX_PENDING_REPORTS + 4}`);
      writeFileSync(join(tmp.dir, 'journal.json'), '{broken');
      expect(new UpdateJournal(join(tmp.dir, 'journal.json')).pending()).toEqual([]);
    } finally {
      tmp.cleanup();
    }
  });

  it('a file changed on disk after it verified is refused before install, deleted and reported; the installer never sees it', async () => {
    const tmp = tempDir('anjungan-install-');
    try {
      const key = join(tmp.dir, 'kab.key');
      generateReleaseKey(key);
      const updatesDir = join(tmp.dir, 'updates');
      const dir = await readyRelease(updatesDir, '0.2.0', key);
      const installer = join(dir, 'Anjungan-0.2.0.AppImage');
      const bytes = readFileSync(installer);
      bytes[1000] = (bytes[1000] ?? 0) ^ 0xff;
      writeFileSync(installer, bytes);
      const reports: UpdateReport[] = [];
      let installs = 0;
      const out = await installWhenQuiet({
        updates: fakeUpdates(dir, '0.2.0', reports),
        journal: new UpdateJournal(join(updatesDir, 'journal.json')),
        releaseKey: readPublicKey(readFileSync(`${key}.pub`)),
        currentVersion: '0.1.0',
        isQuiet: () => true,
        log,
        install: async () => void (installs += 1),
      });
      expect(out.state).toBe('refused');
      expect(installs).toBe(0);
      expect(existsSync(dir)).toBe(false);
      expect(reports).toHaveLength(1);
      expect(reports[0]).toMatchObject({ version: '0.2.0', outcome: 'refused' });
      expect(reports[0]?.reason).toContain('Anjungan-0.2.0.AppImage');
    } finally {
      tmp.cleanup();
    }
  });

  it('the loopback feed serves only the listed files; old release folders are pruned, the rollback target kept', async () => {
    const tmp = tempDir('anjungan-feed-');
    try {
      const key = join(tmp.dir, 'kab.key');
      generateReleaseKey(key);
      const updatesDir = join(tmp.dir, 'updates');
      for (const v of ['0.1.0', '0.2.0', '0.3.0', '0.4.0']) await readyRelease(updatesDir, v, key);
      const feed = await serveReleaseFeed(join(updatesDir, '0.3.0'));
      try {
        expect(feed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
        expect((await fetch(`${feed.url}latest-linux.yml`)).status).toBe(200);
        for (const p of ['ready.json', 'Anjungan-0.3.0.AppImage.sig', '..%2F0.2.0%2Fready.json', '']) expect((await fetch(`${feed.url}${p}`)).status, p).toBe(404);
        expect((await fetch(`${feed.url}latest-linux.yml`, { method: 'POST' })).status).toBe(404);
      } finally {
        await feed.close();
      }
      expect(keptInstaller(updatesDir, '0.2.0', 'linux')).toBe(join(updatesDir, '0.2.0', 'Anjungan-0.2.0.AppImage'));
      expect(keptInstaller(updatesDir, '0.2.0', 'win32')).toBeNull();
      expect(pruneReleases(updatesDir, '0.3.0', ['0.2.0'])).toEqual(['0.1.0']);
      expect(['0.1.0', '0.2.0', '0.3.0', '0.4.0'].map((v) => existsSync(join(updatesDir, v)))).toEqual([false, true, true, true]);
    } finally {
      tmp.cleanup();
    }
  });
});
