import { afterEach, describe, expect, it } from 'vitest';
import { workingDayNumbers } from '../../../main/hub/console/dashboard.js';
import { HUB_MIGRATIONS } from '../../../main/hub/migrations.js';
import { openHubBackend, openHubStore } from '../../../main/hub/open.js';
import { migrateHub } from '../../../main/hub/schema.js';
import { HUB_STATE_SLA_DAYS, workingDaysBefore } from '../../../shared/domain/hub-workflow.js';
import { wibDay } from '../../../shared/domain/working-days.js';
import { BACKENDS } from './backends.js';
import { rowsBehindHub } from './rows-behind.js';


const record = (id: string) => JSON.stringify({ id, serviceId: 'ktp-el-baru', serviceVersion: 1, payload: {} });
const insert = (id: string, device: string, status: string, received: string, since: string | null) =>
  `INSERT INTO submissions (id, device_id, batch_id, registration_no, record, hash, status, received_at, updated_at, state_since)
   VALUES ('${id}', '${device}', 'b', NULL, '${record(id)}', 'h', '${status}', '${received}', '${received}', ${since === null ? 'NULL' : `'${since}'`});`;
/** The breach rule as the console computed it per row before migration 310: in the state since before the n-th working day before today, 00:00 WIB. */
const breachedBefore310 = (since: string, n: number, now: Date): boolean =>
  since < new Date(Date.parse(`${workingDaysBefore(wibDay(now.toISOString()), n)}T00:00:00+07:00`)).toISOString();

for (const backend of BACKENDS) {
  const key = backend.name === 'sqlite' ? "X'00'" : "'\\x00'::bytea";
  describe(`hub migration 310: office and due_at kept per submission (${backend.name})`, () => {
    let cleanup: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await cleanup?.();
      cleanup = undefined;
    });

    it('backfills office, kecamatan and due_at; keeps them on insert, move and a letter key published later; breached agrees with the rule it replaces; the filters use their indexes', async () => {
      const fresh = await backend.fresh();
      cleanup = fresh.cleanup;
      const b = openHubBackend(fresh.target);
      try {
        await migrateHub(
          b,
          HUB_MIGRATIONS.filter((m) => m.version < 310),
        );
        const days = workingDayNumbers('2026-01-01', '2027-12-31');
        await b.transaction((q) => q.putCalendarDays(days));
        await b.run((q) =>
          q.execute(`
            INSERT INTO letter_keys (office_code, key_id, device_id, public_key, published_at) VALUES ('36.04.05.2001', 'k1', 'dev-a', ${key}, '2026-01-01');
            ${insert('s-open', 'dev-a', 'sent', '2026-11-20T03:00:00.000Z', null)}
            ${insert('s-done', 'dev-a', 'done', '2026-11-02T03:00:00.000Z', '2026-11-03T03:00:00.000Z')}
            ${insert('s-nokey', 'dev-b', 'processing', '2026-11-02T03:00:00.000Z', '2026-11-23T20:00:00.000Z')}
          `),
        );
        expect(await migrateHub(b)).toEqual(HUB_MIGRATIONS.filter((m) => m.version >= 310).map((m) => m.version));
        const get = async () =>
          new Map(
            (await rowsBehindHub<{ id: string; office_code: string | null; kecamatan: string | null; due_at: string | null }>(fresh.target, 'SELECT id, office_code, kecamatan, due_at FROM submissions')).map((r) => [
              r.id,
              [r.office_code, r.kecamatan, r.due_at],
            ]),
          );
        // Backfilled. Sent on Friday 20 Nov (WIB): 1 working day is Monday 23rd, breached from Tuesday 00:00 WIB.
        // Processing since Tuesday 24th 03:00 WIB: 5 working days end Tuesday 1 Dec.
        let got = await get();
        expect(got.get('s-open')).toEqual(['36.04.05.2001', '36.04.05', '2026-11-23T17:00:00.000Z']);
        expect(got.get('s-done')).toEqual(['36.04.05.2001', '36.04.05', null]);
        expect(got.get('s-nokey')).toEqual([null, null, '2026-12-01T17:00:00.000Z']);

        // dev-b publishes its letter key later: its requests take the office. A new request takes it at once; a move sets its clock again.
        await b.run((q) =>
          q.execute(`
            INSERT INTO letter_keys (office_code, key_id, device_id, public_key, published_at) VALUES ('36.04.11.2003', 'k2', 'dev-b', ${key}, '2026-11-25');
            ${insert('s-new', 'dev-b', 'sent', '2026-11-25T02:00:00.000Z', null)}
            UPDATE submissions SET status = 'done', state_since = '2026-11-25T05:00:00.000Z' WHERE id = 's-open';
            UPDATE submissions SET status = 'incomplete', state_since = '2026-11-25T05:00:00.000Z' WHERE id = 's-nokey';
          `),
        );
        got = await get();
        expect(got.get('s-nokey')).toEqual(['36.04.11.2003', '36.04.11', '2026-12-09T17:00:00.000Z']);
        expect(got.get('s-new')).toEqual(['36.04.11.2003', '36.04.11', '2026-11-26T17:00:00.000Z']);
        expect(got.get('s-open')![2]).toBeNull();

        // Across weekends and the year's end (holidays), every open state and time of day: due_at <= now is the old per-row rule.
        const cases: string[] = [];
        let n = 0;
        for (const [status] of Object.entries(HUB_STATE_SLA_DAYS)) {
          for (let h = 0; h < 60 * 24; h += 7) {
            const since = new Date(Date.parse('2026-12-10T00:00:00.000Z') + h * 3_600_000 + 1234).toISOString();
            cases.push(insert(`p-${n++}`, 'dev-a', status, since, since));
          }
        }
        await b.run((q) => q.execute(cases.join('\n')));
        const due = await rowsBehindHub<{ status: string; state_since: string; due_at: string | null }>(fresh.target, "SELECT status, state_since, due_at FROM submissions WHERE id LIKE 'p-%'");
        expect(due).toHaveLength(n);
        expect(due.filter((r) => r.due_at === null)).toEqual([]);
        let compared = 0;
        for (let t = Date.parse('2026-12-10T00:00:00Z'); t < Date.parse('2027-01-31T00:00:00Z'); t += 5 * 3_600_000 + 17 * 60_000) {
          const now = new Date(t);
          for (const r of due) {
            const was = breachedBefore310(r.state_since, HUB_STATE_SLA_DAYS[r.status as 'sent']!, now);
            if (r.due_at! <= now.toISOString() !== was) throw new Error(`${r.status} since ${r.state_since} at ${now.toISOString()}: due_at ${r.due_at}, breached before 310: ${was}`);
            compared++;
          }
        }
        expect(compared).toBeGreaterThan(100_000);

        // The filters that cost a second at a million rows now read the open requests' partial indexes.
        const plan = async (where: string) => {
          const sql = `SELECT s.id FROM submissions s WHERE ${where} ORDER BY s.received_at, s.id LIMIT 100`;
          const r = await rowsBehindHub<Record<string, string>>(fresh.target, backend.name === 'sqlite' ? `EXPLAIN QUERY PLAN ${sql}` : `EXPLAIN ${sql}`);
          return r.map((x) => x['detail'] ?? x['QUERY PLAN']).join('\n');
        };
        // PostgreSQL plans by its statistics of this tiny table, where most rows are open: any of the
        // open requests' indexes will do here (with migration 420's on their due dates), never a scan
        // of the whole table; the bench shows the plan at scale.
        const both = await plan("s.due_at <= '2026-12-01T00:00:00.000Z' AND s.kecamatan = '36.04.05'");
        expect(both).toMatch(backend.name === 'sqlite' ? /submissions_open_by_kecamatan/ : /submissions_(open_by_(kecamatan|received|due)|by_kecamatan)/);
        expect(both).not.toMatch(/Seq Scan on submissions|SCAN s$/m);
        // On PostgreSQL the tiny table's statistics may make the full received-order index as cheap as
        // the partial one; either reads in order, and neither is a scan of the whole table.
        const overdue = await plan("s.due_at <= '2026-12-01T00:00:00.000Z'");
        expect(overdue).toMatch(backend.name === 'sqlite' ? /submissions_open_by_received/ : /submissions_(open_by_(received|due)|by_received)/);
        expect(overdue).not.toMatch(/Seq Scan on submissions|SCAN s$/m);
        expect(await plan("s.kecamatan = '36.04.05'")).toMatch(/submissions_by_kecamatan/);
      } finally {
        await b.close();
      }
    });

    it('the ingest path stores each request with its device office and its SLA deadline, the first of an id sent twice kept', async () => {
      const fresh = await backend.fresh();
      cleanup = fresh.cleanup;
      const store = await openHubStore(fresh.target);
      const b = openHubBackend(fresh.target);
      try {
        await b.transaction((q) => q.putCalendarDays(workingDayNumbers('2026-01-01', '2027-12-31')));
        await b.run((q) => q.execute(`INSERT INTO letter_keys (office_code, key_id, device_id, public_key, published_at) VALUES ('36.04.05.2001', 'k1', 'dev-a', ${key}, '2026-01-01');`));
        const rec = (id: string, n: string) => {
          const text = JSON.stringify({ id, serviceId: 'ktp-el-baru', serviceVersion: 1, payload: { n } });
          return { id, text, hash: n.repeat(64).slice(0, 64), registrationNo: null };
        };
        const id = '33333333-3333-4333-8333-333333333333';
        const ack = await store.commitBatch({ batchId: '44444444-4444-4444-8444-444444444444', deviceId: 'dev-a', digest: 'd'.repeat(64), records: [rec(id, 'a'), rec(id, 'b')], invalid: [], at: '2026-11-20T03:00:00.000Z', forwardTo: [] });
        expect(ack.accepted).toEqual([id]);
        const got = await rowsBehindHub<{ office_code: string; kecamatan: string; due_at: string; hash: string }>(fresh.target, 'SELECT office_code, kecamatan, due_at, hash FROM submissions');
        expect(got).toEqual([{ office_code: '36.04.05.2001', kecamatan: '36.04.05', due_at: '2026-11-23T17:00:00.000Z', hash: 'a'.repeat(64) }]);
      } finally {
        await b.close();
        await store.close();
      }
    });
  });
}
