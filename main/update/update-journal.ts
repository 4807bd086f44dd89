import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { UpdateReport } from '../../shared/sync/protocol.js';

/** Reports kept for the hub while it cannot be reached; older ones give way (a bound, not a log). */
export const MAX_PENDING_REPORTS = 20;

const Journal = z.object({
  /** The install handed to the platform's installer; the next start tells whether it took. */
  installing: z.object({ version: z.string(), from: z.string(), at: z.string() }).nullable(),
  pending: z.array(UpdateReport).max(MAX_PENDING_REPORTS),
});
type Journal = z.infer<typeof Journal>;

/**
 * What happened to updates across restarts (issue 15): an install survives the app quitting for
 * it, a rollback survives the version it leaves, and their reports wait here until the hub hears
 * them. One small JSON file, written atomically.
 */
export class UpdateJournal {
  constructor(private readonly file: string) {}

  private read(): Journal {
    try {
      if (existsSync(this.file)) {
        const r = Journal.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
        if (r.success) return r.data;
      }
    } catch {
      // An unreadable journal loses only unsent reports; it must never stop the app.
    }
    return { installing: null, pending: [] };
  }

  private write(j: Journal): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    writeFileSync(`${this.file}.tmp`, JSON.stringify(j), { mode: 0o600 });
    renameSync(`${this.file}.tmp`, this.file);
  }

  queue(report: UpdateReport): void {
    const j = this.read();
    this.write({ ...j, pending: [...j.pending, report].slice(-MAX_PENDING_REPORTS) });
  }

  installing(version: string, from: string, now = new Date()): void {
    this.write({ ...this.read(), installing: { version, from, at: now.toISOString() } });
  }

  /** At a healthy start: did the install we handed over take? Queues 'installed' or 'failed'. */
  settle(runningVersion: string): void {
    const j = this.read();
    if (!j.installing) return;
    const r: UpdateReport =
      j.installing.version === runningVersion
        ? { version: runningVersion, outcome: 'installed', reason: null }
        : { version: j.installing.version, outcome: 'failed', reason: `still running ${runningVersion} after the installer ran` };
    this.write({ installing: null, pending: [...j.pending, r].slice(-MAX_PENDING_REPORTS) });
  }

  pending(): UpdateReport[] {
    return this.read().pending;
  }

  /** Sends the waiting reports in order; stops at the first that fails (the rest wait). */
  async flush(send: (r: UpdateReport) => Promise<void>): Promise<number> {
    let sent = 0;
    for (const r of this.read().pending) {
      try {
        await send(r);
      } catch {
        break;
      }
      sent += 1;
    }
    if (sent > 0) {
      const j = this.read();
      this.write({ ...j, pending: j.pending.slice(sent) });
    }
    return sent;
  }
}
