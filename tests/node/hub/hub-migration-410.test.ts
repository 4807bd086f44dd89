import { describe, expect, it } from 'vitest';
import { BACKLOG_BUCKETS } from '../../../main/hub/console/dashboard.js';
import { HUB_MIGRATIONS } from '../../../main/hub/migrations.js';
import { migrateHub } from '../../../main/hub/schema.js';
import { HUB_OPEN_STATES } from '../../../shared/domain/hub-workflow.js';
import { BACKENDS } from './backends.js';
import { freshBackendEach, insertSubmission as insert } from './seed.js';

const NOW = new Date('2026-12-03T05:00:00.000Z');
const cutoffs = BACKLOG_BUCKETS.map((d) => new Date(NOW.getTime() - d * 86_400_000).toISOString());
const ago = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

for (const backend of BACKENDS) {
  describe(`hub migration 410: the backlog by age from a tally of open requests (${backend.name})`, () => {
    const open = freshBackendEach(backend);

    it('backfills the open requests, follows every insert and change of state, and reads the same buckets as counting the requests', async () => {
      const { b } = await open();
      await migrateHub(b, HUB_MIGRATIONS.filter((m) => m.version < 410));
      await b.run((q) =>
        q.execute(`
          ${insert('a1', 'ktp-el-baru', 'sent', ago(1))}
          ${insert('a2', 'ktp-el-baru', 'processing', ago(4))}
          ${insert('a3', 'ktp-el-baru', 'done', ago(4))}
          ${insert('a4', 'kk-baru', 'incomplete', ago(40))}
        `),
      );
      expect(await migrateHub(b, HUB_MIGRATIONS.filter((m) => m.version <= 410))).toEqual([410]);
      const view = async () => {
        const rows = await b.run((q) => q.backlog(HUB_OPEN_STATES, cutoffs, null));
        return Object.fromEntries(rows.filter((r) => Number(r.n) > 0).map((r) => [`${r.service_id} ${r.bucket}`, Number(r.n)]));
      };
      // Backfilled: the two open KTP requests (1 and 4 days old), the 40-day-old KK; not the finished one.
      expect(await view()).toEqual({ 'ktp-el-baru 0': 1, 'ktp-el-baru 1': 1, 'kk-baru 4': 1 });
      // An officer's services only.
      expect((await b.run((q) => q.backlog(HUB_OPEN_STATES, cutoffs, ['kk-baru']))).map((r) => [r.service_id, Number(r.n)])).toEqual([['kk-baru', 1]]);

      // New requests (one statement of several rows, as the ingest writes them), moves within the open states, finishing, reopening.
      await b.run((q) =>
        q.execute(`
          INSERT INTO submissions (id, device_id, batch_id, registration_no, record, hash, status, received_at, updated_at, state_since) VALUES
            ('n1', 'dev-a', 'b2', NULL, '${JSON.stringify({ id: 'n1', serviceId: 'kk-baru', serviceVersion: 1, payload: {} })}', 'h', 'sent', '${ago(0)}', '${ago(0)}', NULL),
            ('n2', 'dev-a', 'b2', NULL, '${JSON.stringify({ id: 'n2', serviceId: 'kk-baru', serviceVersion: 1, payload: {} })}', 'h', 'sent', '${ago(0)}', '${ago(0)}', NULL),
            ('n3', 'dev-a', 'b2', NULL, '${JSON.stringify({ id: 'n3', serviceId: 'kk-baru', serviceVersion: 1, payload: {} })}', 'h', 'done', '${ago(0)}', '${ago(0)}', NULL);
          UPDATE submissions SET status = 'accepted' WHERE id = 'a1';
          UPDATE submissions SET status = 'done' WHERE id = 'a2';
          UPDATE submissions SET status = 'rejected' WHERE id = 'a4';
          UPDATE submissions SET status = 'processing' WHERE id = 'a3';
        `),
      );
      expect(await view()).toEqual({ 'ktp-el-baru 0': 1, 'ktp-el-baru 1': 1, 'kk-baru 0': 2 });
      // The same as counting the open requests themselves, bucket by receipt day.
      const truth: Record<string, number> = {};
      const all = await b.run((q) => q.inbox({ services: null, statuses: [...HUB_OPEN_STATES], service: null, office: null, receivedBefore: null, breachedAt: null, limit: 100, offset: 0 }));
      for (const r of all.rows) {
        const day = r.received_at.slice(0, 10);
        const bucket = cutoffs.findIndex((c) => day >= c.slice(0, 10));
        const k = `${r.service_id} ${bucket === -1 ? cutoffs.length : bucket}`;
        truth[k] = (truth[k] ?? 0) + 1;
      }
      expect(await view()).toEqual(truth);
    });
  });
}
