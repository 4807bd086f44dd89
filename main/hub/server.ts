import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QueueTicketUpload } from '../../shared/sync/queue.js';
import { SkmUpload } from '../../shared/sync/skm.js';
import {
  BatchId,
  CatalogueDocument,
  DeviceId,
  EnrolRequest,
  type EnrolResponse,
  HEADERS,
  MAX_BATCH_BYTES,
  MAX_INFLATED_BYTES,
  PATHS,
  bodySigningText,
  requestSigningText,
  StatusUpdatesRequest,
  type BatchState,
  MAX_REPORTED_BACKLOG,
  REPORTED_VERSION,
} from '../../shared/sync/protocol.js';
import type { Logger } from '../log.js';
import { batchUpload } from './batch-upload.js';
import { ackForRequest, signedAck } from './ack-sign.js';
import type { WireBatchState } from '../../shared/sync/ack-compact.js';
import type { Forwarder } from './forward.js';
import { header, HttpError, isLoopback, noteArrival, parseJson, readJson, readRaw, sendJson, verifySig } from './http.js';
import { BatchIdReusedError, OffsetError, type HubDevice, type HubStore } from './store.js';
import { letterKeyRoutes, type RouteKit } from './letter-routes.js';
import { settingsRoutes } from './settings-routes.js';
import { updateRoutes } from './update-routes.js';
import { prepareSpool, usbCarryRoutes } from './usb-carry-routes.js';
import { signCatalogue } from './catalogue-sign.js';
import { shippedDictionaries } from '../sync/dictionaries.js';
import { hashEnrolmentCode } from './enrolment-code.js';
import { EnrolmentsInFlight, besideEnrolment, knownOrAwaited } from './enrol-wait.js';
import { consoleRoutes } from './console/routes.js';
import { serveConsole } from './console/static.js';
import type { ServiceInfo } from './console/inbox.js';
import type { DeviceReportRow } from './console/rows.js';

export { ed25519PublicKey } from './http.js';
export { hashEnrolmentCode } from './enrolment-code.js';

export interface HubServerOptions {
  store: HubStore;
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  log: Logger;
  /** 'open' accepts first contact (trust on first use); 'code' needs a one-time enrolment code. */
  enrolment: 'open' | 'code';
  /** A JSON file {version, services:[...]} served at /v1/catalogue. */
  catalogueFile?: string | null;
  forwarder?: Forwarder | null;
  maxBatchBytes?: number;
  maxInflatedBytes?: number;
  /** Unfinished uploads older than this are dropped (default 7 days). */
  stagingMaxAgeMs?: number;
  /**
   * Where a stick export carried by a relay is laid out while it is imported: beside a SQLite
   * database (same disk, same owner); default the OS temp folder (often a small tmpfs).
   */
  spoolDir?: string | null;
}

export interface HubServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

async function readCatalogueFile(file: string): Promise<CatalogueDocument> {
  const doc = CatalogueDocument.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!doc.success) throw new HttpError(500, 'internal', 'the hub catalogue file is not a valid {version, services} document');
  return doc.data;
}

/**
 * The hub's HTTP API (see main/sync/README.md): device routes here and in the modules beside
 * (uploads: batch-upload.ts; letter keys; updates), the console's under /console/. Agencies
 * move requests only through the console (cookie sessions, roles) or the CLI, never a bearer token.
 */
export async function startHubServer(o: HubServerOptions): Promise<HubServer> {
  const { store, log } = o;
  const maxBatch = o.maxBatchBytes ?? MAX_BATCH_BYTES;
  const maxInflated = o.maxInflatedBytes ?? MAX_INFLATED_BYTES;
  const spoolDir = prepareSpool(o.spoolDir ?? null, log);
  const lastSeen = new Map<string, number>();
  const enrolments = new EnrolmentsInFlight();

  const authDevice = async (deviceId: string | undefined, beside = false): Promise<HubDevice> => {
    if (!deviceId || !DeviceId.safeParse(deviceId).success) throw new HttpError(401, 'unknown_device', 'missing or malformed device id');
    // A device not known yet, whose request was sent beside its enrolment, waits for that enrolment (main/hub/enrol-wait.ts).
    const d = await knownOrAwaited(enrolments, deviceId, beside, () => store.getDevice(deviceId));
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
  /** The request's device (HEADERS.device); one sent beside its enrolment may wait for it. */
  const deviceOf = (req: IncomingMessage): Promise<HubDevice> => authDevice(header(req, HEADERS.device), besideEnrolment(req));
  const authRequest = async (req: IncomingMessage, pathAndQuery: string): Promise<HubDevice> => {
    const d = await deviceOf(req);
    if (!verifySig(d.publicKey, requestSigningText(req.method ?? 'GET', pathAndQuery, d.id), header(req, HEADERS.signature)))
      throw new HttpError(401, 'bad_signature', 'the request signature does not verify');
    return d;
  };

  const batches = batchUpload({ store, log, forwarder: o.forwarder ?? null, maxBatch, maxInflated, authDevice: deviceOf, deviceById: (id) => authDevice(id) });

  const kit: RouteKit = {
    store,
    log,
    authDevice: deviceOf,
    verify: (d, text, req) => verifySig(d.publicKey, text, header(req, HEADERS.signature)),
    readJson: (req) => readJson(req),
    readBody: (req, max) => readRaw(req, max),
    sendJson,
    fail: (status, code, message) => new HttpError(status, code, message),
  };

  const catalogue = store.console.catalogue(async () => (o.catalogueFile ? readCatalogueFile(o.catalogueFile) : null));
  let directory: { at: number; map: Promise<Map<string, ServiceInfo>> } | null = null;
  // The inbox asks for service → agency on every page; the catalogue changes rarely.
  const services = (): Promise<Map<string, ServiceInfo>> => {
    if (!directory || Date.now() - directory.at > 10_000) directory = { at: Date.now(), map: catalogue.directory() };
    return directory.map;
  };
  const dashboard = store.console.dashboard(services);
  // Never rejects: a failure is logged (and the next start or publication writes it again).
  const syncReference = (): Promise<void> =>
    dashboard.syncReference().then(
      (n) => void ((n.days || n.services || n.serviceStates) && log.info('dashboard reference written', n)),
      (err: unknown) => log.warn('could not write the working-day calendar or SLAs for the dashboards', { error: err }),
    );
  const consoleApi = consoleRoutes(store, log, {
    catalogue,
    inbox: store.console.inbox(services),
    complaints: store.console.complaints(services, () => catalogue.agencies()),
    dashboard,
    catalogueChanged: () => ((directory = null), syncReference()),
  });
  void syncReference();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://hub');
    if (await consoleApi(req, res, url)) return;
    if (url.pathname === '/console' || url.pathname.startsWith('/console/')) return serveConsole(url.pathname.slice('/console'.length), res);
    if (await letterKeyRoutes(kit, req, res, url)) return;
    if (await settingsRoutes(kit, req, res, url)) return;
    if (await updateRoutes(kit, req, res, url)) return;
    if (await usbCarryRoutes({ ...kit, catalogue, forwarder: o.forwarder ?? null, maxInflated, spoolDir }, req, res, url)) return;
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
      if (method === 'PUT') return batches.put(req, res, batchId, url);
      if (method === 'GET') {
        const d = await authRequest(req, `${path}${url.search}`);
        await batches.settled(batchId);
        const b = await store.getBatch(batchId);
        if (b) {
          if (b.deviceId !== d.id) throw new HttpError(404, 'not_found', 'no such batch');
          return sendJson(res, 200, { received: 0, total: null, committed: true, ack: ackForRequest(req, await signedAck(store, d.id, b.ack)) } satisfies WireBatchState);
        }
        const s = await store.getStaging(batchId);
        if (s && s.deviceId !== d.id) throw new HttpError(404, 'not_found', 'no such batch');
        return sendJson(res, 200, { received: s?.received ?? 0, total: s?.total ?? null, committed: false } satisfies BatchState);
      }
    }
    if (path === PATHS.enrol && method === 'POST') return enrol(req, res, path);
    if (path === PATHS.statusUpdates && method === 'POST') {
      const d = await deviceOf(req);
      const raw = await readRaw(req, 512 * 1024);
      const digest = createHash('sha256').update(raw).digest('hex');
      if (!verifySig(d.publicKey, bodySigningText('POST', path, d.id, digest), header(req, HEADERS.signature))) {
        throw new HttpError(401, 'bad_signature', 'the request signature does not verify');
      }
      const body = StatusUpdatesRequest.safeParse(parseJson(raw));
      if (!body.success) throw new HttpError(400, 'bad_request', 'expected {items:[{seq, id, status, note, at}]} (1 to 500 items)');
      return sendJson(res, 200, await store.applyDeviceStatuses(d.id, body.data.items));
    }
    if (path === PATHS.skm && method === 'POST') {
      const d = await deviceOf(req);
      const raw = await readRaw(req, 512 * 1024);
      const digest = createHash('sha256').update(raw).digest('hex');
      if (!verifySig(d.publicKey, bodySigningText('POST', path, d.id, digest), header(req, HEADERS.signature))) {
        throw new HttpError(401, 'bad_signature', 'the request signature does not verify');
      }
      const body = SkmUpload.safeParse(parseJson(raw));
      if (!body.success) throw new HttpError(400, 'bad_request', 'expected {items:[{id, submissionId, serviceId, u1..u9, at}]} (1 to 500 items, scores 1-4 or null)');
      return sendJson(res, 200, await store.skm.accept(d.id, body.data.items, new Date().toISOString()));
    }
    if (path === PATHS.queueTickets && method === 'POST') {
      const d = await deviceOf(req);
      const raw = await readRaw(req, 1024 * 1024);
      const digest = createHash('sha256').update(raw).digest('hex');
      if (!verifySig(d.publicKey, bodySigningText('POST', path, d.id, digest), header(req, HEADERS.signature))) {
        throw new HttpError(401, 'bad_signature', 'the request signature does not verify');
      }
      const body = QueueTicketUpload.safeParse(parseJson(raw));
      if (!body.success) throw new HttpError(400, 'bad_request', 'expected {items:[{id, day, group, number, state, ..., waitSeconds, serveSeconds, version}]} (1 to 500 items)');
      return sendJson(res, 200, await store.queue.accept(d.id, body.data.items, new Date().toISOString()));
    }
    if (path === PATHS.status && method === 'GET') {
      const d = await authRequest(req, `${path}${url.search}`);
      const since = Number(url.searchParams.get('since') ?? '0');
      const limit = Math.min(1000, Math.max(1, Number(url.searchParams.get('limit') ?? '200')));
      if (!Number.isInteger(since) || since < 0 || !Number.isInteger(limit)) throw new HttpError(400, 'bad_request', 'since and limit must be whole numbers');
      const report = deviceReport(url.searchParams, Date.now());
      if (report) await store.console.reportDevice(d.id, report);
      const page = await store.statusSince(d.id, since, limit);
      // The settings versions ride on the page the device asks for anyway: no round trip of their own.
      // So do the compression dictionaries it decodes (container codec 3): a kiosk uses one only once listed here.
      return sendJson(res, 200, { ...page, settings: await store.settings.versionsFor(d.id, await store.console.officeOf(d.id)), dictionaries: shippedDictionaries().ids() });
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
    throw new HttpError(404, 'not_found', `no endpoint ${method} ${path}`);
  };

  const enrol = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const body = EnrolRequest.safeParse(await readJson(req));
    if (!body.success) throw new HttpError(400, 'bad_request', 'expected {deviceId, publicKey, code?, label?}');
    const key = Buffer.from(body.data.publicKey, 'base64');
    if (!verifySig(key, requestSigningText('POST', path, body.data.deviceId), header(req, HEADERS.signature)))
      throw new HttpError(401, 'bad_signature', 'the enrolment must be signed with the enrolling key');
    // A first batch sent beside this enrolment waits for it to settle (main/hub/enrol-wait.ts).
    const settle = enrolments.begin(body.data.deviceId);
    try {
      await enrolDevice(res, body.data, key);
    } finally {
      settle();
    }
  };

  const enrolDevice = async (res: ServerResponse, data: EnrolRequest, key: Buffer): Promise<void> => {
    let codeHash: string | null = null;
    if (data.code) codeHash = hashEnrolmentCode(data.code);
    else if (o.enrolment !== 'open') {
      const known = await store.getDevice(data.deviceId);
      if (!known) throw new HttpError(403, 'enrolment_required', 'this hub needs a one-time enrolment code (anjungan hub enrol)');
    }
    const outcome = await store.enrolDevice(data.deviceId, key, data.label ?? null, codeHash, new Date().toISOString());
    if (outcome === 'code_invalid') throw new HttpError(403, 'enrolment_code_invalid', 'the enrolment code is unknown, used or expired');
    if (outcome === 'revoked') throw new HttpError(403, 'device_revoked', 'this device was revoked at this hub');
    if (outcome === 'key_mismatch') throw new HttpError(403, 'enrolment_required', 'this device id is enrolled with another key');
    if (outcome === 'enrolled') log.info('device enrolled', { deviceId: data.deviceId, open: codeHash === null });
    const id = await store.hubIdentity();
    sendJson(res, 200, { deviceId: data.deviceId, enrolled: true, hub: { signingKey: id.signingKey, boxKey: id.boxKey } } satisfies EnrolResponse);
  };

  const server = createServer((req, res) => {
    noteArrival(req);
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

/**
 * The device's report on its status page (backlog=N&clock=MS[&v=VERSION], signed with the rest
 * of the query); null when it sent none. Out-of-range values are a bad request, not stored.
 */
function deviceReport(q: URLSearchParams, nowMs: number): DeviceReportRow | null {
  const backlog = q.get('backlog');
  const clock = q.get('clock');
  if (backlog === null && clock === null) return null;
  const n = Number(backlog);
  const c = Number(clock);
  const v = q.get('v');
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_REPORTED_BACKLOG || !Number.isSafeInteger(c) || c <= 0 || (v !== null && !REPORTED_VERSION.test(v))) {
    throw new HttpError(400, 'bad_request', 'backlog, clock and v must be a count, a time in ms and a version');
  }
  return { backlog: n, version: v, skewMs: c - nowMs, at: new Date(nowMs).toISOString() };
}
