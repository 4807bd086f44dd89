import { createHash, createPublicKey, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AdminStatusRequest,
  BatchId,
  CatalogueDocument,
  DeviceId,
  EnrolRequest,
  type EnrolResponse,
  HEADERS,
  HUB_CHUNK_BYTES,
  MAX_BATCH_BYTES,
  MAX_INFLATED_BYTES,
  PATHS,
  batchSigningText,
  bodySigningText,
  requestSigningText,
  StatusUpdatesRequest,
  type BatchState,
  type HubErrorCode,
} from '../../shared/sync/protocol.js';
import type { Logger } from '../log.js';
import type { Forwarder } from './forward.js';
import { commitBody, IngestError } from './batch-commit.js';
import { BatchIdReusedError, OffsetError, type HubDevice, type HubStore } from './store.js';
import { letterKeyRoutes, type RouteKit } from './letter-routes.js';
import { updateRoutes } from './update-routes.js';
import { signCatalogue } from './catalogue-sign.js';
import { hashEnrolmentCode } from './enrolment-code.js';
import { consoleRoutes } from './console/routes.js';
import { serveConsole } from './console/static.js';
import type { ServiceInfo } from './console/inbox.js';

export interface HubServerOptions {
  store: HubStore;
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  log: Logger;
  /** 'open' accepts first contact (trust on first use); 'code' needs a one-time enrolment code. */
  enrolment: 'open' | 'code';
  /** Bearer token for /v1/admin/*; null disables those endpoints. */
  adminToken?: string | null;
  /** A JSON file {version, services:[...]} served at /v1/catalogue. */
  catalogueFile?: string | null;
  forwarder?: Forwarder | null;
  maxBatchBytes?: number;
  maxInflatedBytes?: number;
  /** Unfinished uploads older than this are dropped (default 7 days). */
  stagingMaxAgeMs?: number;
}

export interface HubServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

class HttpError extends Error {
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

function verifySig(publicKey: Buffer, text: string, sigB64: string | undefined): boolean {
  if (!sigB64) return false;
  try {
    return verify(null, Buffer.from(text), ed25519PublicKey(publicKey), Buffer.from(sigB64, 'base64'));
  } catch {
    return false;
  }
}

async function readCatalogueFile(file: string): Promise<CatalogueDocument> {
  const doc = CatalogueDocument.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!doc.success) throw new HttpError(500, 'internal', 'the hub catalogue file is not a valid {version, services} document');
  return doc.data;
}

export { hashEnrolmentCode } from './enrolment-code.js';

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Past this, an oversized body is not drained for its 413: the connection is cut. */
const MAX_DRAIN = 64 * 1024 * 1024;

/** The whole body; over `max`, it is read to its end and discarded so the client gets the 413. */
async function readRaw(req: IncomingMessage, max: number): Promise<Buffer> {
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

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'bad_request', 'the request body is not JSON');
  }
}

async function readJson(req: IncomingMessage, max = 64 * 1024): Promise<unknown> {
  return parseJson(await readRaw(req, max));
}

/**
 * The hub's HTTP API (see main/sync/README.md). Uploads are appended to staging a chunk at a
 * time, so a cut costs the kiosk at most the unflushed tail; a complete upload is verified
 * (digest, signature), decoded with a size cap and committed in one transaction.
 */
export async function startHubServer(o: HubServerOptions): Promise<HubServer> {
  const { store, log } = o;
  const maxBatch = o.maxBatchBytes ?? MAX_BATCH_BYTES;
  const maxInflated = o.maxInflatedBytes ?? MAX_INFLATED_BYTES;
  const active = new Map<string, { req: IncomingMessage; superseded: boolean; done: Promise<void> }>();
  const lastSeen = new Map<string, number>();

  const authDevice = async (deviceId: string | undefined): Promise<HubDevice> => {
    if (!deviceId || !DeviceId.safeParse(deviceId).success) throw new HttpError(401, 'unknown_device', 'missing or malformed device id');
    const d = await store.getDevice(deviceId);
    if (!d) throw new HttpError(401, 'unknown_device', `device ${deviceId} is not enrolled at this hub`);
    if (d.revoked) throw new HttpError(403, 'device_revoked', `device ${deviceId} was revoked at this hub`);
    const now = Date.now();
    if (now - (lastSeen.get(d.id) ?? 0) > 60_000) {
      // Last contact, for the console's device list: one write a minute per device at most.
      lastSeen.set(d.id, now);
      if (lastSeen.size > 100_000) lastSeen.clear();
      await store.console.touchDevice(d.id, new Date(now).toISOString());
    }
    return d;
  };
  const authRequest = async (req: IncomingMessage, pathAndQuery: string): Promise<HubDevice> => {
    const deviceId = header(req, HEADERS.device);
    const d = await authDevice(deviceId);
    if (!verifySig(d.publicKey, requestSigningText(req.method ?? 'GET', pathAndQuery, d.id), header(req, HEADERS.signature)))
      throw new HttpError(401, 'bad_signature', 'the request signature does not verify');
    return d;
  };

  const kit: RouteKit = {
    store,
    log,
    authDevice: (req) => authDevice(header(req, HEADERS.device)),
    verify: (d, text, req) => verifySig(d.publicKey, text, header(req, HEADERS.signature)),
    readJson: (req) => readJson(req),
    readBody: (req, max) => readRaw(req, max),
    sendJson,
    fail: (status, code, message) => new HttpError(status, code, message),
  };

  const catalogue = store.console.catalogue(async () => (o.catalogueFile ? readCatalogueFile(o.catalogueFile) : null));
  let directory: { at: number; map: Promise<Map<string, ServiceInfo>> } | null = null;
  // The inbox asks for service → agency on every page; the catalogue changes rarely.
  const inbox = store.console.inbox(() => {
    if (!directory || Date.now() - directory.at > 10_000) directory = { at: Date.now(), map: catalogue.directory() };
    return directory.map;
  });
  const consoleApi = consoleRoutes(store, log, catalogue, inbox);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://hub');
    if (await consoleApi(req, res, url)) return;
    if (url.pathname === '/console' || url.pathname.startsWith('/console/')) return serveConsole(url.pathname.slice('/console'.length), res);
    if (await letterKeyRoutes(kit, req, res, url)) return;
    if (await updateRoutes(kit, req, res, url)) return;
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (path === PATHS.hello && method === 'GET') {
      const id = await store.hubIdentity();
      return sendJson(res, 200, { hub: 'anjungan', protocol: 1, time: new Date().toISOString(), keys: { signingKey: id.signingKey, boxKey: id.boxKey } });
    }
    const bm = /^\/v1\/batches\/([^/]+)$/.exec(path);
    if (bm) {
      const batchId = bm[1]!;
      if (!BatchId.safeParse(batchId).success) throw new HttpError(400, 'bad_request', 'the batch id must be a lower-case UUID');
      if (method === 'PUT') return putBatch(req, res, batchId, url);
      if (method === 'GET') {
        const d = await authRequest(req, `${path}${url.search}`);
        const b = await store.getBatch(batchId);
        if (b) {
          if (b.deviceId !== d.id) throw new HttpError(404, 'not_found', 'no such batch');
          return sendJson(res, 200, { received: 0, total: null, committed: true, ack: b.ack } satisfies BatchState);
        }
        const s = await store.getStaging(batchId);
        if (s && s.deviceId !== d.id) throw new HttpError(404, 'not_found', 'no such batch');
        return sendJson(res, 200, { received: s?.received ?? 0, total: s?.total ?? null, committed: false } satisfies BatchState);
      }
    }
    if (path === PATHS.enrol && method === 'POST') return enrol(req, res, path);
    if (path === PATHS.statusUpdates && method === 'POST') {
      const d = await authDevice(header(req, HEADERS.device));
      const raw = await readRaw(req, 512 * 1024);
      const digest = createHash('sha256').update(raw).digest('hex');
      if (!verifySig(d.publicKey, bodySigningText('POST', path, d.id, digest), header(req, HEADERS.signature))) {
        throw new HttpError(401, 'bad_signature', 'the request signature does not verify');
      }
      const body = StatusUpdatesRequest.safeParse(parseJson(raw));
      if (!body.success) throw new HttpError(400, 'bad_request', 'expected {items:[{seq, id, status, note, at}]} (1 to 500 items)');
      return sendJson(res, 200, await store.applyDeviceStatuses(d.id, body.data.items));
    }
    if (path === PATHS.status && method === 'GET') {
      const d = await authRequest(req, `${path}${url.search}`);
      const since = Number(url.searchParams.get('since') ?? '0');
      const limit = Math.min(1000, Math.max(1, Number(url.searchParams.get('limit') ?? '200')));
      if (!Number.isInteger(since) || since < 0 || !Number.isInteger(limit)) throw new HttpError(400, 'bad_request', 'since and limit must be whole numbers');
      return sendJson(res, 200, await store.statusSince(d.id, since, limit));
    }
    if (path === PATHS.catalogue && method === 'GET') {
      const d = await authRequest(req, `${path}${url.search}`);
      const doc = await catalogue.forOffice(await store.console.officeOf(d.id));
      if (!doc) throw new HttpError(404, 'not_found', 'this hub serves no catalogue');
      const have = Number(url.searchParams.get('have') ?? '0');
      if (doc.version <= have) {
        res.writeHead(304).end();
        return;
      }
      return sendJson(res, 200, await signCatalogue(store, doc));
    }
    if (path === PATHS.adminStatus && method === 'POST') {
      if (!o.adminToken) throw new HttpError(403, 'unauthorized', 'the admin API is disabled (start the hub with an admin token)');
      if (!sameSecret(header(req, 'authorization') ?? '', `Bearer ${o.adminToken}`)) throw new HttpError(401, 'unauthorized', 'wrong or missing bearer token');
      const body = AdminStatusRequest.safeParse(await readJson(req));
      if (!body.success) throw new HttpError(400, 'bad_request', 'expected {key, status, note?}');
      const r = await store.setStatus(body.data.key, body.data.status, body.data.note ?? null, new Date().toISOString());
      if (!r) throw new HttpError(404, 'not_found', `no submission with id or registration number ${body.data.key}`);
      return sendJson(res, 200, r);
    }
    throw new HttpError(404, 'not_found', `no endpoint ${method} ${path}`);
  };

  const enrol = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const body = EnrolRequest.safeParse(await readJson(req));
    if (!body.success) throw new HttpError(400, 'bad_request', 'expected {deviceId, publicKey, code?, label?}');
    const key = Buffer.from(body.data.publicKey, 'base64');
    if (!verifySig(key, requestSigningText('POST', path, body.data.deviceId), header(req, HEADERS.signature)))
      throw new HttpError(401, 'bad_signature', 'the enrolment must be signed with the enrolling key');
    let codeHash: string | null = null;
    if (body.data.code) codeHash = hashEnrolmentCode(body.data.code);
    else if (o.enrolment !== 'open') {
      const known = await store.getDevice(body.data.deviceId);
      if (!known) throw new HttpError(403, 'enrolment_required', 'this hub needs a one-time enrolment code (anjungan hub enrol)');
    }
    const outcome = await store.enrolDevice(body.data.deviceId, key, body.data.label ?? null, codeHash, new Date().toISOString());
    if (outcome === 'code_invalid') throw new HttpError(403, 'enrolment_code_invalid', 'the enrolment code is unknown, used or expired');
    if (outcome === 'revoked') throw new HttpError(403, 'device_revoked', 'this device was revoked at this hub');
    if (outcome === 'key_mismatch') throw new HttpError(403, 'enrolment_required', 'this device id is enrolled with another key');
    if (outcome === 'enrolled') log.info('device enrolled', { deviceId: body.data.deviceId, open: codeHash === null });
    const id = await store.hubIdentity();
    sendJson(res, 200, { deviceId: body.data.deviceId, enrolled: true, hub: { signingKey: id.signingKey, boxKey: id.boxKey } } satisfies EnrolResponse);
  };

  const putBatch = async (req: IncomingMessage, res: ServerResponse, batchId: string, url: URL): Promise<void> => {
    const device = await authDevice(header(req, HEADERS.device));
    const total = Number(header(req, HEADERS.total));
    const digest = header(req, HEADERS.digest) ?? '';
    const offset = Number(url.searchParams.get('offset') ?? '0');
    const length = Number(header(req, 'content-length'));
    if (!Number.isSafeInteger(total) || total <= 0) throw new HttpError(400, 'bad_request', `header ${HEADERS.total} must give the batch length`);
    if (total > maxBatch) throw new HttpError(413, 'too_large', `batch of ${total} bytes is over the hub's limit of ${maxBatch}`);
    if (!/^[0-9a-f]{64}$/.test(digest)) throw new HttpError(400, 'bad_request', `header ${HEADERS.digest} must be a SHA-256 in hex`);
    if (!Number.isSafeInteger(offset) || offset < 0) throw new HttpError(400, 'bad_request', 'offset must be a whole number');
    if (!Number.isSafeInteger(length) || length < 0) throw new HttpError(411, 'bad_request', 'content-length is required');
    if (offset + length > total) throw new HttpError(400, 'bad_request', `offset ${offset} + ${length} bytes is past the batch length ${total}`);
    if (!verifySig(device.publicKey, batchSigningText(batchId, device.id, total, digest), header(req, HEADERS.signature)))
      throw new HttpError(401, 'bad_signature', 'the batch signature does not verify');

    // One upload per batch at a time: a newer request supersedes one whose link went quiet.
    for (let a = active.get(batchId); a; a = active.get(batchId)) {
      a.superseded = true;
      a.req.destroy();
      await a.done;
    }
    let release!: () => void;
    const slot = { req, superseded: false, done: new Promise<void>((r) => (release = r)) };
    active.set(batchId, slot);
    try {
      const committed = await store.getBatch(batchId);
      if (committed) {
        if (committed.digest !== digest || committed.deviceId !== device.id) throw new HttpError(409, 'batch_id_reused', `batch ${batchId} was already committed with other content`);
        res.setHeader('connection', length > 0 ? 'close' : 'keep-alive');
        return sendJson(res, 200, { ...committed.ack, replayed: true });
      }
      let staging = await store.getStaging(batchId);
      if (staging && (staging.digest !== digest || staging.total !== total || staging.deviceId !== device.id)) {
        throw new HttpError(409, 'batch_id_reused', `batch ${batchId} is being uploaded with other content`);
      }
      if (!staging) {
        if (offset !== 0) throw new HttpError(409, 'bad_offset', 'the hub holds 0 bytes of this batch', { received: 0 });
        await store.startStaging({ batchId, deviceId: device.id, total, digest }, new Date().toISOString());
        staging = { batchId, deviceId: device.id, total, digest, received: 0 };
      }
      if (offset !== staging.received) {
        res.setHeader('connection', 'close');
        throw new HttpError(409, 'bad_offset', `the hub holds ${staging.received} bytes of this batch`, { received: staging.received });
      }
      let received = offset;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const flush = async (): Promise<void> => {
        if (pendingBytes === 0) return;
        const data = Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
        received = await store.appendStaging(batchId, received, data);
      };
      let complete = false;
      try {
        for await (const c of req as AsyncIterable<Buffer>) {
          pending.push(c);
          pendingBytes += c.length;
          if (received + pendingBytes > total) throw new HttpError(400, 'bad_request', 'more bytes than the batch length');
          while (pendingBytes >= HUB_CHUNK_BYTES) {
            const all = Buffer.concat(pending, pendingBytes);
            pending = [all.subarray(HUB_CHUNK_BYTES)];
            pendingBytes = all.length - HUB_CHUNK_BYTES;
            received = await store.appendStaging(batchId, received, all.subarray(0, HUB_CHUNK_BYTES));
          }
        }
        complete = true;
      } finally {
        // A cut keeps what arrived (TCP delivered it intact); a superseded upload's tail is dropped.
        if (!slot.superseded) await flush().catch((err: unknown) => log.warn('could not keep an upload tail', { batchId, error: err }));
      }
      if (!complete || res.destroyed) return;
      if (received < total) return sendJson(res, 202, { received, total, committed: false } satisfies BatchState);
      const body = await store.readStaging(batchId);
      let ack;
      try {
        ack = await commitBody(store, { batchId, device, digest, body, maxInflated, forwardTo: o.forwarder?.adapterNames() ?? [] });
      } catch (err) {
        if (!(err instanceof IngestError)) throw err;
        await store.dropStaging(batchId);
        throw new HttpError(err.status, err.code, err.code === 'digest_mismatch' ? 'the uploaded bytes do not match the signed digest; upload again from 0' : err.message);
      }
      log.info('batch committed', { batchId, deviceId: device.id, accepted: ack.accepted.length, duplicate: ack.duplicate.length, rejected: ack.rejected.length });
      if (ack.accepted.length) o.forwarder?.nudge();
      sendJson(res, 200, ack);
    } finally {
      active.delete(batchId);
      release();
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent || res.destroyed) return;
      if (err instanceof HttpError) {
        if (err.status >= 500) log.error('hub request failed', { path: req.url?.split('?')[0], error: err });
        if (req.method === 'PUT' && !req.complete) res.setHeader('connection', 'close');
        return sendJson(res, err.status, { error: { code: err.code, message: err.message }, ...err.extra });
      }
      if (err instanceof BatchIdReusedError) return sendJson(res, 409, { error: { code: 'batch_id_reused', message: err.message } });
      if (err instanceof OffsetError) return sendJson(res, 409, { error: { code: 'bad_offset', message: err.message }, received: err.received });
      const code = (err as { code?: unknown } | null)?.code;
      if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === '53100') {
        // Not "busy": the operator must free disk space; the device keeps its data and retries later.
        log.error('hub storage is full', { path: req.url?.split('?')[0], code });
        return sendJson(res, 507, { error: { code: 'storage_full', message: 'the hub cannot store anything: its disk is full' } });
      }
      log.error('hub request failed', { path: req.url?.split('?')[0], error: err });
      sendJson(res, 503, { error: { code: 'busy', message: 'the hub could not complete the request; try again' } });
    });
  });
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 60_000;
  server.requestTimeout = 0;
  const host = o.host ?? '127.0.0.1';
  // Open enrolment trusts whoever connects first: only where nobody else can connect.
  if (o.enrolment === 'open' && !isLoopback(host)) {
    throw new Error(`open enrolment is refused on a non-loopback address (${host}); use one-time codes (anjungan hub enrol)`);
  }
  if (o.enrolment === 'open') log.warn('OPEN ENROLMENT: any program on this machine can enrol as a device (loopback only; for demos, tests and the embedded hub)', { host });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info('hub listening', { url, backend: store.kind, enrolment: o.enrolment });
  // An upload signed but never finished would hold its staging rows for ever.
  const sweep = (): void => {
    const before = new Date(Date.now() - (o.stagingMaxAgeMs ?? STAGING_MAX_AGE_MS)).toISOString();
    store.dropStaleStaging(before).then(
      (n) => n > 0 && log.info('dropped unfinished uploads', { count: n, before }),
      (err: unknown) => log.warn('could not drop unfinished uploads', { error: err }),
    );
  };
  sweep();
  const sweeper = setInterval(sweep, 60 * 60_000);
  sweeper.unref();
  return {
    port,
    url,
    async close() {
      clearInterval(sweeper);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** Unfinished uploads older than this are dropped (the device starts that batch again from 0). */
const STAGING_MAX_AGE_MS = 7 * 24 * 3600_000;

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** Compares secrets in constant time (a length difference only tells the length). */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
