import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core/core.js';
import type { ClientSession, SessionLogin } from '../../../main/core/client-session.js';
import { DATABASE_FILE } from '../../../main/db/store.js';
import { startHost, type Host } from '../../../main/host/server.js';
import { createLogger } from '../../../main/log.js';
import { RENDERER_DIR } from '../../../main/paths.js';
import { apiCalls } from '../../../shared/api/contract.js';
import { simCalls } from '../../../shared/api/calls/sim.js';
import { fuzzCase, fuzzSeed, mutate, nastyJsonText, nastyObject, nastyString, nastyValue, prototypeClean, Rng, writeFuzzSummary } from '../../helpers/fuzz.js';
import { testRequest } from '../../helpers/requests.js';
import { tempDir } from '../../helpers/tmp.js';

/**
 * Issue 14, fault campaign: the host API fuzzed through the dispatcher (every call of the
 * contract, from a resident's kiosk page and from logged-in desk users) and over real HTTP to the
 * headless host. Invariant: never a throw or an `internal` error, a typed code for every refusal,
 * nothing stored changed by a refused call, and the core still answers afterwards.
 */
const SEED = fuzzSeed();
const N_DISPATCH = 10_000;
const N_HTTP = 1_000;
const summary: Record<string, { inputs: number; failures: number; [k: string]: number }> = {};
/** The core's error lines, so a failing case can say what the handler threw. */
const errors: string[] = [];
const quiet = createLogger('test', (line) => void (line.includes('"error"') && errors.push(line.slice(0, 1500))));
/** Tables a refused call may append to: the audit trail records refused desk actions on purpose. */
const LOG_TABLES = /^(audit|sqlite_)/;

const CALLS = [...Object.keys(apiCalls), ...Object.keys(simCalls)];
/** The submission the setup stores: calls that name one reach their handler with it. */
let SUB = '00000000-0000-4000-8000-000000000000';
const PERIOD = { from: '2026-01-01', to: '2026-12-31' };
/** Requests close to valid for calls whose handlers do the most, so mutations reach past the schema. */
function template(name: string): unknown {
  const t: Record<string, unknown> = {
    'kiosk:submit': testRequest('sktm'),
    'desk:submit': testRequest('sku'),
    'kiosk:status': { code: 'ABCD-1234', cardNik: '3604051208850001' },
    'kiosk:receipt': { submissionId: SUB },
    'kiosk:verify-letter': { token: 'x'.repeat(40) },
    'settings:update': { idleTimeoutSeconds: 90, deskLockMinutes: 10, language: 'id' },
    'submissions:list': { limit: 10 },
    'submissions:get': { id: SUB },
    'desk:request': { id: SUB },
    'desk:inbox': { status: 'sent', limit: 10 },
    'desk:move': { id: SUB, to: 'checking', note: 'cek berkas' },
    'letters:issue': { submissionId: SUB },
    'letters:get': { submissionId: SUB },
    'letters:print': { submissionId: SUB },
    'letters:verify': { token: 'x'.repeat(40), nik: '3604051208850001' },
    'print:receipt': { submissionId: SUB },
    'print:reprint': { submissionId: SUB },
    'users:add': { username: 'budi', name: 'Budi', role: 'operator', password: 'budi-rahasia-2026' },
    'requests:search': { query: 'SITI', limit: 10 },
    'queue:take': { group: 'general', lane: 'none', print: false },
    'queue:next': { counter: 1 },
    'queue:mine': { counter: 1 },
    'queue:waiting': { counter: 1, limit: 10 },
    'queue:counters:set': { counters: [{ number: 1, name: 'Loket 1', groups: ['A'] }] },
    'queue:running-text:set': { text: 'Selamat datang' },
    'voice:speak': { text: 'Selamat datang' },
    'card:manual': { nik: '3604051208850001' },
    'reports:services': { period: PERIOD },
    'reports:sla': { period: PERIOD },
    'reports:ikm': { period: PERIOD },
    'reports:queue': { period: PERIOD },
    'reports:csv': { kind: 'services', period: PERIOD },
    'reports:pdf': { kind: 'sla', period: PERIOD },
    'audit:list': { from: '2026-01-01T00:00:00.000Z' },
    'privacy:purge': { dryRun: true },
  };
  return t[name];
}

function keysOf(schema: unknown): string[] {
  const s = schema as { shape?: Record<string, unknown>; def?: { in?: { shape?: Record<string, unknown> }; innerType?: { shape?: Record<string, unknown> } } };
  return Object.keys(s.shape ?? s.def?.in?.shape ?? s.def?.innerType?.shape ?? {});
}

function requestFor(r: Rng, name: string): unknown {
  const table = Object.hasOwn(apiCalls, name) ? apiCalls : Object.hasOwn(simCalls, name) ? simCalls : null;
  const keys = table ? keysOf((table as Record<string, { request: unknown }>)[name]!.request) : [];
  const roll = r.next();
  if (roll < 0.1) return nastyValue(r);
  const valid = template(name);
  if (roll < 0.6 && valid) return mutate(r, valid);
  return nastyObject(r, 0, keys);
}

/** A digest of everything stored but the append-only logs, read through a second connection. */
function digester(file: string): { changed: () => boolean; digest: () => string; close: () => void } {
  const db = new Database(file, { readonly: true });
  let version = db.pragma('data_version', { simple: true }) as number;
  return {
    changed() {
      const v = db.pragma('data_version', { simple: true }) as number;
      const moved = v !== version;
      version = v;
      return moved;
    },
    digest() {
      const h = createHash('sha256');
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
      for (const t of tables.filter((x) => !LOG_TABLES.test(x) && !x.includes('fts'))) {
        h.update(`\n${t}\n`);
        for (const row of db.prepare(`SELECT * FROM "${t}"`).raw().iterate()) h.update(JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : typeof v === 'bigint' ? String(v) : v)));
      }
      return h.digest('hex');
    },
    close: () => db.close(),
  };
}

describe(`fuzz: the host API (seed ${SEED})`, { timeout: 180_000 }, () => {
  let tmp: ReturnType<typeof tempDir>;
  let core: Core;
  const logins = new Map<ClientSession, SessionLogin>();

  beforeAll(async () => {
    tmp = tempDir();
    core = await createCore({ dataDir: tmp.dir, shell: 'host', log: quiet, watchCatalogue: false, devices: { reader: 'none', printer: 'none' } });
    await core.services.settings.update({ role: 'operator' }, 'test');
    const admin = core.services.sessions.create('desk');
    const setup = await core.dispatcher.invoke('auth:setup', { username: 'admin', name: 'Admin Desa', password: 'rahasia-admin-1' }, { transport: 'host', session: admin });
    expect(setup.ok).toBe(true);
    const added = await core.dispatcher.invoke('users:add', { username: 'siti', name: 'Siti Aminah', role: 'verifier', password: 'siti-rahasia-2026' }, { transport: 'host', session: admin });
    expect(added.ok).toBe(true);
    const desk = core.services.sessions.create('desk');
    expect((await core.dispatcher.invoke('auth:login', { username: 'siti', password: 'siti-rahasia-2026' }, { transport: 'host', session: desk })).ok).toBe(true);
    logins.set(admin, admin.user!);
    logins.set(desk, desk.user!);
    // Something stored to protect: a resident's submission.
    const kiosk = core.services.sessions.create('kiosk');
    const stored = await core.dispatcher.invoke('kiosk:submit', testRequest('sktm'), { transport: 'host', session: kiosk });
    expect(stored.ok).toBe(true);
    SUB = (stored as { value: { id: string } }).value.id;
  });
  afterAll(async () => {
    writeFuzzSummary('api', SEED, summary);
    await core?.close();
    tmp?.cleanup();
  });

  it('the dispatcher: every call, resident and desk principals, >= 10,000 hostile requests', async () => {
    const r = new Rng(SEED);
    const d = digester(join(tmp.dir, DATABASE_FILE));
    let baseline = d.digest();
    const sessions = [...logins.keys()];
    const counts = { ok: 0, refused: 0, stored: 0 };
    const codes: Record<string, number> = {};
    try {
      for (let i = 0; i < N_DISPATCH; i++) {
        await fuzzCase(SEED, 'dispatcher', i, async () => {
          const who = r.int(0, 2);
          const session = who === 0 ? core.services.sessions.create('kiosk') : sessions[who - 1]!;
          const name = r.bool(0.95) ? r.pick(CALLS) : r.pick(['toString', '__proto__', 'constructor', 'hasOwnProperty', nastyString(r, 20), 42, null, { name: 'app:info' }]);
          const request = requestFor(r, String(name));
          const result = await core.dispatcher.invoke(name, request, { transport: 'host', session });
          expect(typeof result.ok).toBe('boolean');
          if (result.ok) counts.ok++;
          else {
            counts.refused++;
            codes[result.error.code] = (codes[result.error.code] ?? 0) + 1;
            expect(result.error.code, `${String(name)}: ${result.error.message}; ${errors.at(-1) ?? ''}`).not.toBe('internal');
            expect(result.error.message.length).toBeGreaterThan(0);
          }
          if (d.changed()) {
            const now = d.digest();
            if (!result.ok) expect(now, `${String(name)} refused (${result.error.code}) but changed the store`).toBe(baseline);
            else if (now !== baseline) counts.stored++;
            baseline = now;
          }
          // Keep the desk principals logged in (a fuzzed auth:logout or idle lock may have ended them).
          for (const [s, login] of logins) if (!s.user) s.signIn(login, Date.now());
        });
      }
    } finally {
      d.close();
    }
    expect(prototypeClean()).toBe(true);
    // Still answering, and a real request still stores.
    expect(await core.dispatcher.invoke('app:info', {}, { transport: 'internal' })).toMatchObject({ ok: true });
    const after = await core.dispatcher.invoke('kiosk:submit', testRequest('sku'), { transport: 'host', session: core.services.sessions.create('kiosk') });
    expect(after.ok).toBe(true);
    summary['host-api-dispatcher'] = { inputs: N_DISPATCH, failures: 0, accepted: counts.ok, refused: counts.refused, acceptedAndStored: counts.stored, calls: CALLS.length };
    console.info('dispatcher fuzz', counts, codes);
  });

  it('real HTTP to the headless host: 1,000 hostile requests, never a 500, always a JSON answer with a code', async () => {
    const host: Host = await startHost({ core, port: 0, rendererDir: RENDERER_DIR, log: quiet });
    try {
      const key = new URL(host.url).searchParams.get('key')!;
      const door = await send(host.port, 'GET', `/?key=${encodeURIComponent(key)}`, {}, null);
      const cookie = String(door.headers['set-cookie']).split(';')[0]!;
      const token = String(door.headers['location']).split('#t=')[1]!;
      const origin = `http://127.0.0.1:${host.port}`;
      const r = new Rng(SEED + 7);
      const d = digester(join(tmp.dir, DATABASE_FILE));
      let baseline = d.digest();
      const statuses: Record<string, number> = {};
      try {
        for (let i = 0; i < N_HTTP; i++) {
          await fuzzCase(SEED, 'http', i, async () => {
            const name = r.bool(0.85) ? r.pick(CALLS) : nastyString(r, 30);
            const path = r.bool(0.9) ? `/api/invoke/${CALLS.includes(name) && r.bool(0.8) ? name : pct(name)}` : `/api/${pct(nastyString(r, 20))}`;
            const headers: Record<string, string> = { cookie, 'x-anjungan-token': token, 'x-anjungan-client': '1', 'content-type': 'application/json', origin };
            if (r.bool(0.05)) delete headers[r.pick(Object.keys(headers))];
            const body = r.bool(0.03) ? Buffer.alloc(r.pick([1_100_000, 3_000_000]), 0x5b) : Buffer.from(nastyJsonText(r, requestFor(r, name)), 'utf8');
            const method = r.bool(0.95) ? 'POST' : r.pick(['GET', 'PUT', 'DELETE']);
            const res = await send(host.port, method, path, headers, body).catch((err: Error) => {
              throw new Error(`${method} ${path.slice(0, 80)} (${body.length} bytes, headers ${Object.keys(headers).join(',')}): ${err.message}`);
            });
            statuses[res.status] = (statuses[res.status] ?? 0) + 1;
            expect(res.status, res.body.slice(0, 200)).not.toBeGreaterThanOrEqual(500);
            expect(res.body).not.toMatch(/\n\s+at .+\(/); // no stack trace
            if (path.startsWith('/api/invoke/') && res.status !== 405) {
              // 431: Node's own parser refuses a path past its header limit, before any of our code.
              if (res.status === 431) return;
              expect(res.body.length, `${method} ${path.slice(0, 80)} ${res.status}: empty answer`).toBeGreaterThan(0);
              const parsed = JSON.parse(res.body) as { ok: boolean; error?: { code: string } };
              if (!parsed.ok) expect(parsed.error!.code).not.toBe('internal');
              if (!parsed.ok && d.changed()) expect(d.digest(), `${name} refused over HTTP but changed the store`).toBe(baseline);
            }
            if (d.changed()) baseline = d.digest();
          });
        }
      } finally {
        d.close();
      }
      const info = await send(host.port, 'POST', '/api/invoke/app:info', { cookie, 'x-anjungan-token': token, 'x-anjungan-client': '1', 'content-type': 'application/json', origin }, Buffer.from('{}'));
      expect(JSON.parse(info.body)).toMatchObject({ ok: true });
      summary['host-api-http'] = { inputs: N_HTTP, failures: 0, ...Object.fromEntries(Object.entries(statuses).map(([k, v]) => [`http${k}`, v])) };
    } finally {
      await host.close();
    }
  });
});

/** Percent-encodes every byte (lone surrogates become U+FFFD, as a browser would send them). */
function pct(s: string): string {
  return [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
}

function send(port: number, method: string, path: string, headers: Record<string, string>, body: Buffer | null): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((done, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}
