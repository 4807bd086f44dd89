import { createCore, type Core } from '../../../main/core/core.js';
import type { ClientSession } from '../../../main/core/client-session.js';
import { createLogger } from '../../../main/log.js';
import type { CallName, CallResponse } from '../../../shared/api/contract.js';
import type { Result } from '../../../shared/api/result.js';

export const quiet = createLogger('test', () => {});

/** A core on a real data folder with a clock the test moves (WIB 08:00 on 23 Nov 2026 to start). */
export async function queueCore(dir: string, clock: { ms: number }): Promise<Core> {
  return createCore({ dataDir: dir, shell: 'host', log: quiet, now: () => new Date(clock.ms), watchCatalogue: false });
}

export const START_MS = Date.parse('2026-11-23T01:00:00Z');

export interface Caller {
  session: ClientSession;
  call<K extends CallName>(name: K, request: unknown): Promise<Result<CallResponse<K>>>;
  ok<K extends CallName>(name: K, request: unknown): Promise<CallResponse<K>>;
}

/** A page of the host: a kiosk (resident), the display, or a desk logged in with `role`. */
export function caller(core: Core, kind: 'kiosk' | 'display' | 'operator' | 'admin', username: string = kind): Caller {
  const session = core.services.sessions.create(kind === 'kiosk' ? 'kiosk' : kind === 'display' ? 'display' : 'desk');
  if (kind === 'operator' || kind === 'admin') session.signIn({ userId: `u-${username}`, username, name: username, role: kind }, Date.now());
  const call = async <K extends CallName>(name: K, request: unknown) =>
    (await core.dispatcher.invoke(name, request, { transport: 'host', session })) as Result<CallResponse<K>>;
  return {
    session,
    call,
    async ok(name, request) {
      const r = await call(name, request);
      if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
      return r.value;
    },
  };
}
