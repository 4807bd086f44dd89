import { createHash, randomUUID } from 'node:crypto';
import {
  CODEC_STORED,
  MAGIC,
  attachmentFrameHeader,
  endFrame,
  headerFrame,
  recordFrame,
  recordsFrame,
  segmentHeader,
} from '../../shared/sync/container.js';
import type { OpenBatch } from '../db/queries/sync.js';
import { compress, type DictionaryUse, type Effort } from './codec.js';
import type { OutgoingRecord } from './records.js';

/**
 * Builds one wire body (shared/sync/container.ts): header and all records (in one RECORDS frame)
 * in one compressed segment (they share one compression context), then each attachment in its own segment,
 * compressed only when that pays (a JPEG is stored), then the end frame. With a dictionary the
 * records' segment is codec 3 (zstd with that dictionary, named by id).
 */
export async function encodeBatch(
  records: OutgoingRecord[],
  deviceId: string,
  effort: Effort,
  batchId: string = randomUUID(),
  dictionary: DictionaryUse | null = null,
  /** One RECORDS frame for all the texts (fewer bytes), or a frame each (for a hub that refused RECORDS). */
  framing: 'records' | 'each' = 'records',
  /** Aborted: the build stops (rejects with the signal's reason) and nothing is returned. */
  signal?: AbortSignal,
): Promise<OpenBatch> {
  const texts = records.map((r) => r.text);
  const together = framing === 'records' && records.length > 1 ? recordsFrame(texts) : null;
  const head = [headerFrame({ v: 1, batchId, deviceId, count: records.length }), ...(together ? [together] : texts.map(recordFrame))];
  const raw = Buffer.concat(head);
  const parts: Buffer[] = [Buffer.from(MAGIC)];
  const main = await compress(raw, effort, dictionary, signal);
  parts.push(Buffer.from(segmentHeader(main.codec, main.data.length)), main.data);
  let rawBytes = raw.length;
  for (let i = 0; i < records.length; i++) {
    const a = records[i]!.attachment;
    if (!a) continue;
    const frame = Buffer.concat([Buffer.from(attachmentFrameHeader(i, a.length)), a]);
    rawBytes += frame.length;
    const c = await compress(frame, 'fast', null, signal);
    if (c.data.length < frame.length * 0.97) parts.push(Buffer.from(segmentHeader(c.codec, c.data.length)), c.data);
    else parts.push(Buffer.from(segmentHeader(CODEC_STORED, frame.length)), frame);
  }
  const end = Buffer.from(endFrame(records.length));
  parts.push(Buffer.from(segmentHeader(CODEC_STORED, end.length)), end);
  const body = Buffer.concat(parts);
  return {
    batch_id: batchId,
    body,
    digest: createHash('sha256').update(body).digest('hex'),
    records: records.length,
    raw_bytes: rawBytes + end.length,
  };
}
