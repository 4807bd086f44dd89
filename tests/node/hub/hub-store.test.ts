import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HubStore, IncomingRecord } from '../../../main/hub/store.js';
import { BatchIdReusedError, OffsetError } from '../../../main/hub/store.js';
import { BACKENDS } from './backends.js';

function rec(id: string, body: string, att?: Buffer): IncomingRecord {
  const text = JSON.stringify({ id, body, registrationNo: `REG-${id}` });
  const h = createHash('sha256').update(text).update('\0');
  if (att) h.update(att);
  return { id, text, hash: h.digest('hex'), registrationNo: `REG-${id}`, ...(att ? { attachment: { name: 'a.jpg', contentType: 'image/jpeg', data: att } } : {}) };
}
const B1 = '11111111-1111-4111-8111-111111111111';
const B2 = '22222222-2222-4222-8222-222222222222';
const at = '2026-11-23T09:00:00.000Z';

for (const backend of BACKENDS) {
  describe(`hub store (${backend.name})`, () => {
    let store: HubStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      const f = await backend.fresh();
      store = await f.open();
      cleanup = f.cleanup;
    });
    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    it('stores each submission at most once and answers per id', async () => {
      const ack = await store.commitBatch({ batchId: B1, deviceId: 'dev1', digest: 'd1', records: [rec('a', 'x'), rec('b', 'y', Buffer.from([1, 2, 3]))], invalid: [{ id: 'bad', reason: 'no id' }], at, forwardTo: [] });
      expect(ack.accepted).toEqual(['a', 'b']);
      expect(ack.rejected).toEqual([{ id: 'bad', reason: 'no id' }]);
      const again = await store.commitBatch({ batchId: B2, deviceId: 'dev1', digest: 'd2', records: [rec('a', 'x'), rec('b', 'changed')], invalid: [], at, forwardTo: [] });
      expect(again.duplicate).toEqual(['a']);
      expect(again.rejected.map((r) => r.id)).toEqual(['b']);
      expect(await store.count()).toBe(2);
      const b = await store.getSubmission('b');
      expect(b?.attachment?.data).toEqual(Buffer.from([1, 2, 3]));
    });

    it('answers a replayed batch with its stored ack and refuses a reused id', async () => {
      const input = { batchId: B1, deviceId: 'dev1', digest: 'd1', records: [rec('a', 'x')], invalid: [], at, forwardTo: [] };
      await store.commitBatch(input);
      const replay = await store.commitBatch(input);
      expect(replay.replayed).toBe(true);
      expect(replay.accepted).toEqual(['a']);
      await expect(store.commitBatch({ ...input, digest: 'other' })).rejects.toBeInstanceOf(BatchIdReusedError);
      expect(await store.count()).toBe(1);
    });

    it('keeps staged chunks in order and refuses a wrong offset', async () => {
      await store.startStaging({ batchId: B1, deviceId: 'dev1', total: 6, digest: 'd' }, at);
      expect(await store.appendStaging(B1, 0, Buffer.from('abc'))).toBe(3);
      await expect(store.appendStaging(B1, 1, Buffer.from('zz'))).rejects.toBeInstanceOf(OffsetError);
      await store.appendStaging(B1, 3, Buffer.from('def'));
      expect((await store.readStaging(B1)).toString()).toBe('abcdef');
      expect((await store.getStaging(B1))?.received).toBe(6);
      await store.dropStaging(B1);
      expect(await store.getStaging(B1)).toBeNull();
    });

    it('keeps status history per device and pages it by cursor', async () => {
      await store.commitBatch({ batchId: B1, deviceId: 'dev1', digest: 'd1', records: [rec('a', 'x'), rec('b', 'y')], invalid: [], at, forwardTo: [] });
      expect(await store.setStatus('REG-a', 'accepted', null, at)).toEqual({ id: 'a' });
      await store.setStatus('b', 'processing', 'berkas lengkap', at);
      await store.setStatus('a', 'done', null, at);
      expect(await store.setStatus('nope', 'done', null, at)).toBeNull();
      const p1 = await store.statusSince('dev1', 0, 2);
      expect(p1.items.map((i) => [i.id, i.status])).toEqual([['a', 'accepted'], ['b', 'processing']]);
      expect(p1.more).toBe(true);
      const p2 = await store.statusSince('dev1', p1.cursor, 2);
      expect(p2.items.map((i) => i.status)).toEqual(['done']);
      expect(p2.more).toBe(false);
      expect((await store.statusSince('dev2', 0, 10)).items).toEqual([]);
    });

    it('enrols with a one-time code, once, and honours revocation', async () => {
      const key = Buffer.alloc(32, 7);
      await store.addEnrolmentCode('h1', null, at, '2999-01-01T00:00:00.000Z');
      expect(await store.enrolDevice('dev1', key, null, 'h1', at)).toBe('enrolled');
      expect(await store.enrolDevice('dev2', key, null, 'h1', at)).toBe('code_invalid');
      expect(await store.enrolDevice('dev1', key, null, null, at)).toBe('already');
      expect(await store.enrolDevice('dev1', Buffer.alloc(32, 8), null, null, at)).toBe('key_mismatch');
      expect(await store.revokeDevice('dev1', at)).toBe(true);
      expect((await store.getDevice('dev1'))?.revoked).toBe(true);
    });

    it('queues accepted submissions for forwarding in the same transaction', async () => {
      await store.commitBatch({ batchId: B1, deviceId: 'dev1', digest: 'd1', records: [rec('a', 'x')], invalid: [], at, forwardTo: ['webhook'] });
      const due = await store.dueForwards('2999-01-01T00:00:00.000Z', 10);
      expect(due.map((d) => [d.submissionId, d.adapter])).toEqual([['a', 'webhook']]);
      await store.finishForward(due[0]!.seq, { ok: true, at });
      expect(await store.dueForwards('2999-01-01T00:00:00.000Z', 10)).toEqual([]);
    });
  });
}
