import { canonicalJson } from '../../shared/domain/canonical-json.js';
import { appendMember, replaceMember } from '../../shared/sync/jsontext.js';
import { valueText } from '../../shared/sync/value-text.js';
import type { ImportedRecord, OutgoingRow } from '../db/queries/sync.js';

export interface OutgoingRecord {
  id: string;
  text: string;
  attachment: Buffer | null;
}

/**
 * The record that travels for a submission: an imported one exactly as imported; one captured
 * here as {id, serviceId, serviceVersion, payload, registrationNo, trackingCode, createdAt}
 * (plus attachment meta when it has one).
 */
export function outgoingRecord(r: OutgoingRow): OutgoingRecord {
  if (r.wire_record !== null) return { id: r.id, text: r.wire_record, attachment: r.att_data };
  const obj: Record<string, unknown> = {
    id: r.id,
    serviceId: r.service_id,
    serviceVersion: r.service_version,
    payload: JSON.parse(r.payload) as unknown,
    registrationNo: r.registration_no,
    trackingCode: r.tracking_code,
    createdAt: r.created_at,
  };
  if (r.att_data) obj['attachment'] = { name: r.att_name, content_type: r.att_type, length: r.att_data.length };
  return { id: r.id, text: canonicalJson(obj), attachment: r.att_data };
}

export class ImportLineError extends Error {}

/** One line of the interchange JSONL → what the kiosk stores (exact text kept, attachment bytes cut out). */
export function parseImportLine(line: string, now: string): ImportedRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new ImportLineError('not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ImportLineError('not a JSON object');
  const obj = value as Record<string, unknown>;
  const id = obj['id'];
  if (typeof id !== 'string' || id.length === 0 || id.length > 200) throw new ImportLineError('needs a string "id" of 1 to 200 characters');
  let text = line.trim();
  let attachment: ImportedRecord['attachment'];
  const meta = obj['attachment'];
  if (meta !== undefined && meta !== null && typeof meta === 'object' && !Array.isArray(meta)) {
    const m = meta as Record<string, unknown>;
    if (typeof m['data_b64'] === 'string') {
      const data = Buffer.from(m['data_b64'], 'base64');
      if (m['length'] !== undefined && m['length'] !== data.length) throw new ImportLineError(`attachment length ${valueText(m['length'])} but data_b64 holds ${data.length} bytes`);
      // The bytes travel as a binary frame; the member stays, emptied, so its place among the keys is kept.
      text = replaceMember(text, ['attachment'], 'data_b64', '""')!;
      attachment = {
        name: typeof m['name'] === 'string' ? m['name'] : null,
        contentType: typeof m['content_type'] === 'string' ? m['content_type'] : null,
        data,
      };
    }
  }
  return { id, text, registrationNo: id, trackingCode: id, payload: text, createdAt: now, ...(attachment ? { attachment } : {}) };
}

/** Export: the stored record text with the attachment bytes back as data_b64 and the hub's fields under _hub. */
export function exportLine(text: string, attachment: Buffer | null, hub: Record<string, unknown>): string {
  let out = text;
  if (attachment) {
    const b64 = JSON.stringify(attachment.toString('base64'));
    out = replaceMember(out, ['attachment'], 'data_b64', b64) ?? appendMember(out, ['attachment'], 'data_b64', b64);
  }
  return appendMember(out, [], '_hub', JSON.stringify(hub));
}
