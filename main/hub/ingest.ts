import { createHash } from 'node:crypto';
import { ContainerError, parseFrames, parseSegments, type ContainerHeader } from '../../shared/sync/container.js';
import { MAX_INFLATED_BYTES } from '../../shared/sync/protocol.js';
import { decompress, InflateLimitError } from '../sync/codec.js';
import { recordUnstorableReason, storableText } from '../../shared/sync/storable.js';
import { valueText } from '../../shared/sync/value-text.js';
import { registrationNoOf, type IncomingRecord } from './store.js';


export class TooLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TooLargeError';
  }
}

export interface DecodedBatch {
  header: ContainerHeader;
  records: IncomingRecord[];
  invalid: { id: string; reason: string }[];
}

/**
 * Wire body → records. Structural damage throws ContainerError (4xx, nothing stored); a body
 * that inflates beyond the cap throws TooLargeError; a segment whose dictionary this side does not
 * hold throws UnknownDictionaryError. Records that are frames but not acceptable
 * submissions come back in `invalid` and are answered per record.
 */
export async function decodeBatch(body: Buffer, maxInflated = MAX_INFLATED_BYTES): Promise<DecodedBatch> {
  const segments = parseSegments(body);
  const parts: Buffer[] = [];
  let size = 0;
  for (const s of segments) {
    let data: Buffer;
    try {
      data = await decompress(s.codec, s.data, maxInflated - size);
    } catch (err) {
      if (err instanceof InflateLimitError) throw new TooLargeError(`batch inflates beyond ${maxInflated} bytes`);
      if (err instanceof ContainerError) throw err; // an UnknownDictionaryError among them
      throw new ContainerError(`a compressed segment is damaged (${(err as Error).message})`);
    }
    size += data.length;
    if (size > maxInflated) throw new TooLargeError(`batch inflates beyond ${maxInflated} bytes`);
    parts.push(data);
  }
  const parsed = parseFrames(Buffer.concat(parts));
  const invalid = [...parsed.invalid];
  const records: IncomingRecord[] = [];
  const seen = new Map<string, string>();
  for (const r of parsed.records) {
    const obj = r.value; // parsed once, by parseFrames
    const regNo = registrationNoOf(obj);
    const meta0 = obj['attachment'] as Record<string, unknown> | null | undefined;
    const texts = [r.id, regNo, meta0?.['name'], meta0?.['content_type']].filter((x): x is string => typeof x === 'string');
    if (!texts.every(storableText)) {
      invalid.push({ id: r.id, reason: 'the record holds text a database cannot store (a NUL character or a lone surrogate) in its id, registration number or attachment name' });
      continue;
    }
    // Anywhere else in the record too: the backends' JSON functions read the whole text (issue 14 fuzz).
    const unstorable = recordUnstorableReason(r.text, obj);
    if (unstorable) {
      invalid.push({ id: r.id, reason: `the hub cannot store this record: ${unstorable}` });
      continue;
    }
    const meta = obj['attachment'];
    let attachment: IncomingRecord['attachment'];
    if (r.attachment) {
      if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) {
        invalid.push({ id: r.id, reason: 'attachment bytes without an attachment member' });
        continue;
      }
      const m = meta as Record<string, unknown>;
      if (m['length'] !== undefined && m['length'] !== r.attachment.length) {
        invalid.push({ id: r.id, reason: `attachment length ${valueText(m['length'])} does not match its ${r.attachment.length} bytes` });
        continue;
      }
      // An emptied data_b64 marks where the bytes were (kept for the record's key order); anything else is a second copy.
      if ('data_b64' in m && m['data_b64'] !== '') {
        invalid.push({ id: r.id, reason: 'attachment carries both base64 and binary data' });
        continue;
      }
      attachment = {
        name: typeof m['name'] === 'string' ? m['name'] : null,
        contentType: typeof m['content_type'] === 'string' ? m['content_type'] : null,
        data: Buffer.from(r.attachment.buffer, r.attachment.byteOffset, r.attachment.byteLength),
      };
    }
    const h = createHash('sha256').update(r.text).update('\0');
    if (attachment) h.update(attachment.data);
    const hash = h.digest('hex');
    const prior = seen.get(r.id);
    if (prior !== undefined) {
      if (prior !== hash) invalid.push({ id: r.id, reason: 'the same id twice in one batch with different content' });
      continue;
    }
    seen.set(r.id, hash);
    records.push({ id: r.id, text: r.text, hash, registrationNo: regNo, ...(attachment ? { attachment } : {}) });
  }
  return { header: parsed.header, records, invalid };
}
