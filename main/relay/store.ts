import { generateKeyPairSync, createPrivateKey, randomUUID, sign } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../db/open.js';
import type { DeviceIdentity } from '../sync/keys.js';
import { isStorageFull } from './disk-reserve.js';
import { RELAY_MIGRATIONS } from './migrations.js';
import { relayUsbStore } from './usb-store.js';

export interface HeldBatch {
  batch_id: string;
  device_id: string;
  total: number;
  digest: string;
  signature: string;
  body: Buffer;
  received_at: string;
  upstream_holds: number;
  hub_ack: string | null;
}
export type BatchMeta = Omit<HeldBatch, 'body'>;

export interface StagingRow {
  batch_id: string;
  device_id: string;
  total: number;
  digest: string;
  signature: string;
  received: number;
}

/**
 * The relay's store: the only place with the relay's SQL (tables: main/relay/migrations.ts).
 * `onFull` is asked to make room when a write that frees space (an ack, a drop, a checkpoint)
 * finds the disk full; it answers whether it did, and the write is tried once more.
 */
export function openRelayStore(path: string, o: { onFull?: () => boolean } = {}) {
  const db: Database = openDatabase(path, { migrations: RELAY_MIGRATIONS });
  // Pages freed by acked bodies go back to the disk (checkpoint below), not only to SQLite's free
  // list: a small disk that filled up must see its bytes again. A file made before this switches once.
  // A short WAL, folded in often: on a small disk the checkpoint itself must never need much room.
  db.pragma('wal_autocheckpoint = 64');
  db.pragma(`journal_size_limit = ${512 * 1024}`);
  if (db.pragma('auto_vacuum', { simple: true }) !== 2) {
    db.pragma('auto_vacuum = INCREMENTAL');
    try {
      db.exec('VACUUM');
    } catch (err) {
      if (!isStorageFull(err)) throw err; // no room to rewrite it now: the next start tries again
    }
  }
  const q = {
    identity: db.prepare<[], { device_id: string; public_key: Buffer; private_key: Buffer }>('SELECT device_id, public_key, private_key FROM relay_identity WHERE singleton = 1'),
    insertIdentity: db.prepare('INSERT OR IGNORE INTO relay_identity (singleton, device_id, public_key, private_key, created_at) VALUES (1, ?, ?, ?, ?)'),
    device: db.prepare<[string], { public_key: Buffer }>('SELECT public_key FROM relay_devices WHERE device_id = ?'),
    upsertDevice: db.prepare('INSERT INTO relay_devices (device_id, public_key, enrolled_at) VALUES (?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET public_key = excluded.public_key'),
    staging: db.prepare<[string], StagingRow>('SELECT batch_id, device_id, total, digest, signature, received FROM relay_staging WHERE batch_id = ?'),
    startStaging: db.prepare('INSERT INTO relay_staging (batch_id, device_id, total, digest, signature, received, started_at) VALUES (?, ?, ?, ?, ?, 0, ?)'),
    chunk: db.prepare('INSERT INTO relay_chunks (batch_id, offset, data) VALUES (?, ?, ?)'),
    received: db.prepare('UPDATE relay_staging SET received = ? WHERE batch_id = ? AND received = ?'),
    chunks: db.prepare<[string], { data: Buffer }>('SELECT data FROM relay_chunks WHERE batch_id = ? ORDER BY offset'),
    dropStaging: db.prepare('DELETE FROM relay_staging WHERE batch_id = ?'),
    dropChunks: db.prepare('DELETE FROM relay_chunks WHERE batch_id = ?'),
    batch: db.prepare<[string], HeldBatch>('SELECT batch_id, device_id, total, digest, signature, body, received_at, upstream_holds, hub_ack FROM relay_batches WHERE batch_id = ?'),
    insertBatch: db.prepare(
      'INSERT INTO relay_batches (batch_id, device_id, total, digest, signature, body, received_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (batch_id) DO NOTHING',
    ),
    unacked: db.prepare<[], BatchMeta>(
      'SELECT batch_id, device_id, total, digest, signature, received_at, upstream_holds, hub_ack FROM relay_batches WHERE hub_ack IS NULL ORDER BY received_at, batch_id LIMIT 200',
    ),
    body: db.prepare<[string], { body: Buffer }>('SELECT body FROM relay_batches WHERE batch_id = ?'),
    // The bytes are dropped once the hub acked them: the ack is all the kiosk still needs (and a small disk frees up).
    setAck: db.prepare("UPDATE relay_batches SET hub_ack = ?, acked_at = ?, last_error = NULL, body = X'' WHERE batch_id = ?"),
    setHolds: db.prepare('UPDATE relay_batches SET upstream_holds = 1, last_error = NULL WHERE batch_id = ?'),
    setError: db.prepare('UPDATE relay_batches SET last_error = ? WHERE batch_id = ?'),
    dropBatch: db.prepare('DELETE FROM relay_batches WHERE batch_id = ?'),
    counts: db.prepare<[], { held: number; acked: number }>('SELECT coalesce(sum(hub_ack IS NULL), 0) AS held, coalesce(sum(hub_ack IS NOT NULL), 0) AS acked FROM relay_batches'),
    cacheGet: db.prepare<[string], { status: number; body: Buffer }>('SELECT status, body FROM relay_cache WHERE key = ?'),
    cachePut: db.prepare('INSERT INTO relay_cache (key, status, body, at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET status = excluded.status, body = excluded.body, at = excluded.at'),
    stateGet: db.prepare<[string], { value: string }>('SELECT value FROM relay_state WHERE key = ?'),
    statePut: db.prepare('INSERT INTO relay_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
  };
  const now = (): string => new Date().toISOString();
  const freeing = <T>(write: () => T): T => {
    try {
      return write();
    } catch (err) {
      if (!isStorageFull(err) || !o.onFull?.()) throw err;
      return write();
    }
  };

  return {
    /** Sticks carried up (relay usb-import): main/relay/usb-store.ts. */
    usb: relayUsbStore(db),
    /** The relay's own Ed25519 identity (made at first start): it enrols upstream and signs as carrier with it. */
    identity(): DeviceIdentity {
      let r = q.identity.get();
      if (!r) {
        const { publicKey, privateKey } = generateKeyPairSync('ed25519');
        const spki = publicKey.export({ format: 'der', type: 'spki' });
        q.insertIdentity.run(randomUUID(), spki.subarray(spki.length - 32), privateKey.export({ format: 'der', type: 'pkcs8' }), now());
        r = q.identity.get()!;
      }
      const key = createPrivateKey({ key: r.private_key, format: 'der', type: 'pkcs8' });
      return { deviceId: r.device_id, publicKey: r.public_key, sign: (text) => sign(null, Buffer.from(text), key).toString('base64') };
    },
    deviceKey(deviceId: string): Buffer | null {
      return q.device.get(deviceId)?.public_key ?? null;
    },
    /** A device the upstream enrolled through this relay (its key, to check its batches here). */
    rememberDevice(deviceId: string, publicKey: Buffer): void {
      q.upsertDevice.run(deviceId, publicKey, now());
    },
    staging(batchId: string): StagingRow | null {
      return q.staging.get(batchId) ?? null;
    },
    startStaging(r: Omit<StagingRow, 'received'>): void {
      q.startStaging.run(r.batch_id, r.device_id, r.total, r.digest, r.signature, now());
    },
    /** One chunk and the new received count in one transaction; answers the new count. */
    append(batchId: string, offset: number, data: Buffer): number {
      return db.transaction(() => {
        q.chunk.run(batchId, offset, data);
        if (q.received.run(offset + data.length, batchId, offset).changes !== 1) throw new Error(`staging of ${batchId} moved under an upload`);
        return offset + data.length;
      })();
    },
    stagedBody(batchId: string): Buffer {
      return Buffer.concat(q.chunks.all(batchId).map((r) => r.data));
    },
    dropStaging(batchId: string): void {
      db.transaction(() => {
        q.dropChunks.run(batchId);
        q.dropStaging.run(batchId);
      })();
    },
    /** The whole batch kept (and its staging dropped) in one durable commit: only then is the kiosk answered. */
    hold(s: StagingRow, body: Buffer): string {
      const at = now();
      db.transaction(() => {
        q.insertBatch.run(s.batch_id, s.device_id, s.total, s.digest, s.signature, body, at);
        q.dropChunks.run(s.batch_id);
        q.dropStaging.run(s.batch_id);
      })();
      return q.batch.get(s.batch_id)!.received_at;
    },
    batch(batchId: string): HeldBatch | null {
      return q.batch.get(batchId) ?? null;
    },
    unacked(): BatchMeta[] {
      return q.unacked.all();
    },
    body(batchId: string): Buffer {
      return q.body.get(batchId)!.body;
    },
    setAck(batchId: string, ackJson: string): void {
      freeing(() => q.setAck.run(ackJson, now(), batchId));
    },
    setUpstreamHolds(batchId: string): void {
      q.setHolds.run(batchId);
    },
    setError(batchId: string, error: string): void {
      q.setError.run(error, batchId);
    },
    /** Forget a batch the hub refused as a whole (so the kiosk sends it again, or splits it). */
    drop(batchId: string): void {
      freeing(() => q.dropBatch.run(batchId));
    },
    counts(): { held: number; acked: number } {
      return q.counts.get()!;
    },
    cacheGet(key: string): { status: number; body: Buffer } | null {
      return q.cacheGet.get(key) ?? null;
    },
    cachePut(key: string, status: number, body: Buffer): void {
      q.cachePut.run(key, status, body, now());
    },
    getState<T>(key: string): T | undefined {
      const r = q.stateGet.get(key);
      return r ? (JSON.parse(r.value) as T) : undefined;
    },
    setState(key: string, value: unknown): void {
      q.statePut.run(key, JSON.stringify(value));
    },
    /** Bytes inside the file SQLite will reuse (pages freed by acked batches): free space, though the disk does not see it. */
    reusableBytes(): number {
      return (db.pragma('freelist_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
    },
    /** After acks freed space: the freed pages and the WAL given back, so the disk gets its bytes again. */
    checkpoint(): void {
      freeing(() => {
        db.pragma('incremental_vacuum');
        db.pragma('wal_checkpoint(TRUNCATE)');
      });
    },
    close(): void {
      db.close();
    },
  };
}
export type RelayStore = ReturnType<typeof openRelayStore>;
