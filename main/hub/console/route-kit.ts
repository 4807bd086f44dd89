import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ZodType } from 'zod';
import { fieldProblemOf, type ConsoleErrorCode, type FieldProblem } from '../../../shared/console/errors.js';
import type { ConsoleSession } from './accounts.js';

const MAX_BODY = 2 * 1024 * 1024;

export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  session: ConsoleSession | null;
}

export class RouteError extends Error {
  constructor(
    readonly status: number,
    readonly code: ConsoleErrorCode,
    message: string,
    readonly fields?: Record<string, FieldProblem>,
  ) {
    super(message);
  }
}

export function send(res: ServerResponse, status: number, body: unknown, extra: Record<string, string | string[]> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text), ...extra });
  res.end(text);
}

export async function body<T>(req: IncomingMessage, schema: ZodType<T>): Promise<T> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    n += c.length;
    if (n > MAX_BODY) throw new RouteError(413, 'too_large', `request body over ${MAX_BODY} bytes`);
    parts.push(c);
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(parts).toString('utf8') || '{}');
  } catch {
    throw new RouteError(400, 'bad_request', 'the request body is not JSON');
  }
  const r = schema.safeParse(json);
  if (!r.success) throw invalid(r.error.issues, json);
  return r.data;
}

/** The schema's issues as a 400 naming each bad field with its problem (English detail in the message, for logs). */
function invalid(issues: readonly { code: string; path: readonly PropertyKey[]; message: string }[], input: unknown): RouteError {
  const fields: Record<string, FieldProblem> = {};
  for (const i of issues) {
    let value: unknown = input;
    for (const k of i.path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[k] : undefined;
    fields[i.path.map(String).join('.') || '_'] ??= fieldProblemOf(i.code, value);
  }
  return new RouteError(400, 'bad_request', `some fields are not valid: ${issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ')}`, fields);
}

export function idIn(url: URL, kind: 'submissions' | 'devices' | 'complaints'): string {
  const m = new RegExp(`/${kind}/([^/]+)`).exec(url.pathname);
  const id = decodeURIComponent(m?.[1] ?? '');
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(id)) throw new RouteError(400, 'bad_request', 'malformed id');
  return id;
}

/** The query string as an object, repeated or comma-joined keys in `lists` as arrays, checked by `schema`. */
export function params<T>(url: URL, schema: ZodType<T>, lists: readonly string[] = []): T {
  const raw: Record<string, unknown> = Object.fromEntries(url.searchParams);
  for (const k of lists) if (url.searchParams.has(k)) raw[k] = url.searchParams.getAll(k).flatMap((s) => s.split(',')).filter(Boolean);
  const p = schema.safeParse(raw);
  if (!p.success) throw invalid(p.error.issues, raw);
  return p.data;
}
