import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { HubBackend, NewSubmissionRow } from '../../../main/hub/backend.js';
import { workingDayNumbers } from '../../../main/hub/console/dashboard.js';
import { openHubBackend, openHubStore } from '../../../main/hub/open.js';
import { startHubServer, type HubServer, type HubServerOptions } from '../../../main/hub/server.js';
import type { HubStore } from '../../../main/hub/store.js';
import { CATALOGUE_DIR } from '../../../main/paths.js';
import type { HubRole } from '../../../shared/domain/hub-workflow.js';
import { Browser } from '../console/browser.js';
import { quiet, rig, type Rig } from '../sync/harness.js';
import type { Backend } from './backends.js';

/**
 * The setup the hub migration and console suites share: a fresh hub database per test on each
 * backend (closed and dropped after it), and what they seed it with: staff accounts, catalogue
 * services, kiosk submissions, hand-written rows (as before a trigger's migration), letter keys
 * and the working-day calendar.
 */

/** A fresh hub database per test, opened as a bare backend (for migrations run by hand); closed and dropped after the test. */
export function freshBackendEach(backend: Backend): () => Promise<{ b: HubBackend; target: string }> {
  let done: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await done?.();
    done = null;
  });
  return async () => {
    const f = await backend.fresh();
    const b = openHubBackend(f.target);
    done = async () => {
      await b.close();
      await f.cleanup();
    };
    return { b, target: f.target };
  };
}

/** A fresh hub database per test, and a hub server on it when asked; closed and dropped after the test. */
export function hubEach(backend: Backend): {
  fresh(): Promise<{ target: string; open: () => Promise<HubStore> }>;
  start(target: string, o: Pick<HubServerOptions, 'enrolment'>): Promise<{ store: HubStore; hub: HubServer }>;
} {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0).reverse()) await c();
  });
  return {
    async fresh() {
      const f = await backend.fresh();
      closers.push(f.cleanup);
      return f;
    },
    async start(target, o) {
      const store = await openHubStore(target);
      closers.push(() => store.close());
      const hub = await startHubServer({ store, port: 0, log: quiet, ...o });
      closers.push(() => hub.close());
      return { store, hub };
    },
  };
}

/** A hub with a kiosk beside it (tests/node/sync/harness.ts) per test, closed after the test. */
export function rigEach(backend: Backend): (hubOpts?: Parameters<typeof rig>[1]) => Promise<Rig> {
  let r: Rig | null = null;
  afterEach(async () => {
    await r?.close();
    r = null;
  });
  return async (hubOpts) => (r = await rig(backend, hubOpts));
}

/** A staff account's password in these suites. */
export const passwordOf = (username: string): string => `rahasia-${username}-1`;

/** Adds console accounts, in order: [username, role, agency] (password: passwordOf). */
export async function addStaff(r: Pick<Rig, 'store'>, users: [string, HubRole, string | null][]): Promise<void> {
  for (const [username, role, agency] of users) await r.store.console.accounts.addUser(username, role, agency, passwordOf(username), 'test');
}

/** A console session of an account added by addStaff. */
export async function loggedIn(r: Pick<Rig, 'hub'>, username: string): Promise<Browser> {
  const b = new Browser(r.hub.url);
  const res = await b.login(username, passwordOf(username));
  if (res.status !== 200) throw new Error(`login of ${username} answered ${res.status}`);
  return b;
}

/** A service of the shipped catalogue, as its document. */
export const catalogueService = (id: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(CATALOGUE_DIR, 'services', `${id}.json`), 'utf8')) as Record<string, unknown>;

/** A kiosk submission of `serviceId` (a person's name and NIK unless told), as an import line, with its id. */
export function submission(serviceId: string, payload: Record<string, unknown> = { nama: 'Siti Aminah', nik: '3604010101900001' }): { id: string; line: string } {
  const id = randomUUID();
  return { id, line: JSON.stringify({ id, serviceId, serviceVersion: 1, payload }) };
}

/** The record a hand-written submission row holds. */
export const recordOf = (id: string, service: string): string => JSON.stringify({ id, serviceId: service, serviceVersion: 1, payload: {} });

/** SQL: a submission row of dev-a written by hand, as rows were before a migration's trigger (state_since null unless given). */
export const insertSubmission = (id: string, service: string, status: string, received: string, since: string | null = null): string =>
  `INSERT INTO submissions (id, device_id, batch_id, registration_no, record, hash, status, received_at, updated_at, state_since)
   VALUES ('${id}', 'dev-a', 'b', NULL, '${recordOf(id, service)}', 'h', '${status}', '${received}', '${received}', ${since === null ? 'NULL' : `'${since}'`});`;

/** SQL: a letter key of `device` for `office` (its key bytes a dummy). */
export const letterKeyRow = (backend: Backend, office: string, keyId: string, device: string, at: string): string =>
  `INSERT INTO letter_keys (office_code, key_id, device_id, public_key, published_at) VALUES ('${office}', '${keyId}', '${device}', ${backend.name === 'sqlite' ? "X'00'" : "'\\x00'::bytea"}, '${at}')`;

/** The hub's working-day calendar (its whole range unless told), and what the SQL computes: the n-th working day after `day`, at 17:00 UTC (00:00 WIB the day after). */
export function calendar(from?: string, to?: string): { days: ReturnType<typeof workingDayNumbers>; dueAfter: (day: string, n: number) => string } {
  const days = workingDayNumbers(from, to);
  const wdOf = new Map(days.map((r) => [r.day, r.wd]));
  return { days, dueAfter: (day, n) => `${days.find((r) => r.wd === wdOf.get(day)! + n)!.day}T17:00:00.000Z` };
}

/** Three requests as the ingest writes them (batch b2 of dev-a): KTP, KK, and one naming no service. */
export const ingestedThree = (): NewSubmissionRow[] => [
  { id: 'n-ktp', device_id: 'dev-a', batch_id: 'b2', registration_no: null, record: recordOf('n-ktp', 'ktp-el-baru'), hash: 'h' },
  { id: 'n-kk', device_id: 'dev-a', batch_id: 'b2', registration_no: null, record: recordOf('n-kk', 'kk-baru'), hash: 'h' },
  { id: 'n-none', device_id: 'dev-a', batch_id: 'b2', registration_no: null, record: JSON.stringify({ id: 'n-none', payload: {} }), hash: 'h' },
];
