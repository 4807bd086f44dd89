import type { IncomingMessage } from 'node:http';
import { HUB_CHUNK_BYTES } from '../../shared/sync/protocol.js';
import { HttpError } from './http.js';

/** Whole chunks wait for more at most this long before they are appended, */
export const APPEND_EVERY_MS = 200;
/** and at most this many bytes of them. */
export const APPEND_MOST_BYTES = 256 * 1024;

/**
 * Receives an upload's bytes from `received` on, handing them to `append` in whole chunks of
 * HUB_CHUNK_BYTES (so a cut re-sends at most one chunk). Used by the hub (main/hub/batch-upload.ts)
 * and the relay (main/relay/upload.ts). On a cut the tail that arrived is kept too, unless
 * `keepTail` says no (a superseded upload); `onTailError` makes a failure to keep it non-fatal.
 * Chunks that arrive together are appended together: whole chunks wait up to APPEND_EVERY_MS
 * (at most APPEND_MOST_BYTES of them), so a fast link's batch costs one or two transactions
 * (each a sync to disk) instead of one per 16 KiB, while a slow link's chunk is kept as it completes.
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
  let appendedAt = performance.now();
  let complete = false;
  let failure: { err: unknown } | null = null;
  try {
    for await (const c of req as AsyncIterable<Buffer>) {
      pending.push(c);
      pendingBytes += c.length;
      if (received + pendingBytes > o.total) throw new HttpError(400, 'bad_request', 'more bytes than the batch length');
      const whole = pendingBytes - (pendingBytes % HUB_CHUNK_BYTES);
      if (whole > 0 && (whole >= APPEND_MOST_BYTES || performance.now() - appendedAt >= APPEND_EVERY_MS)) {
        const all = Buffer.concat(pending, pendingBytes);
        pending = [all.subarray(whole)];
        pendingBytes = all.length - whole;
        received = await append(received, all.subarray(0, whole));
        appendedAt = performance.now();
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
