import { CONSOLE_API, CSRF_HEADER, type ConsoleErrorBody } from '../../../shared/console/api.js';

export class ConsoleApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: string[] = [],
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
  const r = await fetch(`${CONSOLE_API}${path}`, { method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const json = (await r.json().catch(() => ({}))) as T & Partial<ConsoleErrorBody> & { error?: { errors?: string[] } };
  if (!r.ok) throw new ConsoleApiError(r.status, json.error?.code ?? 'error', json.error?.message ?? `HTTP ${r.status}`, json.error?.errors ?? []);
  return json;
}
