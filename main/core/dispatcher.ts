import { z } from 'zod';
import { apiCalls, isCallName, type CallName, type CallParsedRequest, type CallResponse } from '../../shared/api/contract.js';
import { ApiFailure, fail, ok, type Result } from '../../shared/api/result.js';
import type { Logger } from '../log.js';

/** Who is calling: the transport fills it in (for the audit log and for origin checks). */
export interface CallContext {
  transport: 'host' | 'electron' | 'internal';
}

export type Handler<K extends CallName> = (
  request: CallParsedRequest<K>,
  ctx: CallContext,
) => CallResponse<K> | Promise<CallResponse<K>>;

export type Handlers = { [K in CallName]: Handler<K> };

export interface Dispatcher {
  /** Never throws and never rejects: every outcome is a Result. */
  invoke(name: unknown, request: unknown, ctx: CallContext): Promise<Result<unknown>>;
}

/**
 * The one wrapper every handler goes through, whichever transport carried the call:
 * unknown names and invalid requests are answered with a code, never passed on; a handler's
 * exception becomes `internal` (logged with the call name, not the request, which may hold a NIK).
 */
export function createDispatcher(handlers: Handlers, log: Logger): Dispatcher {
  return {
    async invoke(name, request, ctx) {
      if (!isCallName(name)) {
        return fail('unknown_call', `unknown call: ${typeof name === 'string' ? name.slice(0, 80) : typeof name}`);
      }
      const parsed = apiCalls[name].request.safeParse(request ?? {});
      if (!parsed.success) {
        return fail('invalid_request', `invalid request for ${name}: ${z.prettifyError(parsed.error)}`, {
          issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
        });
      }
      try {
        const handler = handlers[name] as (req: unknown, ctx: CallContext) => unknown;
        return ok(await handler(parsed.data, ctx));
      } catch (err) {
        if (err instanceof ApiFailure) return fail(err.code, err.message, err.details);
        log.error('handler failed', { call: name, transport: ctx.transport, error: err });
        return fail('internal', `internal error in ${name}; see the Anjungan log`);
      }
    },
  };
}

/** Typed convenience for in-process callers (CLI, tests): unwraps or throws. */
export async function invokeOrThrow<K extends CallName>(
  dispatcher: Dispatcher,
  name: K,
  request: unknown,
): Promise<CallResponse<K>> {
  const result = (await dispatcher.invoke(name, request, { transport: 'internal' })) as Result<CallResponse<K>>;
  if (!result.ok) throw new ApiFailure(result.error.code, result.error.message, result.error.details);
  return result.value;
}
