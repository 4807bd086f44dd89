import { randomUUID } from 'node:crypto';
import type { OpenBatch, SyncQueries } from '../db/queries/sync.js';
import { encodeBatch } from './batch.js';
import type { DictionaryUse, Effort } from './codec.js';
import { outgoingRecord, type OutgoingRecord } from './records.js';
import { pickDictionary, type Dictionaries } from './dictionaries.js';

/** Raw (uncompressed) bytes per batch unless the caller says otherwise. */
export const DEFAULT_BATCH_BYTES = 1024 * 1024;

/** Record text beyond which a batch goes without a dictionary (500 typical records: 2% larger with one at zstd-19). */
export const DICTIONARY_MAX_TEXT = 256 * 1024;

/**
 * Packs the next pending, unbatched, due submissions (capture order) into one batch up to a
 * byte bound (and at most `maxRecords`; with `only: 'text'`, none with an attachment), and saves its bytes and membership in one transaction:
 * from then on every carrier (HTTP, USB stick) sends these very bytes. Null when nothing is due.
 * Aborted by `signal` before its bytes are saved: rejects, and nothing is saved.
 */
export async function buildNextBatch(sync: SyncQueries, deviceId: string, effort: Effort, maxBytes = DEFAULT_BATCH_BYTES, maxRecords = Infinity, only: 'text' | 'any' = 'any', dictionary: DictionaryUse | null = null, framing: 'records' | 'each' = 'records', signal?: AbortSignal): Promise<OpenBatch | null> {
  const recs: OutgoingRecord[] = [];
  let bytes = 0;
  const it = sync.due(new Date().toISOString());
  try {
    for (const row of it) {
      // 'text': requests without attachments only (a thin link sends those first).
      if (only === 'text' && row.att_data !== null) continue;
      const r = outgoingRecord(row);
      const size = Buffer.byteLength(r.text) + (r.attachment?.length ?? 0) + 16;
      if (recs.length > 0 && (bytes + size > maxBytes || recs.length >= maxRecords)) break;
      recs.push(r);
      bytes += size;
    }
  } finally {
    it.return?.();
  }
  if (recs.length === 0) return null;
  // A dictionary pays for a few records (a single one: 4× smaller); past a few hundred kilobytes the batch is its own dictionary.
  const text = recs.reduce((n, r) => n + Buffer.byteLength(r.text), 0);
  const b = await encodeBatch(recs, deviceId, effort, randomUUID(), text <= DICTIONARY_MAX_TEXT ? dictionary : null, framing, signal);
  signal?.throwIfAborted();
  sync.saveBatch(b, recs.map((r) => r.id), new Date().toISOString());
  return b;
}

/** The newest records dictionary this device and the link's hub both hold (the hub lists its own on its status page), or null; none for a day after the link refused a batch built with one. */
export function dictionaryFor(
  sync: Pick<SyncQueries, 'getState'>,
  up: string,
  local: Dictionaries,
  now = Date.now(),
  hubListed: readonly string[] | null = sync.getState<string[]>(`dicts:${up}`) ?? null,
): DictionaryUse | null {
  const refused = sync.getState<string>(`dicts-refused:${up}`);
  if (refused && now - Date.parse(refused) < 24 * 3600_000) return null;
  const id = pickDictionary(local, hubListed);
  return id ? { id, data: local.get(id)! } : null;
}

/** A frame each for a day after the link refused a batch as a container it cannot read (a hub from before RECORDS frames). */
export function framingFor(sync: Pick<SyncQueries, 'getState'>, up: string, now = Date.now()): 'records' | 'each' {
  const refused = sync.getState<string>(`frames-refused:${up}`);
  return refused && now - Date.parse(refused) < 24 * 3600_000 ? 'each' : 'records';
}
