import type { IncomingMessage } from 'node:http';
import { HUB_CHUNK_BYTES } from '../../shared/sync/protocol.js';
import { HttpError } from './http.js';

/**
 * Receives an upload's bytes from `received` on, handing them to `append` in whole chunks of
 * HUB_CHUNK_BYTES (so a cut re-sends at most one chunk). Used by the hub (main/hub/batch-upload.ts)
 * and the relay (main/relay/upload.ts). On a cut the tail that arrived is kept too, unless
 * `keepTail` says no (a superseded upload); `onTailError` makes a failure to keep it non-fatal.
 *
 * `held` is what staging already holds, which may be more than `received`: a cut upload's handler
 * can still be storing its last chunks when the sender asks where to resume. Bytes below `held`
 * are skipped rather than refused, so that race costs the overlap, not the whole body again.
 * (They are the same bytes: the commit checks the signed digest of what staging holds.)
 */
export async function receiveChunks(
  req: IncomingMessage,
  o: {
    received: number;
    held?: number;
    total: number;
    append: (offset: number, data: Buffer) => number | Promise<number>;
    keepTail?: () => boolean;
    onTailError?: (err: unknown) => void;
  },
): Promise<{ received: number; complete: boolean }> {
  let received = o.received;
  const held = o.held ?? o.received;
  const append = async (at: number, data: Buffer): Promise<number> => {
    if (at + data.length <= held) return at + data.length;
    return at < held ? o.append(held, data.subarray(held - at)) : o.append(at, data);
  };
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let complete = false;
  let failure: { err: unknown } | null = null;
  try {
    for await (const c of req as AsyncIterable<Buffer>) {
      pending.push(c);
      pendingBytes += c.length;
      if (received + pendingBytes > o.total) throw new HttpError(400, 'bad_request', 'more bytes than the batch length');
      while (pendingBytes >= HUB_CHUNK_BYTES) {
        const all = Buffer.concat(pending, pendingBytes);
        pending = [all.subarray(HUB_CHUNK_BYTES)];
        pendingBytes = all.length - HUB_CHUNK_BYTES;
        received = await append(received, all.subarray(0, HUB_CHUNK_BYTES));
      }
    }
    complete = true;
  } catch (err) {
    failure = { err };
  }
  // A cut keeps what arrived (TCP delivered it intact), so the sender resumes from there.
  if (pendingBytes > 0 && (o.keepTail?.() ?? true)) {
    try {
      received = await append(received, Buffer.concat(pending, pendingBytes));
    } catch (err) {
      if (!o.onTailError) throw err;
      o.onTailError(err);
    }
  }
  if (failure) throw failure.err;
  return { received, complete };
}
