import { CONSOLE_API, CSRF_HEADER, type ConsoleErrorBody } from '../../../shared/console/api.js';
import type { FieldProblem } from '../../../shared/console/errors.js';

/** A refused call: the API's code (shared/console/errors.ts; 'offline' when no answer came), its English message for the log, the bad fields. */
export class ConsoleApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: string[] = [],
    readonly fields: Record<string, FieldProblem> = {},
    readonly retryAfterSeconds = 0,
  ) {
    super(message);
  }
}

let csrf = '';
export function setCsrf(token: string): void {
  csrf = token;
}

/** The console's typed calls to the hub: the cookie goes by itself; changes carry the CSRF token. */
export async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (method === 'POST') headers[CSRF_HEADER] = csrf;
  let r: Response;
  try {
    r = await fetch(`${CONSOLE_API}${path}`, { method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  } catch (e) {
    throw new ConsoleApiError(0, 'offline', e instanceof Error ? e.message : String(e));
  }
  const json = (await r.json().catch(() => ({}))) as T & Partial<ConsoleErrorBody>;
  if (!r.ok) {
    const e = json.error;
    throw new ConsoleApiError(r.status, e?.code ?? '', e?.message ?? `HTTP ${r.status}`, e?.errors ?? [], e?.fields ?? {}, e?.retryAfterSeconds ?? Number(r.headers.get('retry-after') ?? 0));
  }
  return json;
}
