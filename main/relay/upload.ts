import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ContainerError } from '../../shared/sync/container.js';
import { HEADERS, MAX_BATCH_BYTES, MAX_INFLATED_BYTES, batchSigningText, type BatchAck, type BatchState } from '../../shared/sync/protocol.js';
import { RELAY_HEADERS, carrierSigningText, type RelayReceipt } from '../../shared/sync/relay.js';
import { HttpError, header, sendJson, verifySig } from '../hub/http.js';
import { receiveChunks } from '../hub/chunked-body.js';
import { ackForRequest } from '../hub/ack-sign.js';
import { decodeBatch, TooLargeError } from '../hub/ingest.js';
import { UnknownDictionaryError } from '../sync/codec.js';
import type { RelayStore } from './store.js';
import { besideEnrolment, knownOrAwaited, type EnrolmentsInFlight } from '../hub/enrol-wait.js';

/**
 * PUT /v1/batches/:id at the relay: the hub's upload protocol (offsets, resume after a cut), the
 * device's signature checked with the key learned when it enrolled through here. A complete
 * batch is checked (digest, container) and kept in one durable commit; only then the kiosk gets
 * the relay's receipt ("di kecamatan") — or the hub's signed ack, once it came back down.
 */
const RESERVE_BYTES = 128 * 1024;

export function relayUpload(store: RelayStore, relayId: () => string, nudge: () => void, freeBytes: () => number, enrolments: EnrolmentsInFlight) {
  const active = new Map<string, { req: IncomingMessage; done: Promise<void> }>();
  const answerHeld = (req: IncomingMessage, res: ServerResponse, batchId: string, length: number): boolean => {
    const held = store.batch(batchId);
    if (!held) return false;
    if (length > 0) res.setHeader('connection', 'close');
    // The hub's ack as it came, or its compact form (signed by the hub too) when the kiosk asked for that.
    if (held.hub_ack) sendJson(res, 200, ackForRequest(req, JSON.parse(held.hub_ack) as BatchAck));
    else sendJson(res, 200, { atRelay: { relayId: relayId(), at: held.received_at }, received: held.total, total: held.total, committed: false } satisfies RelayReceipt);
    return true;
  };
  return async (req: IncomingMessage, res: ServerResponse, batchId: string, url: URL): Promise<void> => {
    const deviceId = header(req, HEADERS.device) ?? '';
    // A first batch sent beside its enrolment (it says so) waits for that enrolment, going up to the hub, to settle.
    const key = await knownOrAwaited(enrolments, deviceId, besideEnrolment(req), () => store.deviceKey(deviceId));
    if (!key) throw new HttpError(401, 'unknown_device', `device ${deviceId} is not enrolled through this relay`);
    const total = Number(header(req, HEADERS.total));
    const digest = header(req, HEADERS.digest) ?? '';
    const signature = header(req, HEADERS.signature) ?? '';
    const offset = Number(url.searchParams.get('offset') ?? '0');
    const length = Number(header(req, 'content-length'));
    if (!Number.isSafeInteger(total) || total <= 0) throw new HttpError(400, 'bad_request', `header ${HEADERS.total} must give the batch length`);
    if (total > MAX_BATCH_BYTES) throw new HttpError(413, 'too_large', `batch of ${total} bytes is over the limit of ${MAX_BATCH_BYTES}`);
    if (!/^[0-9a-f]{64}$/.test(digest)) throw new HttpError(400, 'bad_request', `header ${HEADERS.digest} must be a SHA-256 in hex`);
    if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0 || offset + length > total)
      throw new HttpError(400, 'bad_request', 'offset and content-length must lie within the batch');
    if (!verifySig(key, batchSigningText(batchId, deviceId, total, digest), signature)) throw new HttpError(401, 'bad_signature', 'the batch signature does not verify');
    // A relay below this one carries it: its carrier signature must hold too.
    const carrier = header(req, RELAY_HEADERS.relay);
    if (carrier) {
      const ck = store.deviceKey(carrier);
      if (!ck || !verifySig(ck, carrierSigningText(batchId, deviceId, total, digest, carrier), header(req, RELAY_HEADERS.relaySignature)))
        throw new HttpError(401, 'bad_signature', 'the carrier signature does not verify');
    }
    const held = store.batch(batchId);
    if (held && (held.digest !== digest || held.device_id !== deviceId)) throw new HttpError(409, 'batch_id_reused', `batch ${batchId} is held here with other content`);
    if (answerHeld(req, res, batchId, length)) return;

    for (let a = active.get(batchId); a; a = active.get(batchId)) {
      a.req.destroy();
      await a.done;
    }
    let release!: () => void;
    active.set(batchId, { req, done: new Promise<void>((r) => (release = r)) });
    try {
      let staging = store.staging(batchId);
      if (staging && (staging.digest !== digest || staging.total !== total || staging.device_id !== deviceId)) throw new HttpError(409, 'batch_id_reused', `batch ${batchId} is being uploaded with other content`);
      // Room for the batch twice over (its chunks, then the whole body) and a reserve, so
      // a full disk refuses new uploads while the relay can still record the hub's acks and free space.
      if (freeBytes() < total * 2 + RESERVE_BYTES) {
        // Space comes back only when the hub acks what is held: forward now rather than at the next backoff.
        nudge();
        throw new HttpError(507, 'storage_full', 'the relay\'s disk is nearly full: it cannot hold this batch now; try later');
      }
      if (!staging) {
        if (offset !== 0) throw new HttpError(409, 'bad_offset', 'the relay holds 0 bytes of this batch', { received: 0 });
        store.startStaging({ batch_id: batchId, device_id: deviceId, total, digest, signature });
        staging = store.staging(batchId)!;
      }
      // Resuming below what is held is fine (the overlap is skipped); a gap is not.
      if (offset > staging.received) {
        res.setHeader('connection', 'close');
        throw new HttpError(409, 'bad_offset', `the relay holds ${staging.received} bytes of this batch`, { received: staging.received });
      }
      const { received, complete } = await receiveChunks(req, { received: offset, held: staging.received, total, append: (at, data) => store.append(batchId, at, data) });
      if (!complete || res.destroyed) return;
      if (received < total) return sendJson(res, 202, { received, total, committed: false } satisfies BatchState);
      const body = store.stagedBody(batchId);
      if (createHash('sha256').update(body).digest('hex') !== digest) {
        store.dropStaging(batchId);
        throw new HttpError(400, 'digest_mismatch', 'the uploaded bytes do not match the signed digest; upload again from 0');
      }
      // The hub's container checks here too, so a batch the hub would refuse whole is refused now (the kiosk splits it).
      try {
        const d = await decodeBatch(body, MAX_INFLATED_BYTES);
        if (d.header.batchId !== batchId || d.header.deviceId !== deviceId) throw new ContainerError('the batch header names another batch or device');
      } catch (err) {
        store.dropStaging(batchId);
        if (err instanceof TooLargeError) throw new HttpError(413, 'too_large', err.message);
        if (err instanceof UnknownDictionaryError) throw new HttpError(400, 'unknown_dictionary', err.message);
        if (err instanceof ContainerError) throw new HttpError(400, 'bad_container', err.message);
        throw err;
      }
      store.hold(store.staging(batchId)!, body);
      // The WAL folded back after each batch: on a small disk it must not grow to fill it (auto-checkpoint is 4 MB).
      store.checkpoint();
      nudge();
      answerHeld(req, res, batchId, 0);
    } finally {
      active.delete(batchId);
      release();
    }
  };
}
