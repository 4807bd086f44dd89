import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { canonicalJson } from '../../../shared/domain/canonical-json.js';
import { ROOT, spawnNode } from './processes.js';

/**
 * The campaign's kiosk child (tests/helpers/campaign-kiosk.mjs) as the test sees it: the lines
 * it wrote, a wait for the next line of a step, and what its store and printer hold afterwards.
 */
export const KIOSK_SCRIPT = join(ROOT, 'tests/helpers/campaign-kiosk.mjs');

export interface KioskChild {
  proc: ChildProcess;
  lines: string[];
  /** The next line (after those seen so far) matching `re`; null after `ms` or on exit. */
  next(re: RegExp, ms: number): Promise<string | null>;
}

export function startKiosk(dataDir: string, hubUrl: string, printerUri: string, mode: 'loop' | 'final', onLine: (l: string) => void): KioskChild {
  const proc = spawnNode([dataDir, hubUrl, printerUri, mode], {}, KIOSK_SCRIPT);
  proc.stderr!.resume();
  const lines: string[] = [];
  let seen = 0;
  let buf = '';
  const listeners = new Set<() => void>();
  proc.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      lines.push(line);
      onLine(line);
    }
    for (const l of listeners) l();
  });
  const next = (re: RegExp, ms: number) =>
    new Promise<string | null>((resolve) => {
      const done = (v: string | null) => {
        listeners.delete(check);
        clearTimeout(timer);
        proc.off('exit', onExit);
        resolve(v);
      };
      const check = () => {
        while (seen < lines.length) {
          const l = lines[seen++]!;
          if (re.test(l)) return done(l);
        }
      };
      const onExit = () => done(null);
      const timer = setTimeout(() => done(null), ms);
      listeners.add(check);
      proc.once('exit', onExit);
      check();
    });
  return { proc, lines, next };
}

export interface KioskState {
  /** id → the record text the kiosk sends for it (as main/sync/records.ts builds it). */
  records: Map<string, string>;
  status: Map<string, string>;
  regNo: Map<string, string>;
  /** Print jobs per submission and state. */
  jobs: { submissionId: string; state: string }[];
  integrity: string;
}

/** Read straight from the kiosk's SQLite file (the child is gone by then). */
export function readKiosk(dataDir: string): KioskState {
  const db = new Database(join(dataDir, 'anjungan.sqlite'), { readonly: true });
  try {
    const rows = db
      .prepare('SELECT id, service_id, service_version, payload, registration_no, tracking_code, created_at, status FROM submissions')
      .all() as { id: string; service_id: string; service_version: number; payload: string; registration_no: string; tracking_code: string; created_at: string; status: string }[];
    const records = new Map<string, string>();
    const status = new Map<string, string>();
    const regNo = new Map<string, string>();
    for (const r of rows) {
      records.set(
        r.id,
        canonicalJson({ id: r.id, serviceId: r.service_id, serviceVersion: r.service_version, payload: JSON.parse(r.payload) as unknown, registrationNo: r.registration_no, trackingCode: r.tracking_code, createdAt: r.created_at }),
      );
      status.set(r.id, r.status);
      regNo.set(r.id, r.registration_no);
    }
    const jobs = db.prepare('SELECT submission_id AS submissionId, state FROM print_jobs').all() as { submissionId: string; state: string }[];
    const integrity = (db.pragma('integrity_check', { simple: true }) as string) ?? '';
    return { records, status, regNo, jobs, integrity };
  } finally {
    db.close();
  }
}

/** How many receipts the printer simulator printed per registration number. */
export function receiptsByRegNo(dir: string): Map<string, number> {
  const counts = new Map<string, number>();
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.txt'));
  } catch {
    /* nothing printed yet */
  }
  for (const f of files) {
    const m = /\b\d{6}-[A-Z0-9]{4}-\d{6}-\d{4}\b/.exec(readFileSync(join(dir, f), 'utf8'));
    if (m) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  }
  return counts;
}
