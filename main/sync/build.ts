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
 * Past a batch's byte bound the builder reads on, sizes only, up to this many batches' bytes more: when the backlog
 * ends within them it is split evenly (the same number of batches, equal sizes) instead of full batches and a small
 * last one, which the pass waited for alone (lan, 2000 records: 1 MiB + 1 MiB + 22 records, ≈0.09 s; issue 12 §4).
 * The same rows in the same order, one scan: a larger backlog goes in full batches until its tail is in reach.
 */
export const EVEN_SPLIT_LOOKAHEAD = 2;

/**
 * An even split decided, for the batches after the one that decided it: they are cut at the share without reading
 * ahead again (the last one up to the bound, so a record's rounding never leaves a small one behind). Every batch stays
 * within the bound whatever arrived since; only the evenness rests on the plan.
 */
interface Plan {
  only: 'text' | 'any';
  left: number;
  share: number;
  at: number;
}
const plans = new WeakMap<SyncQueries, Plan>();
/** A plan older than this is the backlog of another moment (a pass that failed midway): read ahead again. */
const PLAN_MS = 60_000;

/**
 * Packs the next pending, unbatched, due submissions (capture order) into one batch up to a
 * byte bound (and at most `maxRecords`; with `only: 'text'`, none with an attachment), and saves its bytes and membership in one transaction:
 * from then on every carrier (HTTP, USB stick) sends these very bytes. Null when nothing is due.
 * Aborted by `signal` before its bytes are saved: rejects, and nothing is saved.
 */
export async function buildNextBatch(sync: SyncQueries, deviceId: string, effort: Effort, maxBytes = DEFAULT_BATCH_BYTES, maxRecords = Infinity, only: 'text' | 'any' = 'any', dictionary: DictionaryUse | null = null, framing: 'records' | 'each' = 'records', signal?: AbortSignal): Promise<OpenBatch | null> {
  const plan = plans.get(sync);
  const planned = plan && plan.only === only && Date.now() - plan.at < PLAN_MS ? plan : null;
  const bound = planned && planned.left > 1 ? planned.share : maxBytes;
  const recs: OutgoingRecord[] = [];
  const sizes: number[] = [];
  let bytes = 0;
  // Bytes due past the batch's bound (read ahead, not taken), and whether the backlog ended within the look-ahead.
  let ahead = 0;
  let full = false;
  let ended = true;
  const it = sync.due(new Date().toISOString());
  try {
    for (const row of it) {
      // 'text': requests without attachments only (a thin link sends those first).
      if (only === 'text' && row.att_data !== null) continue;
      if (recs.length >= maxRecords) {
        ended = false;
        break;
      }
      const r = outgoingRecord(row);
      const size = Buffer.byteLength(r.text) + (r.attachment?.length ?? 0) + 16;
      if (!full && (recs.length === 0 || bytes + size <= bound)) {
        recs.push(r);
        sizes.push(size);
        bytes += size;
        continue;
      }
      full = true;
      ahead += size;
      if (planned || bytes + ahead > maxBytes * (1 + EVEN_SPLIT_LOOKAHEAD)) {
        ended = false;
        break;
      }
    }
  } finally {
    it.return?.();
  }
  // The plan for the batches after this one, kept only once this one is saved: an aborted or failed build (the first
  // contact's speculative one) leaves the plan as it found it.
  let next: Plan | null = null;
  if (planned && planned.left > 1) next = { ...planned, left: planned.left - 1 };
  else if (!planned && full && ended) {
    // The backlog's tail: this batch takes its even share (at least one record); the rest stays due, in order.
    const n = Math.ceil((bytes + ahead) / maxBytes);
    const share = (bytes + ahead) / n;
    let keep = 1;
    for (let sum = sizes[0] ?? 0; keep < recs.length && sum + sizes[keep]! <= share; keep++) sum += sizes[keep]!;
    recs.length = keep;
    if (n > 2) next = { only, left: n - 1, share, at: Date.now() };
  }
  if (recs.length === 0) {
    plans.delete(sync);
    return null;
  }
  // A dictionary pays for a few records (a single one: 4× smaller); past a few hundred kilobytes the batch is its own dictionary.
  const text = recs.reduce((n, r) => n + Buffer.byteLength(r.text), 0);
  const b = await encodeBatch(recs, deviceId, effort, randomUUID(), text <= DICTIONARY_MAX_TEXT ? dictionary : null, framing, signal);
  signal?.throwIfAborted();
  sync.saveBatch(b, recs.map((r) => r.id), new Date().toISOString());
  if (next) plans.set(sync, next);
  else plans.delete(sync);
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
