import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mayCall, PERMISSIONS, ROLES, ROLE_PERMISSIONS, type Principal } from '../../../shared/api/access.js';
import { apiCalls, apiEvents, CALL_NAMES, type CallName } from '../../../shared/api/contract.js';
import { simCalls } from '../../../shared/api/calls/sim.js';
import { call, type CallSpec } from '../../../shared/api/define.js';
import { ClientSession } from '../../../main/core/client-session.js';
import { createDispatcher, type Handlers } from '../../../main/core/dispatcher.js';
import { createLogger } from '../../../main/log.js';

/**
 * Generated from the contract: every call is tried from a kiosk session (a resident), a desk
 * page before login, and each role. The lists below are the reviewed policy; a new call that a
 * resident or an anonymous page could reach must be added here on purpose, or this test fails.
 */
const RESIDENT_CALLS: CallName[] = [
  'app:info', 'app:health', 'settings:get', 'catalogue:list', 'voice:speak', 'devices:status', 'card:manual', 'print:receipt',
  'kiosk:submit', 'kiosk:receipt', 'kiosk:status', 'kiosk:survey', 'kiosk:end-session', 'kiosk:session-probe', 'kiosk:verify-letter',
  'auth:status', 'auth:login', 'auth:logout', 'auth:setup', 'letters:verify', 'queue:take',
];
const OPEN_CALLS: CallName[] = ['app:info', 'app:health', 'settings:get', 'catalogue:list', 'voice:speak', 'devices:status', 'auth:status', 'auth:login', 'auth:logout', 'auth:setup', 'letters:verify'];
/** Calls that read or list residents' records: never open, never to a resident. */
const REGISTER_CALLS: CallName[] = ['submissions:list', 'submissions:get', 'print:jobs', 'letters:get', 'letters:issue', 'letters:print', 'requests:search'];
const ADMIN_ONLY: CallName[] = ['settings:update', 'catalogue:reload', 'users:list', 'users:add', 'users:update', 'users:unlock', 'audit:list', 'audit:export', 'queue:counters:set', 'queue:running-text:set'];
/** The waiting-room display: what every page may, plus the queue's board and call audio (numbers only). */
const DISPLAY_CALLS: CallName[] = [...OPEN_CALLS, 'queue:board', 'queue:call-audio'];
/** Of the queue, a resident may only take a ticket. */
const QUEUE_CALLS = CALL_NAMES.filter((n) => n.startsWith('queue:') || n === 'reports:queue');

const log = createLogger('test', () => {});
const handlers = Object.fromEntries(CALL_NAMES.map((n) => [n, () => 'reached'])) as unknown as Handlers;

async function reached(principal: Principal, name: CallName): Promise<boolean> {
  const d = createDispatcher({ handlers, sim: null, log, principalOf: () => principal });
  const res = await d.invoke(name, {}, { transport: 'host', session: new ClientSession(Date.now()) });
  // An invalid (empty) request still proves the access check passed: only 'forbidden' means refused.
  return !(res.ok === false && res.error.code === 'forbidden');
}

const user = (role: (typeof ROLES)[number]): Principal => ({ kind: 'user', userId: 'u1', username: 'u', name: 'U', role });

describe('access: every call declares who may call it, and the dispatcher enforces it', () => {
  it('every call and event declares a non-empty access list of known names', () => {
    const known = new Set<string>(['open', 'resident', 'display', ...PERMISSIONS]);
    for (const spec of [...Object.values(apiCalls), ...Object.values(simCalls), ...Object.values(apiEvents)]) {
      expect(spec.access.length).toBeGreaterThan(0);
      for (const a of spec.access) expect(known.has(a)).toBe(true);
    }
  });

  it('a call without a declared access does not compile (tsc -p tsconfig.json checks these lines), and an empty list admits nobody', () => {
    const request = z.object({}).strict();
    // @ts-expect-error no access at all: the contract's type requires a non-empty list
    const none = call<unknown>()([], request);
    // @ts-expect-error a permission that does not exist
    const unknown = call<unknown>()(['requests.everything'], request);
    // @ts-expect-error an entry written without call(): access is a required member
    const bare: CallSpec<typeof request, unknown> = { request };
    expect([none, unknown, bare].every((spec) => spec.request === request)).toBe(true);
    const everyone: Principal[] = [{ kind: 'resident' }, { kind: 'anonymous' }, { kind: 'display' }, ...ROLES.map(user)];
    for (const p of everyone) expect(mayCall(p, none.access)).toBe(false);
  });

  it.each(CALL_NAMES)('%s: a kiosk session reaches it only if it is on the resident list', async (name) => {
    expect(await reached({ kind: 'resident' }, name)).toBe(RESIDENT_CALLS.includes(name));
  });

  it.each(CALL_NAMES)('%s: a desk page before login reaches it only if it is open', async (name) => {
    expect(await reached({ kind: 'anonymous' }, name)).toBe(OPEN_CALLS.includes(name));
  });

  it.each(CALL_NAMES)('%s: the waiting-room display reaches it only if it is on the display list', async (name) => {
    expect(await reached({ kind: 'display' }, name)).toBe(DISPLAY_CALLS.includes(name));
  });

  it('of the queue, a kiosk session reaches queue:take and nothing else', async () => {
    expect(QUEUE_CALLS.length).toBeGreaterThan(10);
    for (const name of QUEUE_CALLS) expect(await reached({ kind: 'resident' }, name)).toBe(name === 'queue:take');
  });

  it('the queue events go to the display and counter staff, never to a kiosk session or a page before login', () => {
    for (const name of ['queue:called', 'queue:changed'] as const) {
      expect(apiEvents[name].access).toContain('display');
      expect(apiEvents[name].access).not.toContain('open');
      expect(apiEvents[name].access).not.toContain('resident');
    }
  });

  it('a page opened as the display is the display principal; a kiosk page a resident; a desk page nobody', () => {
    expect(new ClientSession(Date.now(), 'display').resolve('kiosk', Date.now(), 60_000).principal).toEqual({ kind: 'display' });
    expect(new ClientSession(Date.now(), 'display').resolve('operator', Date.now(), 60_000).principal).toEqual({ kind: 'display' });
    expect(new ClientSession(Date.now(), 'kiosk').resolve('operator', Date.now(), 60_000).principal).toEqual({ kind: 'resident' });
    expect(new ClientSession(Date.now(), 'desk').resolve('kiosk', Date.now(), 60_000).principal).toEqual({ kind: 'anonymous' });
  });

  it.each(ROLES.flatMap((role) => CALL_NAMES.map((name) => [role, name] as const)))('%s → %s follows the role table', async (role, name) => {
    const spec = apiCalls[name];
    const expected = spec.access.some((a) => a === 'open' || (a !== 'resident' && a !== 'display' && ROLE_PERMISSIONS[role].includes(a)));
    expect(await reached(user(role), name)).toBe(expected);
    if (ADMIN_ONLY.includes(name)) expect(expected).toBe(role === 'admin');
  });

  it('the register is never open and never reachable from a kiosk session', () => {
    for (const name of REGISTER_CALLS) {
      expect(apiCalls[name].access).not.toContain('open');
      expect(apiCalls[name].access).not.toContain('resident');
    }
  });

  it('the card biodata event goes only to a resident or a desk user who enters requests', () => {
    expect(apiEvents['card:read'].access).toEqual(['resident', 'requests.create']);
  });
});
