import type { z } from 'zod';
import type { Access } from './access.js';

/**
 * One entry of the API contract: who may call it, the schema that validates the request at
 * runtime, and the response type, carried as a phantom so that `invoke` is typed end to end.
 */
export interface CallSpec<Req extends z.ZodType, Res> {
  /** Any one of these lets a principal call it (see access.ts). Required: no call is unguarded. */
  readonly access: readonly [Access, ...Access[]];
  readonly request: Req;
  /** Phantom: never set at runtime. */
  readonly response?: Res;
}

/** `call<Response>()(access, requestSchema)`: curried so the response type can be named while the schema is inferred. */
export const call =
  <Res>() =>
  <Req extends z.ZodType>(access: readonly [Access, ...Access[]], request: Req): CallSpec<Req, Res> => ({ access, request });

/** One event the renderer may receive: its payload schema and who may receive it. */
export interface EventSpec<P extends z.ZodType> {
  readonly payload: P;
  readonly access: readonly [Access, ...Access[]];
}
export const event = <P extends z.ZodType>(payload: P, access: readonly [Access, ...Access[]] = ['open']): EventSpec<P> => ({ payload, access });
