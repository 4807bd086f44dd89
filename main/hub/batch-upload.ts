import type { IncomingMessage, ServerResponse } from 'node:http';
import { HEADERS, type BatchState } from '../../shared/sync/protocol.js';
import type { Logger } from '../log.js';
import { batchSignatureValid, commitBody, IngestError, replayedAck } from './batch-commit.js';
import type { Forwarder } from './forward.js';
import { receiveChunks } from './chunked-body.js';
import { HttpError, header, sendJson, verifySig } from './http.js';
import { ackForRequest, signedAck } from './ack-sign.js';
import { RELAY_HEADERS, carrierSigningText } from '../../shared/sync/relay.js';
import type { HubDevice, HubStore } from './store.js';

/** How long a resume question waits for a cut upload's tail to be stored before it is answered anyway. */
const TAIL_WAIT_MS = 2_000;

export interface BatchUploadOptions {
  store: HubStore;
  log: Logger;
  forwarder: Forwarder | null;
  maxBatch: number;
  maxInflated: number;
  /** The enrolled, not revoked device named by the request headers. */
  authDevice(req: IncomingMessage): Promise<HubDevice>;
  /** An enrolled, not revoked device by id (a relay carrying the batch). */
  deviceById(id: string): Promise<HubDevice>;
}

/**
 * PUT /v1/batches/:id. An upload is appended to staging a chunk at a time, so a cut costs the
 * kiosk at most the unflushed tail; a complete upload is committed by batch-commit.ts, the same
 * rules as a USB stick's batch (digest, decoding cap, header, one transaction).
 */
export function batchUpload(o: BatchUploadOptions): {
  put: (req: IncomingMessage, res: ServerResponse, batchId: string, url: URL) => Promise<void>;
  settled: (batchId: string) => Promise<void>;
} {
  const { store, log, maxBatch, maxInflated } = o;
  const active = new Map<string, { req: IncomingMessage; superseded: boolean; done: Promise<void> }>();
  /**
   * Waits (at most TAIL_WAIT_MS) for an upload of the batch whose connection is gone to finish
   * storing its tail, so a kiosk asking where to resume after a cut is told all that arrived: on
   * a loaded hub the tail's write can lag the cut, and each such answer cost a chunk re-sent.
   */
  const settled = async (batchId: string): Promise<void> => {
    const a = active.get(batchId);
    if (!a || !(a.req.destroyed || a.req.readableEnded)) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([a.done, new Promise<void>((r) => (timer = setTimeout(r, TAIL_WAIT_MS)))]);
    clearTimeout(timer);
  };
  const put = async (req: IncomingMessage, res: ServerResponse, batchId: string, url: URL): Promise<void> => {
    const device = await o.authDevice(req);
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
    if (!batchSignatureValid(device, batchId, total, digest, header(req, HEADERS.signature)))
      throw new HttpError(401, 'bad_signature', 'the batch signature does not verify');
    // A relay carrying the batch signs as carrier too; the device's own signature above still decides.
    let carrier: string | null = null;
    const relayId = header(req, RELAY_HEADERS.relay);
    if (relayId) {
      const relay = await o.deviceById(relayId);
      if (!verifySig(relay.publicKey, carrierSigningText(batchId, device.id, total, digest, relay.id), header(req, RELAY_HEADERS.relaySignature)))
        throw new HttpError(401, 'bad_signature', 'the relay carrier signature does not verify');
      carrier = relay.id;
    }

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
      const replay = await replayedAck(store, batchId, device.id, digest).catch((err: unknown) => {
        throw err instanceof IngestError ? new HttpError(err.status, err.code, err.message) : err;
      });
      if (replay) {
        res.setHeader('connection', length > 0 ? 'close' : 'keep-alive');
        return sendJson(res, 200, ackForRequest(req, await signedAck(store, device.id, replay)));
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
      // Resuming below what is held is fine (the overlap is skipped); a gap is not.
      if (offset > staging.received) {
        res.setHeader('connection', 'close');
        throw new HttpError(409, 'bad_offset', `the hub holds ${staging.received} bytes of this batch`, { received: staging.received });
      }
      // A superseded upload's tail is dropped; a tail that cannot be kept is only logged.
      const { received, complete } = await receiveChunks(req, {
        received: offset,
        held: staging.received,
        total,
        append: (at, data) => store.appendStaging(batchId, at, data),
        keepTail: () => !slot.superseded,
        onTailError: (err) => log.warn('could not keep an upload tail', { batchId, error: err }),
      });
      if (!complete || res.destroyed) return;
      if (received < total) return sendJson(res, 202, { received, total, committed: false } satisfies BatchState);
      const body = await store.readStaging(batchId);
      let ack;
      try {
        // The rules every carrier commits by (batch-commit.ts, also the USB stick's).
        ack = await commitBody(store, { batchId, device, digest, body, maxInflated, forwardTo: o.forwarder?.adapterNames() ?? [], carrier });
      } catch (err) {
        if (!(err instanceof IngestError)) throw err;
        // Bytes that can never commit are dropped: the kiosk uploads the batch again from 0.
        await store.dropStaging(batchId);
        throw new HttpError(err.status, err.code, err.code === 'digest_mismatch' ? 'the uploaded bytes do not match the signed digest; upload again from 0' : err.message);
      }
      log.info('batch committed', { batchId, deviceId: device.id, accepted: ack.accepted.length, duplicate: ack.duplicate.length, rejected: ack.rejected.length, ...(carrier ? { relay: carrier } : {}) });
      if (ack.accepted.length) o.forwarder?.nudge();
      sendJson(res, 200, ackForRequest(req, await signedAck(store, device.id, ack)));
    } finally {
      active.delete(batchId);
      release();
    }
  };
  return { put, settled };
}
