import semver from 'semver';
import type { ReleaseInfo } from '../../shared/sync/protocol.js';
import type { HubBackend } from './backend.js';

/** Releases are kept in chunks of this size: a thin link resumes a download by range. */
export const RELEASE_CHUNK_BYTES = 1024 * 1024;
/** A release holds at most this many files (installer, latest*.yml, blockmap, their signatures). */
export const MAX_RELEASE_FILES = 20;

export interface NewReleaseFile {
  name: string;
  sha512: string;
  /** The FILE.sig JSON, as `anjungan release sign` wrote it. */
  sig: string;
  data: Buffer;
}

/** "all", or office-code prefixes: a kecamatan (36.04.05) or a desa (36.04.05.2001) first. */
export function targets(list: readonly string[]): string[] {
  return list.length === 0 ? ['all'] : [...list];
}

function reaches(targetsJson: string, officeCode: string): boolean {
  const list = JSON.parse(targetsJson) as string[];
  return list.includes('all') || list.some((t) => officeCode === t || officeCode.startsWith(`${t}.`));
}

/**
 * The hub's release feed (issue 15): publish a signed electron-builder release (kept in the
 * hub's database, so any hub process of a cluster serves it), find the newest one meant for a
 * device's office, and read a file's bytes by range.
 */
export function releaseRules(backend: HubBackend) {
  return {
    async publish(version: string, platform: 'linux' | 'win', to: readonly string[], files: readonly NewReleaseFile[], at: string): Promise<number> {
      return backend.transaction(async (q) => {
        const id = await q.insertRelease({ version, platform, targets: JSON.stringify(targets(to)), published_at: at });
        for (const f of files) {
          await q.insertReleaseFile({ release_id: id, name: f.name, size: f.data.length, sha512: f.sha512, sig: f.sig });
          for (let i = 0; i * RELEASE_CHUNK_BYTES < f.data.length || i === 0; i++) {
            await q.insertReleaseChunk(id, f.name, i, f.data.subarray(i * RELEASE_CHUNK_BYTES, (i + 1) * RELEASE_CHUNK_BYTES));
          }
        }
        return id;
      });
    },

    /** The highest version meant for this office, newer than `have` (null: nothing newer). */
    async latestFor(platform: 'linux' | 'win', officeCode: string, have: string | null): Promise<ReleaseInfo | null> {
      const rows = (await backend.run((q) => q.releases(platform, 200))).filter((r) => reaches(r.targets, officeCode) && semver.valid(r.version));
      rows.sort((a, b) => semver.rcompare(a.version, b.version) || b.release_id - a.release_id);
      const best = rows[0];
      if (!best || (have && semver.valid(have) && !semver.gt(best.version, have))) return null;
      const files = await backend.run((q) => q.releaseFiles(best.release_id));
      return { releaseId: best.release_id, version: best.version, platform, publishedAt: best.published_at, files: files.map((f) => ({ name: f.name, size: f.size, sha512: f.sha512, sig: f.sig })) };
    },

    /** Bytes [start, end] (inclusive) of a release file; null when there is no such file. */
    async read(releaseId: number, name: string, start: number, end: number): Promise<{ data: Buffer; size: number } | null> {
      const file = (await backend.run((q) => q.releaseFiles(releaseId))).find((f) => f.name === name);
      if (!file) return null;
      const last = Math.min(end, file.size - 1);
      if (file.size === 0 || start > last) return { data: Buffer.alloc(0), size: file.size };
      const from = Math.floor(start / RELEASE_CHUNK_BYTES);
      const to = Math.floor(last / RELEASE_CHUNK_BYTES);
      const chunks = await backend.run((q) => q.releaseChunks(releaseId, name, from, to));
      const joined = Buffer.concat(chunks);
      const offset = start - from * RELEASE_CHUNK_BYTES;
      return { data: joined.subarray(offset, offset + (last - start + 1)), size: file.size };
    },

    async report(deviceId: string, version: string, outcome: string, reason: string | null, at: string): Promise<void> {
      await backend.transaction((q) => q.insertUpdateReport(deviceId, version, outcome, reason, at));
    },
  };
}
export type ReleaseRules = ReturnType<typeof releaseRules>;
