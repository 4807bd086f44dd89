/**
 * The batch container: how many submissions and their attachments travel as one body.
 *
 * Wire body (what is uploaded, signed and digested):
 *   "AJB1"                                  4-byte magic
 *   segment*                                [u8 codec][u32 BE length][bytes]
 *     codec 0 = stored, 1 = brotli, 2 = zstd (records go in one compressed segment; an attachment
 *                                            that does not shrink, such as a JPEG, is stored as is)
 *     codec 3 = zstd with a named dictionary:   [u8 id length][id, ASCII][zstd frame]. The id names a
 *                                            dictionary shipped with the catalogue (main/catalogue/
 *                                            dictionaries/ID.zdict, e.g. "records-1"); a kiosk uses it
 *                                            only with a hub that listed the id on its status page, and
 *                                            a hub that does not know the id refuses the batch whole
 *                                            (400 unknown_dictionary). Bodies without codec 3 are the
 *                                            same AJB1 bodies as before: old kiosks keep working.
 *
 * The segments, each decoded, concatenate to the frame stream:
 *   frame*                                  [u8 type][u32 BE length][payload]
 *     0x01 HEADER      JSON {v, batchId, deviceId, count}
 *     0x02 RECORD      UTF-8 JSON object text of one submission (attachment bytes removed)
 *     0x04 RECORDS     several RECORD texts in one frame, each ended by 0x1E (ASCII record
 *                      separator, which JSON text cannot hold: RFC 7464's). Fewer bytes than a
 *                      frame each: no length between the texts to break the compressor's matches.
 *                      A hub without it refuses the batch (bad_container); the kiosk then goes
 *                      back to a frame each on that link (main/sync/engine-retry.ts).
 *     0x03 ATTACHMENT  [u32 BE record index][raw bytes]: a record's attachment (binary, never
 *                      base64). Attachments follow all records, so the records share one
 *                      compression context and a JPEG can travel in a stored segment.
 *     0xFF END         u32 BE record count: a truncated stream never parses
 *
 * Pure (Uint8Array, DataView): the hub and the kiosk share it; compression lives in main/.
 */
import { z } from 'zod';
import { MAX_ID_LENGTH } from './protocol.js';

export const MAGIC = new Uint8Array([0x41, 0x4a, 0x42, 0x31]); // "AJB1"
export const CODEC_STORED = 0;
export const CODEC_BROTLI = 1;
export const CODEC_ZSTD = 2;
export const CODEC_ZSTD_DICT = 3;
/** A dictionary id as carried in a codec-3 segment: short, ASCII, no separators. */
export const DICTIONARY_ID = /^[a-z0-9][a-z0-9.-]{0,31}$/;
export const FRAME_HEADER = 0x01;
export const FRAME_RECORD = 0x02;
export const FRAME_ATTACHMENT = 0x03;
export const FRAME_RECORDS = 0x04;
export const RECORD_END = 0x1e;
export const FRAME_END = 0xff;

export const ContainerHeader = z.object({
  v: z.literal(1),
  batchId: z.string(),
  deviceId: z.string(),
  count: z.number().int().min(0),
});
export type ContainerHeader = z.infer<typeof ContainerHeader>;

export class ContainerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContainerError';
  }
}

const enc = new TextEncoder();

export function frame(type: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(5 + payload.length);
  out[0] = type;
  new DataView(out.buffer).setUint32(1, payload.length);
  out.set(payload, 5);
  return out;
}

export function headerFrame(h: ContainerHeader): Uint8Array {
  return frame(FRAME_HEADER, enc.encode(JSON.stringify(h)));
}
export function recordFrame(text: string): Uint8Array {
  return frame(FRAME_RECORD, enc.encode(text));
}
/** Record texts in one RECORDS frame, or null when one holds the separator (not JSON text: each then goes in a frame of its own). */
export function recordsFrame(texts: readonly string[]): Uint8Array | null {
  const sep = String.fromCharCode(RECORD_END);
  if (texts.some((t) => t.includes(sep))) return null;
  return frame(FRAME_RECORDS, enc.encode(texts.map((t) => t + sep).join('')));
}
/** The attachment frame's own header (type, length, record index); the bytes follow it. */
export function attachmentFrameHeader(recordIndex: number, byteLength: number): Uint8Array {
  const out = new Uint8Array(9);
  const v = new DataView(out.buffer);
  out[0] = FRAME_ATTACHMENT;
  v.setUint32(1, byteLength + 4);
  v.setUint32(5, recordIndex);
  return out;
}
export function endFrame(count: number): Uint8Array {
  const p = new Uint8Array(4);
  new DataView(p.buffer).setUint32(0, count);
  return frame(FRAME_END, p);
}

export function segmentHeader(codec: number, length: number): Uint8Array {
  const out = new Uint8Array(5);
  out[0] = codec;
  new DataView(out.buffer).setUint32(1, length);
  return out;
}

export interface Segment {
  codec: number;
  data: Uint8Array;
}

/** Splits a wire body into its segments; throws ContainerError on anything malformed. */
export function parseSegments(body: Uint8Array): Segment[] {
  if (body.length < 4 || MAGIC.some((b, i) => body[i] !== b)) throw new ContainerError('not an Anjungan batch (bad magic)');
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const out: Segment[] = [];
  let p = 4;
  while (p < body.length) {
    if (p + 5 > body.length) throw new ContainerError(`truncated segment header at byte ${p}`);
    const codec = body[p]!;
    const len = view.getUint32(p + 1);
    if (codec !== CODEC_STORED && codec !== CODEC_BROTLI && codec !== CODEC_ZSTD && codec !== CODEC_ZSTD_DICT) throw new ContainerError(`unknown segment codec ${codec} at byte ${p}`);
    if (p + 5 + len > body.length) throw new ContainerError(`truncated segment at byte ${p}`);
    out.push({ codec, data: body.subarray(p + 5, p + 5 + len) });
    p += 5 + len;
  }
  return out;
}

/** A codec-3 segment's payload: [u8 id length][id][frame]. */
export function dictionarySegment(id: string, frame: Uint8Array): Uint8Array {
  if (!DICTIONARY_ID.test(id)) throw new ContainerError(`bad dictionary id ${JSON.stringify(id)}`);
  const out = new Uint8Array(1 + id.length + frame.length);
  out[0] = id.length;
  for (let i = 0; i < id.length; i++) out[1 + i] = id.charCodeAt(i);
  out.set(frame, 1 + id.length);
  return out;
}

/** Splits a codec-3 segment's payload into the dictionary id and the zstd frame; throws ContainerError when malformed. */
export function splitDictionarySegment(data: Uint8Array): { id: string; frame: Uint8Array } {
  const n = data[0] ?? 0;
  if (data.length < 1 + n || n === 0) throw new ContainerError('truncated dictionary segment');
  const id = String.fromCharCode(...data.subarray(1, 1 + n));
  if (!DICTIONARY_ID.test(id)) throw new ContainerError(`bad dictionary id in a segment: ${JSON.stringify(id)}`);
  return { id, frame: data.subarray(1 + n) };
}

/** The dictionary ids a wire body's segments name (empty for a body without codec 3). */
export function dictionariesOf(body: Uint8Array): string[] {
  return parseSegments(body)
    .filter((s) => s.codec === CODEC_ZSTD_DICT)
    .map((s) => splitDictionarySegment(s.data).id);
}

export interface ContainerRecord {
  /** The record's id (its `id` member). */
  id: string;
  /** The exact JSON text of the record as carried. */
  text: string;
  /** The text parsed (JSON.parse), so a reader need not parse it again. */
  value: Record<string, unknown>;
  attachment?: Uint8Array;
}

export interface ParsedContainer {
  header: ContainerHeader;
  records: ContainerRecord[];
  /** Records that parsed as frames but are not acceptable submissions (answered per record). */
  invalid: { id: string; reason: string }[];
}

/** Parses the decoded frame stream. Structural damage throws ContainerError (the whole batch is refused). */
export function parseFrames(bytes: Uint8Array): ParsedContainer {
  const dec = new TextDecoder('utf-8', { fatal: true });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = 0;
  let header: ContainerHeader | undefined;
  const records: ContainerRecord[] = [];
  const invalid: { id: string; reason: string }[] = [];
  const byIndex: (ContainerRecord | null)[] = [];
  let frames = 0;
  let ended = false;
  const takeRecord = (bytes: Uint8Array): void => {
    let text: string;
    try {
      text = dec.decode(bytes);
    } catch {
      throw new ContainerError(`record ${records.length + invalid.length + 1} is not UTF-8`);
    }
    const check = checkRecord(text);
    if (check.ok) {
      const rec: ContainerRecord = { id: check.id, text, value: check.value };
      records.push(rec);
      byIndex.push(rec);
    } else {
      invalid.push({ id: check.id, reason: check.reason });
      byIndex.push(null);
    }
  };
  while (p < bytes.length) {
    if (ended) throw new ContainerError('data after the end frame');
    if (p + 5 > bytes.length) throw new ContainerError(`truncated frame header at byte ${p}`);
    const type = bytes[p]!;
    const len = view.getUint32(p + 1);
    if (p + 5 + len > bytes.length) throw new ContainerError(`truncated frame at byte ${p}`);
    const payload = bytes.subarray(p + 5, p + 5 + len);
    p += 5 + len;
    if (frames++ === 0 && type !== FRAME_HEADER) throw new ContainerError('the first frame is not a header');
    if (type === FRAME_HEADER) {
      if (header) throw new ContainerError('two header frames');
      let json: unknown;
      try {
        json = JSON.parse(dec.decode(payload));
      } catch {
        throw new ContainerError('the header frame is not JSON');
      }
      const h = ContainerHeader.safeParse(json);
      if (!h.success) throw new ContainerError('the header frame is not a valid batch header');
      header = h.data;
    } else if (type === FRAME_RECORD) {
      takeRecord(payload);
    } else if (type === FRAME_RECORDS) {
      if (len === 0 || payload[len - 1] !== RECORD_END) throw new ContainerError('a records frame does not end with a record separator');
      // indexOf (memchr) rather than a loop over every byte: a batch holds a megabyte of text.
      for (let from = 0, i = payload.indexOf(RECORD_END); i !== -1; from = i + 1, i = payload.indexOf(RECORD_END, from)) takeRecord(payload.subarray(from, i));
    } else if (type === FRAME_ATTACHMENT) {
      if (len < 4) throw new ContainerError('bad attachment frame');
      const index = view.getUint32(p - len);
      if (index >= byIndex.length) throw new ContainerError(`attachment for unknown record ${index}`);
      const rec = byIndex[index];
      if (rec) {
        if (rec.attachment) throw new ContainerError(`two attachments for record ${rec.id}`);
        rec.attachment = payload.subarray(4);
      }
    } else if (type === FRAME_END) {
      if (len !== 4) throw new ContainerError('bad end frame');
      const n = view.getUint32(p - 4);
      if (n !== records.length + invalid.length) throw new ContainerError(`end frame counts ${n} records, found ${records.length + invalid.length}`);
      ended = true;
    } else throw new ContainerError(`unknown frame type ${type}`);
  }
  if (!header) throw new ContainerError('empty batch');
  if (!ended) throw new ContainerError('truncated batch (no end frame)');
  if (header.count !== records.length + invalid.length) throw new ContainerError('header count does not match the records');
  return { header, records, invalid };
}

/** A record must be a JSON object with a string id; its attachment, if any, is checked against its bytes by the hub. */
export function checkRecord(text: string): { ok: true; id: string; value: Record<string, unknown> } | { ok: false; id: string; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, id: '', reason: 'record is not valid JSON' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, id: '', reason: 'record is not a JSON object' };
  const id = (value as Record<string, unknown>)['id'];
  if (typeof id !== 'string' || id.length === 0) return { ok: false, id: '', reason: 'record has no string id' };
  if (id.length > MAX_ID_LENGTH) return { ok: false, id: id.slice(0, MAX_ID_LENGTH), reason: `id longer than ${MAX_ID_LENGTH} characters` };
  return { ok: true, id, value: value as Record<string, unknown> };
}
