import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHubBackend } from '../../../main/hub/open.js';
import { migrateHub } from '../../../main/hub/schema.js';
import type { CommitInput, HubStore, IncomingRecord } from '../../../main/hub/store.js';
import { OffsetError } from '../../../main/hub/store.js';
import { BACKENDS } from './backends.js';

function rec(id: string, body: string, registrationNo: string | null = null): IncomingRecord {
  const text = JSON.stringify({ id, body });
  return { id, text, hash: createHash('sha256').update(text).update('\0').digest('hex'), registrationNo };
}
const B1 = '11111111-1111-4111-8111-111111111111';
const at = '2026-11-23T09:00:00.000Z';
const FAR = '2999-01-01T00:00:00.000Z';
const batch = (records: IncomingRecord[], extra: Partial<CommitInput> = {}): CommitInput => ({
  batchId: B1,
  deviceId: 'dev1',
  digest: 'd1',
  records,
  invalid: [],
  at,
  forwardTo: [],
  ...extra,
});

/** The rules' finer points and their behaviour under concurrency, the same on both backends. */
for (const backend of BACKENDS) {
  describe(`hub rules (${backend.name})`, () => {
    let target: string;
    let store: HubStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      const f = await backend.fresh();
      target = f.target;
      store = await f.open();
      cleanup = f.cleanup;
    });
    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    it('commits a batch sent twice at the same moment once; the other answer is the replay', async () => {
      const acks = await Promise.all([store.commitBatch(batch([rec('a', 'x')])), store.commitBatch(batch([rec('a', 'x')]))]);
      expect(acks.map((a) => a.replayed === true).sort()).toEqual([false, true]);
      expect(acks.map((a) => a.accepted)).toEqual([['a'], ['a']]);
      expect(await store.count()).toBe(1);
    });

    it('takes one of two appends at the same offset and refuses the other with what it holds', async () => {
      await store.startStaging({ batchId: B1, deviceId: 'dev1', total: 6, digest: 'd' }, at);
      const results = await Promise.allSettled([store.appendStaging(B1, 0, Buffer.from('abc')), store.appendStaging(B1, 0, Buffer.from('xyz'))]);
      expect(results.filter((r) => r.status === 'fulfilled').map((r) => r.value)).toEqual([3]);
      const refused = results.find((r) => r.status === 'rejected')?.reason as unknown;
      expect(refused).toBeInstanceOf(OffsetError);
      expect((refused as OffsetError).received).toBe(3);
      expect((await store.readStaging(B1)).length).toBe(3);
    });

    it('refuses an append to an upload that was never started as offset 0', async () => {
      const refused = await store.appendStaging(B1, 0, Buffer.from('abc')).catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(OffsetError);
      expect((refused as OffsetError).received).toBe(0);
    });

    it('answers an id that comes twice in one batch: the first accepted, the second a duplicate or a conflict', async () => {
      const ack = await store.commitBatch(batch([rec('a', 'x'), rec('a', 'x'), rec('b', 'y'), rec('b', 'other')], { forwardTo: ['webhook'] }));
      expect(ack.accepted).toEqual(['a', 'b']);
      expect(ack.duplicate).toEqual(['a']);
      expect(ack.rejected.map((r) => r.id)).toEqual(['b']);
      expect((await store.getSubmission('b'))?.text).toBe(rec('b', 'y').text);
      expect((await store.dueForwards(FAR, 10)).map((j) => j.submissionId)).toEqual(['a', 'b']);
    });

    it('sets a status by submission id before registration number', async () => {
      await store.commitBatch(batch([rec('k1', 'x', 'REG-1'), rec('k2', 'y', 'k1')]));
      expect(await store.setStatus('k1', 'done', null, at)).toEqual({ id: 'k1' });
      expect(await store.setStatus('REG-1', 'accepted', null, at)).toEqual({ id: 'k1' });
      expect((await store.getSubmission('k1'))?.status).toBe('accepted');
      expect((await store.getSubmission('k2'))?.status).toBe('sent');
      const page = await store.statusSince('dev1', 0, 10);
      expect(page).toMatchObject({ cursor: page.items[1]!.seq, more: false });
      expect((await store.statusSince('dev1', page.cursor, 10)).items).toEqual([]);
    });

    it('answers each enrolment outcome: open, expired code, revoked', async () => {
      expect(await store.enrolDevice('dev1', Buffer.alloc(32, 1), 'desa', null, at)).toBe('enrolled');
      await store.addEnrolmentCode('old', null, '2020-01-01T00:00:00.000Z', '2020-01-02T00:00:00.000Z');
      expect(await store.enrolDevice('dev2', Buffer.alloc(32, 2), null, 'old', at)).toBe('code_invalid');
      expect(await store.getDevice('dev2')).toBeNull();
      expect(await store.revokeDevice('dev1', at)).toBe(true);
      expect(await store.revokeDevice('dev1', at)).toBe(false);
      expect(await store.enrolDevice('dev1', Buffer.alloc(32, 1), null, null, at)).toBe('revoked');
    });

    it('retries a forward at its next time, and gives up on one with none', async () => {
      await store.commitBatch(batch([rec('a', 'x'), rec('b', 'y')], { forwardTo: ['webhook'] }));
      const [a, b] = await store.dueForwards(FAR, 10);
      await store.finishForward(a!.seq, { ok: false, error: 'HTTP 503', nextAt: '2026-11-23T10:00:00.000Z' });
      await store.finishForward(b!.seq, { ok: false, error: 'HTTP 400', nextAt: null });
      expect(await store.dueForwards('2026-11-23T09:30:00.000Z', 10)).toEqual([]);
      expect(await store.dueForwards(FAR, 10)).toEqual([{ seq: a!.seq, submissionId: 'a', adapter: 'webhook', attempts: 1 }]);
    });

    it('exports every submission in byte order of id, past one page', async () => {
      const ids = Array.from({ length: 1203 }, (_, i) => `id-${String(i).padStart(5, '0')}`).concat(['Z', 'a', '_']);
      await store.commitBatch(batch(ids.map((id) => rec(id, 'x'))));
      const seen: string[] = [];
      await store.exportAll((s) => seen.push(s.id));
      expect(seen).toEqual([...ids].sort());
    });

    it('keeps nothing of a backend transaction that throws', async () => {
      const b = openHubBackend(target);
      try {
        await migrateHub(b);
        const failed = b.transaction(async (q) => {
          await q.insertEnrolmentCode('h1', null, at, FAR);
          throw new Error('stop here');
        });
        await expect(failed).rejects.toThrow('stop here');
      } finally {
        await b.close();
      }
      expect(await store.enrolDevice('dev1', Buffer.alloc(32, 1), null, 'h1', at)).toBe('code_invalid');
    });
  });
}
