import { afterEach, describe, expect, it } from 'vitest';
import type { ComplaintQuery } from '../../../main/hub/console/back-office-rows.js';
import { openHubBackend } from '../../../main/hub/open.js';
import { migrateHub } from '../../../main/hub/schema.js';
import { BACKENDS } from './backends.js';

const sub = (id: string, service: string, received: string) =>
  `INSERT INTO submissions (id, device_id, batch_id, registration_no, record, hash, status, received_at, updated_at, state_since)
   VALUES ('${id}', 'dev-a', 'b', NULL, '${JSON.stringify({ id, serviceId: service, serviceVersion: 1, payload: {} })}', 'h', 'sent', '${received}', '${received}', NULL);`;
const complaint = (id: string, state: string, since: string, agency: string | null = null) =>
  `INSERT INTO complaints (submission_id, state, agency_id, note, state_since, updated_by) VALUES ('${id}', '${state}', ${agency ? `'${agency}'` : 'NULL'}, NULL, '${since}', 'admin');`;

const OLD = '2026-11-02T03:00:00.000Z';
const NEW = '2026-12-02T03:00:00.000Z';
const breach = { newBefore: '2026-11-28T17:00:00.000Z', verifiedBefore: '2026-11-26T17:00:00.000Z', dispatchedBefore: '2026-11-24T17:00:00.000Z' };

for (const backend of BACKENDS) {
  describe(`overdue complaints (${backend.name})`, () => {
    let cleanup: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await cleanup?.();
      cleanup = undefined;
    });

    it('lists and counts the new, verified and dispatched ones past their days, oldest first, by agency and state, paged', async () => {
      const fresh = await backend.fresh();
      cleanup = fresh.cleanup;
      const b = openHubBackend(fresh.target);
      try {
        await migrateHub(b);
        await b.run((q) =>
          q.execute(`
            ${sub('c1-new-old', 'pengaduan', '2026-11-01T03:00:00.000Z')}
            ${sub('c2-new-recent', 'pengaduan', NEW)}
            ${sub('c3-verified-old', 'kritik-saran', '2026-11-03T03:00:00.000Z')}
            ${sub('c4-verified-recent', 'pengaduan', '2026-11-04T03:00:00.000Z')}
            ${sub('c5-dispatched-old', 'pengaduan', '2026-11-05T03:00:00.000Z')}
            ${sub('c6-held-old', 'pengaduan', '2026-11-06T03:00:00.000Z')}
            ${sub('k1-request', 'ktp-el-baru', '2026-10-01T03:00:00.000Z')}
            ${complaint('c3-verified-old', 'verified', OLD)}
            ${complaint('c4-verified-recent', 'verified', NEW)}
            ${complaint('c5-dispatched-old', 'dispatched', OLD, 'dinsos')}
            ${complaint('c6-held-old', 'held', OLD)}
          `),
        );
        const list = (over: Partial<ComplaintQuery> = {}) =>
          b.run((q) => q.complaints({ services: ['pengaduan', 'kritik-saran'], agency: null, states: null, breach, callback: false, limit: 10, offset: 0, ...over }));
        const all = await list();
        expect(all.rows.map((r) => r.id)).toEqual(['c1-new-old', 'c3-verified-old', 'c5-dispatched-old']);
        expect(all.total).toBe(3);
        const page2 = await list({ limit: 2, offset: 1 });
        expect(page2.rows.map((r) => r.id)).toEqual(['c3-verified-old', 'c5-dispatched-old']);
        expect((await list({ agency: 'dinsos' })).rows.map((r) => r.id)).toEqual(['c5-dispatched-old']);
        expect((await list({ states: ['new'] })).rows.map((r) => r.id)).toEqual(['c1-new-old']);
        expect((await list({ states: ['verified', 'held'] })).rows.map((r) => [r.id, r.state])).toEqual([['c3-verified-old', 'verified']]);
        // Not breached: every complaint, oldest first.
        expect((await list({ breach: null })).total).toBe(6);
      } finally {
        await b.close();
      }
    });
  });
}
