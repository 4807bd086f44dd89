import { Agent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { BatchAck, EnrolResponse, HEADERS, PATHS, requestSigningText } from '../../shared/sync/protocol.js';
import { RELAY_HEADERS, RelayReceipt, carrierSigningText } from '../../shared/sync/relay.js';
import type { Logger } from '../log.js';
import type { DeviceIdentity } from '../sync/keys.js';
import type { BatchMeta, RelayStore } from './store.js';

export interface UpstreamReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** The whole reply of an upstream request, body buffered (replies are small: acks, states, answers). */
function collectReply(resolve: (r: UpstreamReply) => void, reject: (err: Error) => void): (res: IncomingMessage) => void {
  return (res) => {
    const got: Buffer[] = [];
    res.on('data', (c: Buffer) => got.push(c));
    res.on('error', reject);
    res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(got) }));
  };
}

/** HTTP toward the hub (or the next relay up): the kiosk's protocol, one keep-alive agent, a stall timeout. */
export class Upstream {
  private readonly agent: Agent;
  readonly base: URL;
  constructor(
    url: string,
    private readonly timeoutMs = 15_000,
  ) {
    this.base = new URL(url);
    const opts = { keepAlive: true, maxSockets: 4 };
    this.agent = this.base.protocol === 'https:' ? new HttpsAgent(opts) : new Agent(opts);
  }

  send(method: string, pathAndQuery: string, headers: Record<string, string>, body: Buffer | null): Promise<UpstreamReply> {
    return new Promise((resolve, reject) => {
      const url = new URL(pathAndQuery, this.base);
      const h = { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) };
      const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method, headers: h, agent: this.agent });
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`upstream: no progress for ${this.timeoutMs} ms`)));
      req.on('error', reject);
      req.on('response', collectReply(resolve, reject));
      req.end(body ?? undefined);
    });
  }

  /**
   * A request body passed on as it arrives (a stick's carry from a relay below), with
   * backpressure: nothing of it is held in memory beyond the socket buffers.
   */
  pipeFrom(method: string, pathAndQuery: string, headers: Record<string, string>, length: number, source: NodeJS.ReadableStream, timeoutMs = this.timeoutMs): Promise<UpstreamReply> {
    return new Promise((resolve, reject) => {
      const url = new URL(pathAndQuery, this.base);
      const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method, headers: { ...headers, 'content-length': String(length) }, agent: this.agent });
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`upstream: no progress for ${timeoutMs} ms`)));
      req.on('error', reject);
      source.on('error', (err) => req.destroy(err));
      req.on('response', collectReply(resolve, reject));
      source.pipe(req);
    });
  }

  /** A large body in pieces (a stick's export read file by file from the relay's database), with backpressure. */
  sendParts(method: string, pathAndQuery: string, headers: Record<string, string>, length: number, parts: Iterable<Buffer>, timeoutMs = this.timeoutMs): Promise<UpstreamReply> {
    return new Promise((resolve, reject) => {
      const url = new URL(pathAndQuery, this.base);
      const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method, headers: { ...headers, 'content-length': String(length) }, agent: this.agent });
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`upstream: no progress for ${timeoutMs} ms`)));
      req.on('error', reject);
      req.on('response', collectReply(resolve, reject));
      const it = parts[Symbol.iterator]();
      const pump = (): void => {
        try {
          for (let n = it.next(); !n.done; n = it.next()) if (!req.write(n.value)) return void req.once('drain', pump);
          req.end();
        } catch (err) {
          req.destroy(err as Error);
        }
      };
      pump();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The relay enrols upstream as a device of its own (once per upstream), so the hub can check its carrier signature. */
export async function enrolRelay(up: Upstream, id: DeviceIdentity, store: RelayStore, code: string | null, log: Logger): Promise<void> {
  const key = `enrolled:${up.base.href}`;
  if (store.getState<boolean>(key)) return;
  const body = Buffer.from(JSON.stringify({ deviceId: id.deviceId, publicKey: id.publicKey.toString('base64'), label: 'relay', ...(code ? { code } : {}) }));
  const r = await up.send('POST', PATHS.enrol, { 'content-type': 'application/json', [HEADERS.signature]: id.sign(requestSigningText('POST', PATHS.enrol, id.deviceId)) }, body);
  if (r.status !== 200) throw new Error(`upstream refused the relay's enrolment: HTTP ${r.status} ${r.body.toString('utf8').slice(0, 200)}`);
  const reply = EnrolResponse.safeParse(JSON.parse(r.body.toString('utf8')));
  if (!reply.success) throw new Error('upstream sent a malformed enrolment reply');
  store.setState(`hub-keys:${up.base.href}`, reply.data.hub);
  store.setState(key, true);
  log.info('relay enrolled upstream', { upstream: up.base.href, relayId: id.deviceId });
}

export type ForwardOutcome = 'acked' | 'upstream_holds' | 'partial' | 'refused' | 'failed';

/**
 * One held batch upstream, byte-identical, with the device's own headers and this relay's
 * carrier signature. The body goes once; after that (the next relay up holds it) a zero-length
 * PUT at offset=total asks for the hub's ack, so a thin link carries the bytes one time.
 */
export async function forwardBatch(up: Upstream, id: DeviceIdentity, store: RelayStore, b: BatchMeta, log: Logger): Promise<ForwardOutcome> {
  const headers = {
    [HEADERS.device]: b.device_id,
    [HEADERS.total]: String(b.total),
    [HEADERS.digest]: b.digest,
    [HEADERS.signature]: b.signature,
    [RELAY_HEADERS.relay]: id.deviceId,
    [RELAY_HEADERS.relaySignature]: id.sign(carrierSigningText(b.batch_id, b.device_id, b.total, b.digest, id.deviceId)),
  };
  let offset = b.upstream_holds ? b.total : 0;
  for (let tries = 0; tries < 4; tries++) {
    const body = offset >= b.total ? Buffer.alloc(0) : store.body(b.batch_id).subarray(offset);
    const r = await up.send('PUT', `${PATHS.batch(b.batch_id)}?offset=${offset}`, headers, body);
    const json = safeJson(r.body);
    if (r.status === 200) {
      const receipt = RelayReceipt.safeParse(json);
      if (receipt.success) {
        store.setUpstreamHolds(b.batch_id);
        return 'upstream_holds';
      }
      const ack = BatchAck.safeParse(json);
      if (!ack.success) throw new Error('upstream sent a malformed ack');
      // Kept as the hub sent it: the kiosk checks the hub's signature on exactly these fields.
      store.setAck(b.batch_id, JSON.stringify(ack.data));
      return 'acked';
    }
    if (r.status === 202) return 'partial';
    const code = (json as { error?: { code?: string } } | null)?.error?.code ?? `http_${r.status}`;
    if (r.status === 409 && code === 'bad_offset') {
      const received = (json as { received?: unknown }).received;
      offset = typeof received === 'number' ? received : 0;
      continue;
    }
    if (r.status >= 500 || r.status === 429 || code === 'unknown_device') {
      store.setError(b.batch_id, `${code}: upstream HTTP ${r.status}`);
      if (code === 'unknown_device') store.setState(`enrolled:${up.base.href}`, false);
      return 'failed';
    }
    // Refused as a whole (digest, signature, container): this copy is no good; the kiosk still has its own.
    log.warn('upstream refused a held batch; dropped, the device sends it again', { batchId: b.batch_id, deviceId: b.device_id, code, status: r.status });
    store.drop(b.batch_id);
    return 'refused';
  }
  return 'failed';
}

function safeJson(b: Buffer): unknown {
  try {
    return JSON.parse(b.toString('utf8'));
  } catch {
    return null;
  }
}
