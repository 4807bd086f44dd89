import { accessSync, constants, existsSync, statfsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { DbKeyError } from '../../db/keys/db-key.js';
import { inspectStoreFile } from '../../db/inspect.js';
import { DATABASE_FILE } from '../../db/store.js';
import { defaultDataDir } from '../../paths.js';
import { parseOptions, type Command } from '../command.js';
import { keyChecks, type Status } from './doctor-keys.js';

interface Check {
  name: string;
  status: Status;
  detail: string;
}

const MIN_FREE_BYTES = 200 * 1024 * 1024;
const WARN_FREE_BYTES = 1024 * 1024 * 1024;

/** Reads, never writes: the database is opened read-only so a damaged file is not made worse. */
export function runChecks(dataDir: string): Check[] {
  const checks: Check[] = [];
  const add = (name: string, status: Status, detail: string): void => void checks.push({ name, status, detail });
  // Checks read, never change: a doctor that "fixed" modes would hide how the folder was found.

  if (!existsSync(dataDir)) {
    add('data folder', 'FAIL', `${dataDir} does not exist (start Anjungan once, or pass --data)`);
    return checks;
  }
  try {
    accessSync(dataDir, constants.R_OK | constants.W_OK);
    add('data folder', 'ok', `${dataDir} (writable)`);
  } catch {
    add('data folder', 'FAIL', `${dataDir} is not writable by this user`);
  }

  const dbPath = join(dataDir, DATABASE_FILE);
  add(...fileModes(dataDir, dbPath));
  // access(W_OK) fails on a read-only mount and, even for root, on an immutable (chattr +i) file.
  for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) {
    if (!existsSync(f)) continue;
    try {
      accessSync(f, constants.W_OK);
    } catch (err) {
      add('writable', 'FAIL', `${basename(f)} cannot be written (${(err as NodeJS.ErrnoException).code}): read-only mount, an immutable file (lsattr), or another owner`);
    }
  }
  const keys = keyChecks(dataDir, dbPath);
  for (const row of keys.rows) add(...row);
  if (!existsSync(dbPath)) {
    add('database', 'FAIL', `${DATABASE_FILE} not found in the data folder`);
  } else if (!keys.skipDatabase) {
    try {
      const { version, latest, integrity: problems, audit } = inspectStoreFile(dbPath, keys.key);
      add('database', 'ok', `${DATABASE_FILE}, ${formatBytes(statSync(dbPath).size)}`);
      if (version > latest) add('migrations', 'FAIL', `schema ${version} is newer than this Anjungan (${latest})`);
      else if (version < latest) add('migrations', 'warn', `schema ${version}; ${latest} will be applied at next start`);
      else add('migrations', 'ok', `schema ${version} of ${latest}`);
      if (problems.length === 1 && problems[0] === 'ok') add('integrity', 'ok', 'PRAGMA integrity_check: ok');
      else add('integrity', 'FAIL', `${problems.length} problem(s): ${problems.slice(0, 3).join('; ')}`);
      if (audit) add('audit log', audit.ok ? 'ok' : 'FAIL', audit.ok ? `${audit.rows} rows, hash chain intact` : audit.problem!);
    } catch (err) {
      if (err instanceof DbKeyError && err.code === 'wrong_key') add('database key', 'FAIL', err.message);
      else add('database', 'FAIL', `cannot read ${DATABASE_FILE}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  try {
    const fs = statfsSync(dataDir);
    const free = fs.bavail * fs.bsize;
    const status: Status = free < MIN_FREE_BYTES ? 'FAIL' : free < WARN_FREE_BYTES ? 'warn' : 'ok';
    add('free disk', status, `${formatBytes(free)} free`);
  } catch (err) {
    add('free disk', 'warn', `cannot read free space: ${err instanceof Error ? err.message : String(err)}`);
  }
  return checks;
}

/** The folder 0700 and the database files 0600: residents' data readable by this service user only. */
function fileModes(dataDir: string, dbPath: string): [string, Status, string] {
  const loose: string[] = [];
  for (const [p, want] of [[dataDir, 0o700], [dbPath, 0o600], [`${dbPath}-wal`, 0o600], [`${dbPath}-shm`, 0o600]] as const) {
    if (!existsSync(p)) continue;
    const mode = statSync(p).mode & 0o777;
    if ((mode & 0o077) !== 0) loose.push(`${p} is ${mode.toString(8).padStart(3, '0')} (want ${want.toString(8)})`);
  }
  return loose.length
    ? ['file modes', 'FAIL', `readable by other users: ${loose.join('; ')} (start Anjungan once to fix, or chmod)`]
    : ['file modes', 'ok', 'data folder 700, database files 600'];
}

export function formatTable(checks: Check[]): string {
  const w = Math.max(5, ...checks.map((c) => c.name.length));
  const lines = [`${'CHECK'.padEnd(w)}  STATUS  DETAIL`];
  for (const c of checks) lines.push(`${c.name.padEnd(w)}  ${c.status.padEnd(6)}  ${c.detail}`);
  return lines.join('\n');
}

function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check the data folder, file modes, encryption and its key, integrity, migrations and free disk',
  usage: `anjungan doctor [--data DIR]

Prints a table of checks: the data folder (writable), file modes (folder 0700; the database,
its -wal and -shm, key files 0600), writable (read-only mounts, immutable files), encryption
(is the store encrypted; is the key where <data>/db-key.json says, private, and the right
one), the database (integrity, migrations, audit chain) and free disk (FAIL under 200 MiB,
warn under 1 GiB). Reads only. Exits 0 when all pass (warnings allowed), 1 on any FAIL.`,
  async run(argv) {
    const { values } = parseOptions(argv, { data: { type: 'string' } });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    const checks = runChecks(resolve(values.data ?? defaultDataDir()));
    process.stdout.write(`${formatTable(checks)}\n`);
    return checks.some((c) => c.status === 'FAIL') ? 1 : 0;
  },
};
