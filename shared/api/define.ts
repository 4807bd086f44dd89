import type { z } from 'zod';

/**
 * One entry of the API contract: the schema that validates the request at runtime, and the
 * response type, carried as a phantom so that `invoke` is typed end to end.
 */
export interface CallSpec<Req extends z.ZodType, Res> {
  readonly request: Req;
  /** Phantom: never set at runtime. */
  readonly response?: Res;
}

/** `call<Response>()(requestSchema)`: curried so the response type can be named while the schema is inferred. */
export const call =
  <Res>() =>
  <Req extends z.ZodType>(request: Req): CallSpec<Req, Res> => ({ request });

/** One event the renderer may receive: its payload schema (validated by the shell before it is sent). */
export interface EventSpec<P extends z.ZodType> {
  readonly payload: P;
}
export const event = <P extends z.ZodType>(payload: P): EventSpec<P> => ({ payload });
