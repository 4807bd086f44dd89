import { z } from 'zod';
import { mayCall, type Principal } from '../../shared/api/access.js';
import { apiCalls, isCallName, type CallName, type CallParsedRequest, type CallResponse } from '../../shared/api/contract.js';
import type { CallSpec } from '../../shared/api/define.js';
import { isSimCallName, simCalls, type SimCallName, type SimCalls } from '../../shared/api/calls/sim.js';
import { ApiFailure, fail, ok, type Result } from '../../shared/api/result.js';
import { storageProblem } from '../db/storage-problem.js';
import type { Logger } from '../log.js';
import type { ClientSession } from './client-session.js';

/** What the transport knows of a call: how it came, and from which page or window. */
export interface CallContext {
  transport: 'host' | 'electron' | 'internal';
  /** The page or window's session; absent for in-process callers (CLI, tests), which act as 'internal'. */
  session?: ClientSession;
}

/** What a handler is given: the transport's context plus the principal the dispatcher checked. */
export interface HandlerContext extends CallContext {
  principal: Principal;
}

export type Handler<K extends CallName> = (
  request: CallParsedRequest<K>,
  ctx: HandlerContext,
) => CallResponse<K> | Promise<CallResponse<K>>;

export type Handlers = { [K in CallName]: Handler<K> };

/** Handlers of the simulator calls: present only when the core runs with simulated devices. */
export type SimHandlers = {
  [K in SimCallName]: (
    request: z.output<SimCalls[K]['request']>,
    ctx: HandlerContext,
  ) => NonNullable<SimCalls[K]['response']> | Promise<NonNullable<SimCalls[K]['response']>>;
};

export interface Dispatcher {
  /** Never throws and never rejects: every outcome is a Result. */
  invoke(name: unknown, request: unknown, ctx: CallContext): Promise<Result<unknown>>;
}

export interface DispatcherOptions {
  handlers: Handlers;
  sim: SimHandlers | null;
  log: Logger;
  /** Who calls, for a session (the core knows the device role and the idle lock). */
  principalOf: (session: ClientSession) => Principal;
  /** Names a storage problem behind a failure (default: from the error code alone; the core also asks the disk). */
  storageProblemOf?: (err: unknown) => 'storage_full' | 'storage_read_only' | null;
}

type AnyHandler = (req: unknown, ctx: HandlerContext) => unknown;

/**
 * The one wrapper every handler goes through, whichever transport carried the call: unknown
 * names, callers without the access the contract declares, and invalid requests are answered
 * with a code, never passed on; a handler's exception becomes `internal` (logged with the call
 * name, not the request, which may hold a NIK).
 */
export function createDispatcher(o: DispatcherOptions): Dispatcher {
  const lookup = (name: unknown): { spec: CallSpec<z.ZodType, unknown>; handler: AnyHandler } | null => {
    if (isCallName(name)) return { spec: apiCalls[name], handler: o.handlers[name] as AnyHandler };
    if (o.sim && isSimCallName(name)) return { spec: simCalls[name], handler: o.sim[name] as AnyHandler };
    return null;
  };
  return {
    async invoke(name, request, ctx) {
      const found = lookup(name);
      if (!found) {
        return fail('unknown_call', `unknown call: ${typeof name === 'string' ? name.slice(0, 80) : typeof name}`);
      }
      const principal: Principal = ctx.session ? o.principalOf(ctx.session) : { kind: 'internal' };
      if (!mayCall(principal, found.spec.access)) {
        if (ctx.session?.expired && principal.kind !== 'user') return fail('session_expired', `${String(name)}: the desk was locked; log in again`);
        return fail('forbidden', `${String(name)} is not allowed for ${principal.kind === 'user' ? `the ${principal.role} role` : `a ${principal.kind} session`}`);
      }
      let parsed: ReturnType<typeof found.spec.request.safeParse>;
      try {
        parsed = found.spec.request.safeParse(request ?? {});
      } catch {
        // zod itself throws on some hostile shapes ({"constructor": null} anywhere; found by the issue 14 fuzz).
        return fail('invalid_request', `invalid request for ${String(name)}: it cannot be read as a request`);
      }
      if (!parsed.success) {
        return fail('invalid_request', `invalid request for ${String(name)}: ${z.prettifyError(parsed.error)}`, {
          issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
        });
      }
      try {
        return ok(await found.handler(parsed.data, { ...ctx, principal }));
      } catch (err) {
        if (err instanceof ApiFailure) return fail(err.code, err.message, err.details);
        const storage = (o.storageProblemOf ?? storageProblem)(err);
        if (storage) {
          o.log.error('storage problem', { call: name, code: (err as { code?: string }).code, problem: storage });
          return fail(storage, storage === 'storage_full' ? 'the disk is full: nothing was stored' : 'the data folder cannot be written: nothing was stored');
        }
        o.log.error('handler failed', { call: name, transport: ctx.transport, error: err });
        return fail('internal', `internal error in ${String(name)}; see the Anjungan log`);
      }
    },
  };
}

export { storageProblem };

/** Typed convenience for in-process callers (CLI, tests): unwraps or throws. */
export async function invokeOrThrow<K extends CallName | SimCallName>(
  dispatcher: Dispatcher,
  name: K,
  request: unknown,
): Promise<K extends CallName ? CallResponse<K> : K extends SimCallName ? NonNullable<SimCalls[K]['response']> : never> {
  const result = (await dispatcher.invoke(name, request, { transport: 'internal' })) as Result<never>;
  if (!result.ok) throw new ApiFailure(result.error.code, result.error.message, result.error.details);
  return result.value;
}
