import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BatchId, EnrolRequest, HEADERS, PATHS, SignedCatalogue, requestSigningText, type BatchAck, type BatchState } from '../../shared/sync/protocol.js';
import type { WireBatchState } from '../../shared/sync/ack-compact.js';
import { ackForRequest } from '../hub/ack-sign.js';
import { HttpError, header, isLoopback, parseJson, readRaw, sendJson, verifySig } from '../hub/http.js';
import type { Logger } from '../log.js';
import { diskReserve, isStorageFull } from './disk-reserve.js';
import { relayUpload } from './upload.js';
import { EnrolmentsInFlight, besideEnrolment, knownOrAwaited } from '../hub/enrol-wait.js';
import { openRelayStore, type RelayStore } from './store.js';
import { enrolRelay, forwardBatch, Upstream, type UpstreamReply } from './upstream.js';
import { CARRY_TIMEOUT_MS, forwardUsbExports } from './usb-forward.js';
import { MAX_CARRY_BYTES, MAX_CARRY_HEAD_BYTES, USB_CARRY_PATH } from '../../shared/usb/carry.js';

export interface RelayOptions {
  db: string;
  upstream: string;
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  log: Logger;
  /** For the relay's own enrolment upstream, when the hub wants a code. */
  enrolmentCode?: string | null;
  /** How often the forwarder looks again while batches wait for the hub (default 1 s). */
  pollMs?: number;
}

export interface RelayServer {
  url: string;
  port: number;
  store: RelayStore;
  relayId: string;
  /** Forward what is held now (tests, usb-import); resolves when the pass ends. */
  forwardNow(): Promise<void>;
  close(): Promise<void>;
}

const IDLE_POLL_MS = 5000;
// 'range' and the reply's content-range/accept-ranges: a release download through the relay resumes by ranges (issue 15).
const PASS_HEADERS = ['content-type', 'range', HEADERS.device, HEADERS.signature, HEADERS.total, HEADERS.digest, HEADERS.beside, 'x-anj-relay', 'x-anj-relay-sig'];
const REPLY_HEADERS = ['content-type', 'content-range', 'accept-ranges'];

/**
 * The kecamatan relay (issue 12 §1): the hub's protocol toward the kiosks below, the kiosk's
 * toward the hub above. Batches are kept durably before the kiosk is answered and forwarded
 * byte-identical with a carrier signature; the hub's signed ack is kept and handed down.
 * Statuses and catalogues pass through and are cached, served from the cache when the link up is down.
 */
export async function startRelay(o: RelayOptions): Promise<RelayServer> {
  const reserve = diskReserve(`${o.db}.reserve`, o.log);
  const store = openRelayStore(o.db, { onFull: () => reserve.release() });
  reserve.ensure();
  const id = store.identity();
  // `relay usb-import` (another process, the same file) forwards to the same upstream.
  store.setState('upstream', o.upstream);
  const up = new Upstream(o.upstream);
  const log = o.log;
  let timer: NodeJS.Timeout | null = null;
  let passing: Promise<void> | null = null;
  let failures = 0;
  let closed = false;

  const pass = async (): Promise<void> => {
    let again = false;
    try {
      const held = store.unacked();
      const sticks = store.usb.waitingCount();
      // Idle: look again in a while (\`relay usb-import\` may leave a stick's exports from another process).
      if (held.length === 0 && sticks === 0) return schedule(IDLE_POLL_MS);
      await enrolRelay(up, id, store, o.enrolmentCode ?? null, log);
      let acked = 0;
      for (const b of held) {
        const out = await forwardBatch(up, id, store, b, log);
        if (out === 'acked') acked++;
        if (out !== 'acked' && out !== 'refused') again = true;
      }
      // Stick exports left by `relay usb-import` (main/relay/usb-forward.ts); their answers wait for the stick.
      if (sticks && (await forwardUsbExports(up, id, store, log)).waiting) again = true;
      if (acked) {
        log.info('hub acks carried', { batches: acked });
        try {
          store.checkpoint();
        } catch (err) {
          // The acks are recorded; the space comes back at a later checkpoint.
          if (!isStorageFull(err)) throw err;
        }
        // Room again after a full disk: the reserve is taken back for the next time.
        reserve.ensure();
      }
      failures = 0;
    } catch (err) {
      failures++;
      again = true;
      log.warn('upstream unreachable; batches stay held here', { upstream: o.upstream, error: err instanceof Error ? err.message : String(err) });
    }
    if (again || store.unacked().length || store.usb.waitingCount()) schedule(failures ? Math.min(30_000, 500 * 2 ** Math.min(failures, 6)) : o.pollMs ?? 1000);
  };
  const run = (): Promise<void> => (passing ??= pass().finally(() => (passing = null)));
  const schedule = (ms: number): void => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void run();
    }, ms);
    timer.unref();
  };
  const nudge = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (passing) schedule(50);
    else void run();
  };
  const dir = dirname(o.db);
  // No new upload while the reserve is missing (the disk filled and it could not be made again).
  const freeBytes = (): number => {
    if (!reserve.ensure()) return 0;
    try {
      const s = statfsSync(dir);
      return s.bavail * s.bsize + store.reusableBytes();
    } catch {
      return Number.MAX_SAFE_INTEGER;
    }
  };
  const enrolments = new EnrolmentsInFlight();
  const putBatch = relayUpload(store, () => id.deviceId, nudge, freeBytes, enrolments);

  const passHeaders = (req: IncomingMessage): Record<string, string> => {
    const h: Record<string, string> = {};
    for (const n of PASS_HEADERS) {
      const v = header(req, n);
      if (v !== undefined) h[n] = v;
    }
    return h;
  };
  const reply = (res: ServerResponse, r: UpstreamReply): void => {
    const h: Record<string, string> = {};
    for (const n of REPLY_HEADERS) if (r.headers[n] !== undefined) h[n] = String(r.headers[n]);
    res.writeHead(r.status, h).end(r.body);
  };
  /** Signed by an enrolled device, checked here before a cached answer is served. */
  const signedByKnown = (req: IncomingMessage, pathAndQuery: string): string | null => {
    const dev = header(req, HEADERS.device) ?? '';
    const key = store.deviceKey(dev);
    return key && verifySig(key, requestSigningText(req.method ?? 'GET', pathAndQuery, dev), header(req, HEADERS.signature)) ? dev : null;
  };
  const unreachable = (): HttpError => new HttpError(503, 'busy', 'the relay cannot reach its upstream now; try again later');

  const passThrough = async (req: IncomingMessage, res: ServerResponse, pathAndQuery: string, cacheKey: ((dev: string) => string) | null): Promise<void> => {
    const body = req.method === 'GET' || req.method === 'HEAD' ? null : await readRaw(req, 8 * 1024 * 1024);
    let r: UpstreamReply | null = null;
    try {
      r = await up.send(req.method ?? 'GET', pathAndQuery, passHeaders(req), body);
    } catch {
      r = null;
    }
    if (r && r.status < 500) {
      if (cacheKey && r.status === 200) {
        const dev = signedByKnown(req, pathAndQuery);
        if (dev) store.cachePut(cacheKey(dev), r.status, r.body);
      }
      return reply(res, r);
    }
    if (cacheKey) {
      const dev = signedByKnown(req, pathAndQuery);
      const hit = dev ? store.cacheGet(cacheKey(dev)) : null;
      if (hit && serveCached(res, pathAndQuery, hit.body)) return;
    }
    if (r) return reply(res, r);
    throw unreachable();
  };

  /**
   * A stick's carry from a relay below (relays chain): streamed up as it comes, since an export
   * with photos is far larger than anything buffered here. The relay below keeps its copy until
   * the hub's answer comes back down, so a cut here loses nothing.
   */
  const carryThrough = async (req: IncomingMessage, res: ServerResponse, pathAndQuery: string): Promise<void> => {
    const length = Number(header(req, 'content-length'));
    if (!Number.isSafeInteger(length) || length <= 0) throw new HttpError(411, 'bad_request', 'a carry needs its content-length');
    if (length > MAX_CARRY_BYTES + MAX_CARRY_HEAD_BYTES + 4) throw new HttpError(413, 'too_large', `a carry of ${length} bytes is over what one request may carry`);
    let r: UpstreamReply | null = null;
    try {
      r = await up.pipeFrom('POST', pathAndQuery, passHeaders(req), length, req, CARRY_TIMEOUT_MS);
    } catch {
      r = null;
    }
    if (r) return reply(res, r);
    res.setHeader('connection', 'close'); // the rest of the body is not read
    throw unreachable();
  };

  const enrol = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readRaw(req, 64 * 1024);
    const body = EnrolRequest.safeParse(parseJson(raw));
    if (!body.success) throw new HttpError(400, 'bad_request', 'expected {deviceId, publicKey, code?, label?}');
    const key = Buffer.from(body.data.publicKey, 'base64');
    if (!verifySig(key, requestSigningText('POST', PATHS.enrol, body.data.deviceId), header(req, HEADERS.signature)))
      throw new HttpError(401, 'bad_signature', 'the enrolment must be signed with the enrolling key');
    // The hub decides (code or open); the relay only learns the key of a device the hub took.
    // A first batch sent beside this enrolment waits for it here (main/hub/enrol-wait.ts).
    const settle = enrolments.begin(body.data.deviceId);
    try {
      const r = await up.send('POST', PATHS.enrol, passHeaders(req), raw).catch(() => {
        throw unreachable();
      });
      if (r.status === 200) {
        store.rememberDevice(body.data.deviceId, key);
        log.info('device enrolled through the relay', { deviceId: body.data.deviceId });
      }
      reply(res, r);
    } finally {
      settle();
    }
  };

  const batchState = async (req: IncomingMessage, res: ServerResponse, batchId: string, pathAndQuery: string): Promise<void> => {
    // Sent beside the device's enrolment (and only then): wait for it; without a device id, never.
    const dev0 = header(req, HEADERS.device) ?? '';
    await knownOrAwaited(enrolments, dev0, besideEnrolment(req), () => store.deviceKey(dev0));
    const dev = signedByKnown(req, pathAndQuery);
    if (!dev) throw new HttpError(401, 'bad_signature', 'the request signature does not verify (or the device is not enrolled through this relay)');
    const held = store.batch(batchId);
    if (held && held.device_id !== dev) throw new HttpError(404, 'not_found', 'no such batch');
    if (held?.hub_ack) return sendJson(res, 200, { received: 0, total: null, committed: true, ack: ackForRequest(req, JSON.parse(held.hub_ack) as BatchAck) } satisfies WireBatchState);
    if (held) return sendJson(res, 200, { received: held.total, total: held.total, committed: false, atRelay: { relayId: id.deviceId, at: held.received_at } } satisfies BatchState);
    const s = store.staging(batchId);
    if (s && s.device_id !== dev) throw new HttpError(404, 'not_found', 'no such batch');
    sendJson(res, 200, { received: s?.received ?? 0, total: s?.total ?? null, committed: false } satisfies BatchState);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://relay');
    const path = url.pathname;
    const pq = `${path}${url.search}`;
    const method = req.method ?? 'GET';
    if (path === PATHS.hello && method === 'GET') return sendJson(res, 200, { hub: 'anjungan', protocol: 1, time: new Date().toISOString(), relay: id.deviceId });
    if (path === PATHS.enrol && method === 'POST') return enrol(req, res);
    const bm = /^\/v1\/batches\/([^/]+)$/.exec(path);
    if (bm) {
      if (!BatchId.safeParse(bm[1]).success) throw new HttpError(400, 'bad_request', 'the batch id must be a lower-case UUID');
      if (method === 'PUT') return putBatch(req, res, bm[1]!, url);
      if (method === 'GET') return batchState(req, res, bm[1]!, pq);
    }
    if (path === USB_CARRY_PATH && method === 'POST') return carryThrough(req, res, pq);
    if (path === PATHS.status && method === 'GET') return passThrough(req, res, pq, (dev) => `status:${dev}:${statusPageKey(url.searchParams)}`);
    if (path === PATHS.catalogue && method === 'GET') return passThrough(req, res, pq, (dev) => `catalogue:${dev}`);
    return passThrough(req, res, pq, null);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent || res.destroyed) return;
      if (err instanceof HttpError) return sendJson(res, err.status, { error: { code: err.code, message: err.message }, ...err.extra });
      if (isStorageFull(err)) {
        log.error('relay storage is full', { path: req.url?.split('?')[0] });
        return sendJson(res, 507, { error: { code: 'storage_full', message: 'the relay cannot store anything: its disk is full' } });
      }
      log.error('relay request failed', { path: req.url?.split('?')[0], error: err });
      sendJson(res, 503, { error: { code: 'busy', message: 'the relay could not complete the request; try again' } });
    });
  });
  server.keepAliveTimeout = 120_000;
  server.requestTimeout = 0;
  const host = o.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info('relay listening', { url, upstream: o.upstream, relayId: id.deviceId, loopback: isLoopback(host) });
  // Whatever a previous run held goes on now.
  void run();
  return {
    url,
    port,
    store,
    relayId: id.deviceId,
    forwardNow: async () => {
      await passing;
      await run();
    },
    close: async () => {
      closed = true;
      if (timer) clearTimeout(timer);
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await passing?.catch(() => undefined);
      up.close();
      store.close();
    },
  };
}

/** A cached answer while the upstream is down: a status page as it was; a catalogue only if newer than the kiosk's. */
function serveCached(res: ServerResponse, pathAndQuery: string, body: Buffer): boolean {
  if (!pathAndQuery.startsWith(PATHS.catalogue)) {
    res.writeHead(200, { 'content-type': 'application/json', 'x-anj-cached': '1' }).end(body);
    return true;
  }
  const have = Number(new URL(pathAndQuery, 'http://relay').searchParams.get('have') ?? '0');
  let version = 0;
  try {
    const signed = SignedCatalogue.parse(JSON.parse(body.toString('utf8')));
    version = Number((JSON.parse(signed.document) as { version?: unknown }).version) || 0;
  } catch {
    return false;
  }
  if (version > have) res.writeHead(200, { 'content-type': 'application/json', 'x-anj-cached': '1' }).end(body);
  else res.writeHead(304).end();
  return true;
}

/** A status page's cache key: its cursor and size, not the device's report (backlog, clock, version) that rides on it. */
function statusPageKey(q: URLSearchParams): string {
  return `since=${q.get('since') ?? '0'}&limit=${q.get('limit') ?? ''}`;
}
