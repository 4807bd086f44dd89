import { createHash, verify } from 'node:crypto';
import { ContainerError } from '../../shared/sync/container.js';
import { batchSigningText, type BatchAck, type HubErrorCode } from '../../shared/sync/protocol.js';
import { ed25519FromRaw } from './ed25519.js';
import { decodeBatch, TooLargeError } from './ingest.js';
import { UnknownDictionaryError } from '../sync/codec.js';
import type { HubDevice, HubStore } from './store.js';

/**
 * The hub's ingest rules for one whole batch body, the one implementation every carrier commits
 * by: the HTTP upload (main/hub/batch-upload.ts, once staging holds every byte) and the USB stick
 * (main/usb/hub-import.ts).
 * Same signature, same digest check, same decoding caps, same idempotent commit.
 */
export class IngestError extends Error {
  constructor(
    readonly status: number,
    readonly code: HubErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IngestError';
  }
}

/** Whether the device signed this batch (id, device, length, digest), as on an HTTP upload. */
export function batchSignatureValid(device: HubDevice, batchId: string, total: number, digest: string, sigB64: string | undefined): boolean {
  if (!sigB64) return false;
  try {
    return verify(null, Buffer.from(batchSigningText(batchId, device.id, total, digest)), ed25519FromRaw(device.publicKey), Buffer.from(sigB64, 'base64'));
  } catch {
    return false;
  }
}

/** A batch id already committed: its stored ack when it is the same batch again (a replay), else batch_id_reused. */
export async function replayedAck(store: HubStore, batchId: string, deviceId: string, digest: string): Promise<BatchAck | null> {
  const committed = await store.getBatch(batchId);
  if (!committed) return null;
  if (committed.digest !== digest || committed.deviceId !== deviceId) throw new IngestError(409, 'batch_id_reused', `batch ${batchId} was already committed with other content`);
  return { ...committed.ack, replayed: true };
}

/** Checks the digest, decodes with the size cap, checks the header, and commits in one transaction. */
export async function commitBody(
  store: HubStore,
  o: { batchId: string; device: HubDevice; digest: string; body: Buffer; maxInflated: number; forwardTo: string[]; carrier?: string | null; channel?: 'http' | 'usb' },
): Promise<BatchAck> {
  if (createHash('sha256').update(o.body).digest('hex') !== o.digest) throw new IngestError(400, 'digest_mismatch', 'the batch bytes do not match the signed digest');
  let decoded;
  try {
    decoded = await decodeBatch(o.body, o.maxInflated);
  } catch (err) {
    if (err instanceof TooLargeError) throw new IngestError(413, 'too_large', err.message);
    if (err instanceof UnknownDictionaryError) throw new IngestError(400, 'unknown_dictionary', err.message);
    if (err instanceof ContainerError) throw new IngestError(400, 'bad_container', err.message);
    throw err;
  }
  if (decoded.header.batchId !== o.batchId || decoded.header.deviceId !== o.device.id) throw new IngestError(400, 'bad_container', 'the batch header names another batch or device');
  return store.commitBatch({
    batchId: o.batchId,
    deviceId: o.device.id,
    digest: o.digest,
    records: decoded.records,
    invalid: decoded.invalid,
    at: new Date().toISOString(),
    forwardTo: o.forwardTo,
    carrier: o.carrier ?? null,
    channel: o.channel ?? 'http',
  });
}
