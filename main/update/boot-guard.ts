import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

/** Starts of one version that never reached "healthy" before it is rolled back. */
export const FAILED_STARTS_BEFORE_ROLLBACK = 2;

const BootState = z.object({
  version: z.string(),
  /** Starts of this version so far that did not (yet) report healthy. */
  failedStarts: z.number().int().min(0),
  healthy: z.boolean(),
  /** The last version that did reach healthy, with the installer that can bring it back. */
  previous: z.object({ version: z.string(), installer: z.string().nullable() }).nullable(),
});
export type BootState = z.infer<typeof BootState>;

export type BootDecision =
  | { action: 'run' }
  /** This version crashed before it was healthy, twice: go back to the previous one. */
  | { action: 'rollback'; from: string; to: string; installer: string }
  /** It keeps failing, but there is nothing to go back to (first install, or the platform keeps no installer). */
  | { action: 'run-failing'; version: string; failedStarts: number };

/**
 * Rollback after a bad release (issue 15). Each start is counted before anything can crash; the
 * core reports healthy once it serves; a version that started twice without reaching healthy is
 * replaced by the last healthy one, where its installer was kept. State lives in one small JSON
 * file written atomically (a crash mid-write leaves the previous state).
 */
export class BootGuard {
  constructor(
    private readonly file: string,
    private readonly version: string,
  ) {}

  private read(): BootState | null {
    if (!existsSync(this.file)) return null;
    try {
      const r = BootState.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      return r.success ? r.data : null;
    } catch {
      return null;
    }
  }

  private write(s: BootState): void {
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(`${this.file}.tmp`, JSON.stringify(s), { mode: 0o600 });
    renameSync(`${this.file}.tmp`, this.file);
  }

  /**
   * Called first thing at start. `installerOf(version)` names the kept installer of a version
   * (null when none is kept).
   */
  begin(installerOf: (version: string) => string | null): BootDecision {
    const s = this.read();
    if (!s || s.version !== this.version) {
      // A new version: what ran before becomes "previous" if it had reached healthy.
      const previous = s?.healthy ? { version: s.version, installer: installerOf(s.version) } : (s?.previous ?? null);
      this.write({ version: this.version, failedStarts: 1, healthy: false, previous });
      return { action: 'run' };
    }
    if (s.healthy) {
      this.write({ ...s, failedStarts: 1, healthy: false });
      return { action: 'run' };
    }
    if (s.failedStarts >= FAILED_STARTS_BEFORE_ROLLBACK) {
      if (s.previous?.installer && existsSync(s.previous.installer)) {
        return { action: 'rollback', from: this.version, to: s.previous.version, installer: s.previous.installer };
      }
      this.write({ ...s, failedStarts: s.failedStarts + 1 });
      return { action: 'run-failing', version: this.version, failedStarts: s.failedStarts + 1 };
    }
    this.write({ ...s, failedStarts: s.failedStarts + 1 });
    return { action: 'run' };
  }

  /** The last healthy version before this one (what a rollback would bring back). */
  previousVersion(): string | null {
    return this.read()?.previous?.version ?? null;
  }

  /** The core serves: this version is good; the next update may roll back to it. */
  markHealthy(): void {
    const s = this.read();
    if (s && s.version === this.version) this.write({ ...s, healthy: true, failedStarts: 0 });
  }
}

/**
 * How a rollback runs on each platform. Windows: the kept NSIS installer of the previous version,
 * silently. Linux AppImage ($APPIMAGE names the running file): the kept previous AppImage copied
 * over it (a copy beside it, then a rename, so a crash leaves one whole file), and a restart.
 * A deb install cannot be replaced by the unprivileged kiosk user: no rollback there (the
 * technician reinstalls the previous deb), and the guard keeps reporting the failing starts.
 */
export type RollbackPlan =
  | { kind: 'run-installer'; command: string; args: string[] }
  | { kind: 'replace-appimage'; source: string; target: string }
  | { kind: 'impossible'; reason: string };

export function rollbackPlan(platform: NodeJS.Platform, installer: string, appImage: string | undefined): RollbackPlan {
  if (platform === 'win32') return { kind: 'run-installer', command: installer, args: ['/S'] };
  if (appImage && installer.endsWith('.AppImage')) return { kind: 'replace-appimage', source: installer, target: appImage };
  return { kind: 'impossible', reason: 'installed from a deb package, which only an administrator can replace' };
}

/** Puts the previous AppImage in place of the running one (atomic rename in the same folder). */
export function replaceAppImage(source: string, target: string): void {
  const next = `${target}.rollback`;
  copyFileSync(source, next);
  chmodSync(next, 0o755);
  renameSync(next, target);
}
