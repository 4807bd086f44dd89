import { resolve } from 'node:path';
import { createLogger } from '../../log.js';
import { SyncEngine, type SyncProgress } from '../../sync/engine.js';
import { openKioskFile } from '../../sync/kiosk-db.js';
import { parseOptions, UsageError, type Command } from '../command.js';
import { APP_VERSION } from '../../core/version.js';

function fmtBytes(n: number): string {
  return n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} kB` : `${n} B`;
}

/** A one-line progress bar on a TTY; plain log lines (a few) otherwise. */
export function progressPrinter(tty: boolean, write: (s: string) => void): (p: SyncProgress) => void {
  let lastLine = 0;
  return (p) => {
    const frac = p.bytesTotal > 0 ? Math.min(1, p.bytesSent / p.bytesTotal) : p.phase === 'done' ? 1 : 0;
    const eta = p.etaSeconds === null ? '?' : `${p.etaSeconds}s`;
    const text = `${fmtBytes(p.bytesSent)}/${fmtBytes(p.bytesTotal)}  ${p.submissionsSent}/${p.submissionsTotal} submissions  ${fmtBytes(p.bytesPerSecond)}/s  ETA ${eta}  [${p.state}/${p.phase}]`;
    if (tty) {
      const w = 24;
      const bar = '#'.repeat(Math.round(frac * w)).padEnd(w, '.');
      write(`\r[${bar}] ${text}\x1b[K${p.phase === 'done' ? '\n' : ''}`);
    } else if (Date.now() - lastLine > 5000 || p.phase === 'done') {
      lastLine = Date.now();
      write(`sync: ${text}\n`);
    }
  };
}

export const syncCommand: Command = {
  name: 'sync',
  summary: 'send everything pending in a kiosk store to a hub',
  usage: `anjungan sync --db PATH --upstream URL [--timeout S] [--enrolment-code CODE]

  --db PATH              the kiosk's SQLite file
  --upstream URL         the hub, e.g. http://127.0.0.1:4790
  --timeout S            keep retrying recoverable errors this long (default 300)
  --enrolment-code CODE  one-time code from \`anjungan hub enrol\` (first contact only)
  --batch-kb N           uncompressed kilobytes per batch (default 1024)

Exit 0 only when every pending submission is sent and acknowledged; any other exit
means "run me again" (3: some submissions were refused by the hub and are parked).`,
  async run(argv) {
    const { values } = parseOptions(argv, {
      db: { type: 'string' },
      upstream: { type: 'string' },
      timeout: { type: 'string' },
      'enrolment-code': { type: 'string' },
      'batch-kb': { type: 'string' },
    });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    if (!values.db || !values.upstream) throw new UsageError('--db and --upstream are required');
    const timeout = Number(values.timeout ?? '300');
    if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError('--timeout must be a positive number of seconds');
    const log = createLogger('sync');
    const kiosk = openKioskFile(resolve(values.db));
    const engine = new SyncEngine({
      kiosk,
      upstream: values.upstream,
      log,
      appVersion: APP_VERSION,
      enrolmentCode: values['enrolment-code'] ?? process.env['ANJUNGAN_ENROLMENT_CODE'] ?? null,
      onProgress: progressPrinter(Boolean(process.stderr.isTTY), (s) => process.stderr.write(s)),
      ...(values['batch-kb'] ? { maxBatchBytes: Math.max(1, Number(values['batch-kb'])) * 1024 } : {}),
      backoffBaseMs: 500,
      backoffMaxMs: 15_000,
    });
    try {
      const r = await engine.syncUntilDone(timeout * 1000);
      const st = engine.status();
      process.stdout.write(
        `sent ${r.delivered}, parked ${st.parked}, pending ${st.backlog}, requests ${engine.counters.requests}, bytes up ${engine.counters.bytesUp}\n`,
      );
      if (!r.ok) {
        process.stderr.write(`anjungan sync: not finished: ${r.error ? `${r.error.code}: ${r.error.message}` : 'time ran out'}\n`);
        return 1;
      }
      if (st.backlog > 0) return 1;
      if (st.parked > 0) {
        process.stderr.write(`anjungan sync: ${st.parked} submission(s) were refused by the hub and are parked\n`);
        return 3;
      }
      return 0;
    } finally {
      await engine.stop();
      kiosk.close();
    }
  },
};
