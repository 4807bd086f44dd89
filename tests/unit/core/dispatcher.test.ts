import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CALL_NAMES } from '../../../shared/api/contract.js';
import { ApiFailure } from '../../../shared/api/result.js';
import { createDispatcher, type Handlers } from '../../../main/core/dispatcher.js';
import { createLogger } from '../../../main/log.js';

const logged: string[] = [];
const log = createLogger('test', (line) => void logged.push(line));

/** Every handler answers its own name, except the ones a test makes misbehave. */
function handlers(overrides: Partial<Record<string, () => unknown>> = {}): Handlers {
  const all: Record<string, () => unknown> = {};
  for (const name of CALL_NAMES) all[name] = overrides[name] ?? (() => ({ answered: name }));
  return all as unknown as Handlers;
}
const ctx = { transport: 'internal' as const };
const make = (h: Handlers) => createDispatcher({ handlers: h, sim: null, log, principalOf: () => ({ kind: 'internal' }) });

describe('the handler wrapper', () => {
  it('passes a valid request to its handler and wraps the answer', async () => {
    const d = make(handlers());
    await expect(d.invoke('settings:get', {}, ctx)).resolves.toEqual({ ok: true, value: { answered: 'settings:get' } });
  });

  it('refuses an unknown call name with unknown_call', async () => {
    const d = make(handlers());
    await expect(d.invoke('app:format-disk', {}, ctx)).resolves.toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    await expect(d.invoke('__proto__', {}, ctx)).resolves.toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    await expect(d.invoke(42, {}, ctx)).resolves.toMatchObject({ ok: false, error: { code: 'unknown_call' } });
  });

  it('refuses an invalid request with invalid_request and the failing path', async () => {
    const d = make(handlers());
    const res = await d.invoke('settings:update', { role: 'admin' }, ctx);
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(!res.ok && JSON.stringify(res.error.details)).toContain('role');
    const extra = await d.invoke('settings:update', { rol: 'kiosk' }, ctx);
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const badId = await d.invoke('submissions:get', { id: 'not-a-uuid' }, ctx);
    expect(badId).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('turns a thrown ApiFailure into its code and any other exception into internal, logging the name only', async () => {
    const d = make(
      handlers({
        'settings:get': () => {
          throw new ApiFailure('not_found', 'nothing here');
        },
        'app:info': () => {
          throw new Error('secret NIK 3604051234560001 in a message');
        },
      }),
    );
    await expect(d.invoke('settings:get', {}, ctx)).resolves.toEqual({ ok: false, error: { code: 'not_found', message: 'nothing here' } });
    const res = await d.invoke('app:info', {}, ctx);
    expect(res).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(res)).not.toContain('3604051234560001');
    expect(logged.some((l) => l.includes('"call":"app:info"'))).toBe(true);
  });

  it('never rejects, whatever arrives (property test)', async () => {
    const d = make(handlers());
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...CALL_NAMES), fc.string(), fc.anything()), fc.anything(), async (name, request) => {
        const res = await d.invoke(name, request, ctx);
        expect(typeof res.ok).toBe('boolean');
        if (!res.ok) expect(typeof res.error.code).toBe('string');
      }),
      { numRuns: 500 },
    );
  });
});
