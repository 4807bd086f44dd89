import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HubErrorCode } from '../../shared/sync/protocol.js';

/** The hub's device-facing HTTP plumbing: errors as {error:{code,message}}, bounded bodies, Ed25519 checks. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: HubErrorCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const RAW_ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
export function ed25519PublicKey(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw new HttpError(400, 'bad_request', 'an Ed25519 public key has 32 bytes');
  return createPublicKey({ key: Buffer.concat([RAW_ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

export function verifySig(publicKey: Buffer, text: string, sigB64: string | undefined): boolean {
  if (!sigB64) return false;
  try {
    return verify(null, Buffer.from(text), ed25519PublicKey(publicKey), Buffer.from(sigB64, 'base64'));
  } catch {
    return false;
  }
}

/** When each request reached the hub (noteArrival), for the answer's Server-Timing. */
const arrivals = new WeakMap<IncomingMessage, number>();
export function noteArrival(req: IncomingMessage): void {
  arrivals.set(req, performance.now());
}

/**
 * JSON with `server-timing: app;dur=MS`, the hub's own time on the request: a device takes it off
 * the exchange's time to learn the link's round trip (a cold first enrolment on a LAN is not a WAN).
 */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  const at = arrivals.get(res.req);
  const timing = at === undefined ? {} : { 'server-timing': `app;dur=${(performance.now() - at).toFixed(1)}` };
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...timing });
  res.end(text);
}

/** Past this, an oversized body is not drained for its 413: the connection is cut. */
const MAX_DRAIN = 64 * 1024 * 1024;

/** The whole body; over `max`, it is read to its end and discarded so the client gets the 413. */
export async function readRaw(req: IncomingMessage, max: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    n += c.length;
    if (n > MAX_DRAIN) req.destroy();
    else if (n <= max) parts.push(c);
  }
  if (n > max) throw new HttpError(413, 'too_large', `request body over ${max} bytes`);
  return Buffer.concat(parts);
}

export function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'bad_request', 'the request body is not JSON');
  }
}

export async function readJson(req: IncomingMessage, max = 64 * 1024): Promise<unknown> {
  return parseJson(await readRaw(req, max));
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
