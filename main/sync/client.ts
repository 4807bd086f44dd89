import { createHash } from 'node:crypto';
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import {
  BatchState,
  classifyHubError,
  HEADERS,
  HubErrorBody,
  PATHS,
  StatusPage,
  StatusUpdatesAck,
  EnrolResponse,
  type HubKeys,
  batchSigningText,
  bodySigningText,
  letterKeySigningText,
  OfficeLetterKeys,
  requestSigningText,
  type ErrorClass,
  type StatusUpdate,
  type DeviceReport,
} from '../../shared/sync/protocol.js';
import { QueueTicketAck, type QueueTicketSync } from '../../shared/sync/queue.js';
import { SkmAck, type SkmSheet } from '../../shared/sync/skm.js';
import type { SettingsVersions } from '../../shared/sync/settings-push.js';
import type { DeviceIdentity } from './keys.js';
import { RelayReceipt } from '../../shared/sync/relay.js';
import { ACK_FORM_COMPACT, ACK_FORM_HEADER, WireAck, WireBatchState } from '../../shared/sync/ack-compact.js';

/** A failed exchange with the hub, classified so the engine knows whether and when to retry. */
export class SyncError extends Error {
  constructor(
    readonly kind: ErrorClass,
    readonly code: string,
    message: string,
    readonly status: number | null = null,
    readonly received: number | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'SyncError';
  }
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const WRITE_PIECE = 16 * 1024;
/** Request and reply headers of one exchange, about: a metered link counts them too. */
const HEADER_ALLOWANCE = 400;
/** A request and its reply both under this size time the round trip (plus the hub's small work). */
const SMALL_EXCHANGE = 4 * 1024;

export interface HubClientOptions {
  /** Ask for compact batch acks (the caller expands them against the batch's members: main/sync/ack-verify.ts). */
  compactAcks?: boolean;
  /** The shortest small exchange so far on this client, in ms, each time it gets shorter (an upper bound of the RTT). */
  onRtt?: (ms: number) => void;
}

/**
 * HTTP to one hub over one keep-alive connection: tiny headers, no per-record requests, a
 * stall timeout (no bytes moving for timeoutMs) instead of a total timeout.
 */
export class HubClient {
  /** Bytes this client moved, both ways (bodies plus a rough allowance for headers): a metered link's budget counts them. */
  bytesMoved = 0;
  private readonly agent: Agent;
  private readonly base: URL;
  constructor(
    /** The upstream as configured (the key of this link's state: enrolment, hub keys, speed). */
    readonly url: string,
    private readonly id: DeviceIdentity,
    private readonly timeoutMs = 30_000,
    private readonly options: HubClientOptions = {},
  ) {
    this.base = new URL(url);
    const opts = { keepAlive: true, maxSockets: 2, keepAliveMsecs: 10_000 };
    this.agent = this.base.protocol === 'https:' ? new HttpsAgent(opts) : new Agent(opts);
    // A connection opened ahead (preconnect) serves the next request that needs a new one.
    const create = this.agent.createConnection.bind(this.agent);
    this.agent.createConnection = ((...args: Parameters<typeof create>) => {
      const s = this.spare;
      this.spare = null;
      return s && !s.destroyed ? s : create(...args);
    }) as typeof create;
  }

  private spare: Socket | null = null;

  /**
   * Opens a second connection now, so its handshake (a round trip, two with TLS) runs beside the
   * exchange on the first: a fresh device's first batch goes up beside its enrolment.
   */
  preconnect(): void {
    if (this.spare && !this.spare.destroyed) return;
    const host = this.base.hostname.replace(/^\[|\]$/g, '');
    const https = this.base.protocol === 'https:';
    const port = Number(this.base.port) || (https ? 443 : 80);
    const s = https ? tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }) }) : netConnect({ host, port });
    s.on('error', () => s.destroy()); // a spare that fails is not used: the request opens its own
    this.spare = s;
  }

  close(): void {
    this.spare?.destroy();
    this.spare = null;
    this.agent.destroy();
  }

  private send(method: string, path: string, headers: Record<string, string>, body: Buffer | null, onWritten?: (n: number) => void, timeoutMs = this.timeoutMs): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      const url = new URL(path, this.base);
      const fn = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const h: Record<string, string> = { ...headers };
      if (body) h['content-length'] = String(body.length);
      // Sent while this device's enrolment is on its way (its first batch): the hub may hold it for that enrolment.
      if (this.enrolling > 0 && h[HEADERS.device]) h[HEADERS.beside] = '1';
      const req = fn(url, { method, headers: h, agent: this.agent });
      const t0 = performance.now();
      // The round trip: from the request's last byte out to the answer's head, less the hub's own time (its Server-Timing).
      let flushedAt = t0;
      req.once('finish', () => (flushedAt = performance.now()));
      let settled = false;
      const fail = (err: SyncError): void => {
        if (settled) return;
        settled = true;
        req.destroy();
        reject(err);
      };
      req.setTimeout(timeoutMs, () => fail(new SyncError('network', 'timeout', `no progress for ${timeoutMs} ms`)));
      req.on('error', (err: NodeJS.ErrnoException) => fail(new SyncError('network', err.code ?? 'network', `hub unreachable: ${err.message}`)));
      req.on('response', (res) => {
        const headAt = performance.now();
        const hubMs = Number(/app;dur=([\d.]+)/.exec(String(res.headers['server-timing'] ?? ''))?.[1] ?? 0);
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('error', (err: NodeJS.ErrnoException) => fail(new SyncError('network', err.code ?? 'network', err.message)));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          const reply = Buffer.concat(parts);
          this.bytesMoved += reply.length + HEADER_ALLOWANCE;
          if ((body?.length ?? 0) <= SMALL_EXCHANGE && reply.length <= SMALL_EXCHANGE) this.noteRtt(Math.max(0, headAt - flushedAt - hubMs));
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: reply });
        });
      });
      if (!body) {
        req.end();
        return;
      }
      // Written in pieces with backpressure, so progress is reported and a stalled link times out.
      let off = 0;
      const pump = (): void => {
        while (off < body.length) {
          const piece = body.subarray(off, off + WRITE_PIECE);
          off += piece.length;
          const more = req.write(piece, () => {
            this.bytesMoved += piece.length;
            onWritten?.(piece.length);
          });
          if (!more) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      pump();
    });
  }

  /** Shortest small exchange on this client (ms), null before the first. */
  rttMs: number | null = null;

  private noteRtt(ms: number): void {
    if (this.rttMs !== null && ms >= this.rttMs) return;
    this.rttMs = ms;
    try {
      this.options.onRtt?.(ms);
    } catch {
      /* a figure that cannot be kept (a full disk) must not fail the exchange */
    }
  }

  private signed(method: string, pathAndQuery: string): Record<string, string> {
    return {
      [HEADERS.device]: this.id.deviceId,
      [HEADERS.signature]: this.id.sign(requestSigningText(method, pathAndQuery, this.id.deviceId)),
    };
  }

  private static fail(r: Reply): SyncError {
    let code: string = 'http_' + r.status;
    let message = `hub answered HTTP ${r.status}`;
    let received: number | null = null;
    try {
      const parsed = HubErrorBody.safeParse(JSON.parse(r.body.toString('utf8')));
      if (parsed.success) {
        code = parsed.data.error.code;
        message = parsed.data.error.message;
      }
      const rec = (JSON.parse(r.body.toString('utf8')) as { received?: unknown }).received;
      if (typeof rec === 'number') received = rec;
    } catch {
      /* not JSON: a proxy or a crashed hub */
    }
    const retryAfter = Number(r.headers['retry-after']);
    const kind = classifyHubError(r.status, HubErrorBody.shape.error.shape.code.safeParse(code).success ? (code as never) : undefined);
    return new SyncError(kind, code, message, r.status, received, Number.isFinite(retryAfter) ? retryAfter * 1000 : null);
  }

  private static json(r: Reply): unknown {
    try {
      return JSON.parse(r.body.toString('utf8'));
    } catch {
      throw new SyncError('busy', 'bad_reply', `hub sent a reply that is not JSON (HTTP ${r.status})`, r.status);
    }
  }

  async hello(): Promise<number> {
    const t = performance.now();
    const r = await this.send('GET', PATHS.hello, {}, null);
    if (r.status !== 200) throw HubClient.fail(r);
    return performance.now() - t;
  }

  /** Enrolments of this client on their way: a request sent meanwhile says so (HEADERS.beside). */
  private enrolling = 0;

  /** Enrols this device; answers the hub's public keys (kept by the engine). */
  async enrol(code: string | null, label: string | null): Promise<HubKeys> {
    const body = Buffer.from(
      JSON.stringify({ deviceId: this.id.deviceId, publicKey: this.id.publicKey.toString('base64'), ...(code ? { code } : {}), ...(label ? { label } : {}) }),
    );
    const signature = this.id.sign(requestSigningText('POST', PATHS.enrol, this.id.deviceId));
    this.enrolling++;
    const r = await this.send('POST', PATHS.enrol, { 'content-type': 'application/json', [HEADERS.signature]: signature }, body).finally(() => this.enrolling--);
    if (r.status !== 200) throw HubClient.fail(r);
    const reply = EnrolResponse.safeParse(HubClient.json(r));
    if (!reply.success) throw new SyncError('busy', 'bad_reply', 'hub sent a malformed enrolment reply');
    return reply.data.hub;
  }

  /** Batches whose compact ack was refused: asked for the full one from then on (this connection's lifetime). */
  private readonly fullAckFor = new Set<string>();

  /** After a compact ack that did not match: the next answer for this batch comes in the full form. */
  preferFullAck(batchId: string): void {
    this.fullAckFor.add(batchId);
  }

  /** Asks for the compact ack (shared/sync/ack-compact.ts); a hub or relay that does not know it answers the full one. */
  private ackForm(batchId: string): Record<string, string> {
    return this.options.compactAcks && !this.fullAckFor.has(batchId) ? { [ACK_FORM_HEADER]: ACK_FORM_COMPACT } : {};
  }

  async batchState(batchId: string): Promise<WireBatchState> {
    const path = PATHS.batch(batchId);
    const r = await this.send('GET', path, { ...this.signed('GET', path), ...this.ackForm(batchId) }, null);
    if (r.status !== 200) throw HubClient.fail(r);
    const s = WireBatchState.safeParse(HubClient.json(r));
    if (!s.success) throw new SyncError('busy', 'bad_reply', 'hub sent a malformed batch state');
    return s.data;
  }

  /** Uploads body[offset..]; resolves with the ack when the hub committed, or with how much it holds. */
  async putBatch(
    batchId: string,
    body: Buffer,
    digest: string,
    offset: number,
    onWritten?: (n: number) => void,
    linkBytesPerSecond = 4000,
  ): Promise<WireAck | { received: number; atRelay?: RelayReceipt['atRelay'] }> {
    const headers = {
      ...this.ackForm(batchId),
      [HEADERS.device]: this.id.deviceId,
      [HEADERS.total]: String(body.length),
      [HEADERS.digest]: digest,
      [HEADERS.signature]: this.id.sign(batchSigningText(batchId, this.id.deviceId, body.length, digest)),
    };
    // The OS buffers much of the body at once, so the socket looks idle while the link drains
    // it: allow the time the rest needs at the expected rate on top of the stall timeout.
    const drain = Math.round(((body.length - offset) / Math.max(500, linkBytesPerSecond)) * 2000);
    const r = await this.send('PUT', `${PATHS.batch(batchId)}?offset=${offset}`, headers, body.subarray(offset), onWritten, this.timeoutMs + drain);
    if (r.status === 202) {
      const s = BatchState.safeParse(HubClient.json(r));
      return { received: s.success ? s.data.received : 0 };
    }
    if (r.status !== 200) throw HubClient.fail(r);
    const reply = HubClient.json(r);
    // A relay's receipt: it holds the whole batch durably; the hub's ack comes later.
    const receipt = RelayReceipt.safeParse(reply);
    if (receipt.success) return { received: receipt.data.received, atRelay: receipt.data.atRelay };
    const ack = WireAck.safeParse(reply);
    if (!ack.success) throw new SyncError('busy', 'bad_reply', 'hub sent a malformed ack');
    return ack.data;
  }

  async statusPage(since: number, limit: number, report?: DeviceReport): Promise<StatusPage> {
    const about = report ? `&backlog=${report.backlog}&clock=${report.clockMs}${report.version ? `&v=${encodeURIComponent(report.version)}` : ''}` : '';
    const path = `${PATHS.status}?since=${since}&limit=${limit}${about}`;
    const r = await this.send('GET', path, this.signed('GET', path), null);
    if (r.status !== 200) throw HubClient.fail(r);
    const p = StatusPage.safeParse(HubClient.json(r));
    if (!p.success) throw new SyncError('busy', 'bad_reply', 'hub sent a malformed status page');
    return p.data;
  }

  /** The desa's own status moves, signed with the body's digest. */
  async postStatusUpdates(items: StatusUpdate[]): Promise<StatusUpdatesAck> {
    const body = Buffer.from(JSON.stringify({ items }));
    const digest = createHash('sha256').update(body).digest('hex');
    const headers = {
      'content-type': 'application/json',
      [HEADERS.device]: this.id.deviceId,
      [HEADERS.signature]: this.id.sign(bodySigningText('POST', PATHS.statusUpdates, this.id.deviceId, digest)),
    };
    const r = await this.send('POST', PATHS.statusUpdates, headers, body);
    if (r.status !== 200) throw HubClient.fail(r);
    const ack = StatusUpdatesAck.safeParse(HubClient.json(r));
    if (!ack.success) throw new SyncError('busy', 'bad_reply', 'hub sent a malformed status ack');
    return ack.data;
  }

  /** SKM answer sheets (idempotent by id at the hub), signed with the body's digest. */
  async postSkm(items: SkmSheet[]): Promise<SkmAck> {
    const ack = SkmAck.safeParse(await this.postSigned(PATHS.skm, { items }));
    if (!ack.success) throw new SyncError('busy', 'bad_reply', 'hub sent a malformed SKM ack');
    return ack.data;
  }

  /** Queue tickets at their versions (the hub keeps the highest), signed with the body's digest. */
  async postQueueTickets(items: QueueTicketSync[]): Promise<QueueTicketAck> {
    const ack = QueueTicketAck.safeParse(await this.postSigned(PATHS.queueTickets, { items }));
    if (!ack.success) throw new SyncError('busy', 'bad_reply', 'hub sent a malformed queue ticket ack');
    return ack.data;
  }

  /** A JSON POST signed with the body's digest; the hub's JSON answer (not yet checked). */
  private async postSigned(path: string, payload: unknown): Promise<unknown> {
    const body = Buffer.from(JSON.stringify(payload));
    const digest = createHash('sha256').update(body).digest('hex');
    const headers = {
      'content-type': 'application/json',
      [HEADERS.device]: this.id.deviceId,
      [HEADERS.signature]: this.id.sign(bodySigningText('POST', path, this.id.deviceId, digest)),
    };
    const r = await this.send('POST', path, headers, body);
    if (r.status !== 200) throw HubClient.fail(r);
    return HubClient.json(r);
  }

  /** null when the hub has nothing newer than `have` (or serves no catalogue). */
  async catalogue(have: number): Promise<unknown> {
    const path = `${PATHS.catalogue}?have=${have}`;
    const r = await this.send('GET', path, this.signed('GET', path), null);
    if (r.status === 304 || r.status === 404) return null;
    if (r.status !== 200) throw HubClient.fail(r);
    return HubClient.json(r);
  }

  /** The signed settings documents newer than `have` ({office, device}, each null when none is newer). Checked by the caller. */
  async settings(have: SettingsVersions): Promise<unknown> {
    const path = `${PATHS.settings}?office=${have.office}&device=${have.device}`;
    const r = await this.send('GET', path, this.signed('GET', path), null);
    if (r.status !== 200) throw HubClient.fail(r);
    return HubClient.json(r);
  }

  /** Publishes this device's public letter key for its office (signed over every field). */
  async publishLetterKey(officeCode: string, keyId: string, publicKey: Buffer): Promise<void> {
    const b64 = publicKey.toString('base64');
    const body = Buffer.from(JSON.stringify({ officeCode, keyId, publicKey: b64 }));
    const headers = {
      'content-type': 'application/json',
      [HEADERS.device]: this.id.deviceId,
      [HEADERS.signature]: this.id.sign(letterKeySigningText(this.id.deviceId, officeCode, keyId, b64)),
    };
    const r = await this.send('POST', PATHS.letterKeys, headers, body);
    if (r.status !== 200) throw HubClient.fail(r);
  }

  /** The public letter keys of an office's devices. */
  async officeLetterKeys(officeCode: string): Promise<OfficeLetterKeys> {
    const path = `${PATHS.letterKeys}?office=${encodeURIComponent(officeCode)}`;
    const r = await this.send('GET', path, this.signed('GET', path), null);
    if (r.status !== 200) throw HubClient.fail(r);
    const p = OfficeLetterKeys.safeParse(HubClient.json(r));
    if (!p.success) throw new SyncError('busy', 'bad_reply', 'hub sent a malformed list of letter keys');
    return p.data;
  }
}
