import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS helpers shared with the benchmark
import { makeJsonl } from '../../bench/sync-data.mjs';
// @ts-expect-error plain JS helpers shared with the benchmark
import { startLink } from '../../bench/link-emulator.mjs';
import { encodeBatch } from '../../../main/sync/batch.js';
import { HubClient, SyncError } from '../../../main/sync/client.js';
import { HEADERS, PATHS, batchSigningText } from '../../../shared/sync/protocol.js';
import { deviceIdentity } from '../../../main/sync/keys.js';
import { BACKENDS } from '../hub/backends.js';
import { rig, sortedLines, type Rig } from './harness.js';

const lines = (n: number, seed = 1, photoKb: [number, number] | null = null): string[] => makeJsonl(n, { seed, photoKb }) as string[];

for (const backend of BACKENDS) {
  describe(`sync engine → hub (${backend.name})`, () => {
    let r: Rig;
    afterEach(async () => r?.close());

    it('delivers everything once, byte-identical, with attachments as binary; a second pass sends nothing', async () => {
      r = await rig(backend);
      const input = [...lines(120), ...lines(4, 9, [20, 40])];
      r.importLines(input);
      const e = r.engine({ maxBatchBytes: 64 * 1024 });
      const res = await e.runOnce();
      expect(res.delivered).toBe(124);
      expect(res.batches).toBeGreaterThan(1);
      expect(await r.exportSorted()).toEqual(sortedLines(input));
      expect(r.kiosk.sync.backlog()).toBe(0);
      const id = (JSON.parse(input[0]!) as { id: string }).id;
      expect(r.kiosk.submissions.get(id)?.status).toBe('sent');
      const before = e.counters.bytesUp;
      const again = await e.runOnce();
      expect(again.delivered).toBe(0);
      expect(e.counters.bytesUp).toBe(before);
      expect(await r.store.count()).toBe(124);
    });

    it('resumes after connections are cut mid-upload and re-sends at most one chunk per cut', async () => {
      r = await rig(backend);
      const input = lines(30, 3, [40, 60]);
      let cutFrom = Infinity;
      const link = await startLink({ target: { host: '127.0.0.1', port: r.hub.port }, latencyMs: 0, cut: (i: number) => (i >= cutFrom && i < cutFrom + 3 ? 150_000 : null) });
      try {
        // Enrolled first: a first contact's batch may go up beside its enrolment (main/sync/first-contact.ts), and what
        // reaches the hub while it waits for that enrolment is not yet read, so a cut then costs more than one chunk.
        const enrolling = r.engine({ upstream: link.url });
        await enrolling.runOnce();
        await enrolling.stop();
        r.importLines(input);
        const e = r.engine({ maxBatchBytes: 4 * 1024 * 1024, upstream: link.url });
        cutFrom = link.stats.connections;
        const out = await e.syncUntilDone(20_000);
        expect(out.ok).toBe(true);
        expect(link.stats.cuts).toBeGreaterThan(0);
        expect(e.counters.resumes).toBeGreaterThan(0);
        // What reached the hub: every body once, plus at most one hub chunk (16 KiB) per cut, plus the
        // headers and small requests of the passes (status, SKM and queue pages, device report): 24 KiB.
        expect(link.stats.bytesUp).toBeLessThanOrEqual(e.counters.bodyBytes + link.stats.cuts * 16 * 1024 + 24 * 1024);
        expect(await r.exportSorted()).toEqual(sortedLines(input));
      } finally {
        await link.close();
      }
    });

    it('takes a resume from below what it holds (a cut upload still storing its tail) without asking for the whole body again', async () => {
      r = await rig(backend);
      const id = deviceIdentity(r.kiosk.deviceId, r.kiosk.sync);
      const client = new HubClient(r.hub.url, id);
      try {
        await client.enrol(null, null);
        const recs = lines(6, 11, [30, 30]).map((l) => ({ id: (JSON.parse(l) as { id: string }).id, text: l, attachment: null }));
        const b = await encodeBatch(recs, id.deviceId, 'fast');
        expect(b.body.length).toBeGreaterThan(3 * 16 * 1024);
        // The first 40,000 bytes arrive on a connection of their own, as a cut upload leaves them.
        const held = 40_000;
        const partial = await fetch(`${r.hub.url}${PATHS.batch(b.batch_id)}?offset=0`, {
          method: 'PUT',
          headers: {
            [HEADERS.device]: id.deviceId,
            [HEADERS.total]: String(b.body.length),
            [HEADERS.digest]: b.digest,
            [HEADERS.signature]: id.sign(batchSigningText(b.batch_id, id.deviceId, b.body.length, b.digest)),
          },
          body: new Uint8Array(b.body.subarray(0, held)),
        });
        expect(partial.status).toBe(202);
        expect(((await partial.json()) as { received: number }).received).toBe(held);
        // The kiosk resumes from an older answer (10,000): accepted, the overlap skipped, committed once.
        const ack = await client.putBatch(b.batch_id, b.body, b.digest, 10_000);
        expect('accepted' in ack && ack.accepted.length).toBe(6);
        expect(await r.exportSorted()).toEqual(sortedLines(recs.map((x) => x.text)));
        // A gap is still refused: past what is held.
        const b2 = await encodeBatch(lines(2, 12).map((l) => ({ id: (JSON.parse(l) as { id: string }).id, text: l, attachment: null })), id.deviceId, 'fast');
        await expect(client.putBatch(b2.batch_id, b2.body, b2.digest, 5)).rejects.toMatchObject({ code: 'bad_offset', received: 0 });
      } finally {
        client.close();
      }
    });

    it('answers a replayed batch as a no-op, rejects tampering, unknown and revoked devices', async () => {
      r = await rig(backend);
      const id = deviceIdentity(r.kiosk.deviceId, r.kiosk.sync);
      const client = new HubClient(r.hub.url, id);
      try {
        await client.enrol(null, null);
        const recs = lines(5).map((l) => ({ id: (JSON.parse(l) as { id: string }).id, text: l, attachment: null }));
        const b = await encodeBatch(recs, id.deviceId, 'fast');
        const first = await client.putBatch(b.batch_id, b.body, b.digest, 0);
        expect('accepted' in first && first.accepted.length).toBe(5);
        const replay = await client.putBatch(b.batch_id, b.body, b.digest, 0);
        expect('replayed' in replay && replay.replayed).toBe(true);
        expect(await r.store.count()).toBe(5);

        const b2 = await encodeBatch(lines(3, 5).map((l) => ({ id: (JSON.parse(l) as { id: string }).id, text: l, attachment: null })), id.deviceId, 'fast');
        const tampered = Buffer.from(b2.body);
        tampered[tampered.length - 12]! ^= 0x01;
        await expect(client.putBatch(b2.batch_id, tampered, b2.digest, 0)).rejects.toMatchObject({ code: 'digest_mismatch' });
        // Signed by another key under this device's id: refused.
        const { generateKeyPairSync, sign } = await import('node:crypto');
        const other = generateKeyPairSync('ed25519').privateKey;
        const forger = new HubClient(r.hub.url, { ...id, sign: (t: string) => sign(null, Buffer.from(t), other).toString('base64') });
        await expect(forger.putBatch(b2.batch_id, b2.body, b2.digest, 0)).rejects.toMatchObject({ code: 'bad_signature' });
        forger.close();
        // Same id, other content: refused.
        const b3 = await encodeBatch(recs.slice(0, 2), id.deviceId, 'fast', b.batch_id);
        await expect(client.putBatch(b.batch_id, b3.body, b3.digest, 0)).rejects.toMatchObject({ code: 'batch_id_reused' });
        expect(await r.store.count()).toBe(5);

        const stranger = new HubClient(r.hub.url, { deviceId: 'stranger', publicKey: id.publicKey, sign: id.sign });
        await expect(stranger.putBatch(b2.batch_id, b2.body, b2.digest, 0)).rejects.toMatchObject({ code: 'unknown_device', kind: 'auth' });
        stranger.close();
        await r.store.revokeDevice(id.deviceId, new Date().toISOString());
        await expect(client.putBatch(b2.batch_id, b2.body, b2.digest, 0)).rejects.toMatchObject({ code: 'device_revoked' });
        expect(await r.store.count()).toBe(5);
      } finally {
        client.close();
      }
    });

    it('refuses garbled containers with a 4xx and stores nothing of them', async () => {
      r = await rig(backend);
      const id = deviceIdentity(r.kiosk.deviceId, r.kiosk.sync);
      const client = new HubClient(r.hub.url, id);
      try {
        await client.enrol(null, null);
        const { createHash } = await import('node:crypto');
        for (const garbage of [Buffer.from('AJB1\x01\x00\x00\x00\x10garbage'), Buffer.from('hello world'), Buffer.from('AJB1')]) {
          const digest = createHash('sha256').update(garbage).digest('hex');
          const err = await client.putBatch(randomUUID(), garbage, digest, 0).catch((e: unknown) => e);
          expect(err).toBeInstanceOf(SyncError);
          expect((err as SyncError).status).toBeGreaterThanOrEqual(400);
          expect((err as SyncError).status).toBeLessThan(500);
          expect((err as SyncError).code).toBe('bad_container');
        }
        expect(await r.store.count()).toBe(0);
      } finally {
        client.close();
      }
    });

    it('parks a submission the hub rejects, with the reason, and delivers the rest', async () => {
      r = await rig(backend);
      const input = lines(10, 4);
      r.importLines(input);
      // Another device already delivered a different record under the first id.
      const clash = JSON.parse(input[0]!) as { id: string };
      await r.store.commitBatch({ batchId: randomUUID(), deviceId: 'other', digest: 'x', records: [{ id: clash.id, text: '{"id":"x"}', hash: 'h', registrationNo: null }], invalid: [], at: new Date().toISOString(), forwardTo: [] });
      const res = await r.engine().runOnce();
      expect(res.delivered).toBe(9);
      expect(res.parked).toBe(1);
      expect(r.kiosk.sync.parked(10)).toEqual([{ id: clash.id, reason: expect.stringContaining('conflict') }]);
      expect(r.kiosk.sync.backlog()).toBe(0);
    });

    it('isolates a record the hub refuses as a whole batch (too large) and sends the rest', async () => {
      r = await rig(backend, { maxBatchBytes: 40 * 1024 });
      const input = [...lines(20, 6), ...lines(1, 7, [80, 80])];
      r.importLines(input);
      const res = await r.engine({ maxBatchBytes: 1024 * 1024 }).syncUntilDone(10_000);
      expect(res.ok).toBe(true);
      expect(await r.store.count()).toBe(20);
      expect(r.kiosk.sync.parkedCount()).toBe(1);
      expect(r.kiosk.sync.parked(1)[0]!.reason).toContain('too_large');
    });

    it('brings status changes back and saves the cursor with each page', async () => {
      r = await rig(backend);
      const input = lines(5, 8);
      r.importLines(input);
      const e = r.engine();
      await e.runOnce();
      const ids = input.map((l) => (JSON.parse(l) as { id: string }).id);
      await r.store.setStatus(ids[0]!, 'processing', 'berkas diperiksa', new Date().toISOString());
      await r.store.setStatus(ids[0]!, 'done', null, new Date().toISOString());
      await r.store.setStatus(ids[1]!, 'rejected', 'NIK tidak cocok', new Date().toISOString());
      const res = await e.runOnce();
      expect(res.statuses).toBe(3);
      expect(r.kiosk.submissions.get(ids[0]!)?.status).toBe('done');
      const h = r.kiosk.submissions.history(ids[1]!);
      expect(h.at(-1)).toMatchObject({ status: 'rejected', note: 'NIK tidak cocok', source: 'hub' });
      expect((await e.runOnce()).statuses).toBe(0);
    });
  });
}
