import { describe, expect, it } from 'vitest';
import { HUB_MIGRATIONS } from '../../../main/hub/migrations.js';
import { migrateHub } from '../../../main/hub/schema.js';
import { BACKENDS } from './backends.js';
import { rowsBehindHub } from './rows-behind.js';
import { calendar, freshBackendEach, ingestedThree, insertSubmission as insert } from './seed.js';


const { days, dueAfter } = calendar('2026-01-01', '2027-12-31');

for (const backend of BACKENDS) {
  describe(`hub migration 420: each service's own SLA days per state (${backend.name})`, () => {
    const open = freshBackendEach(backend);

    it('keeps every existing due date; then a service with its own days gets them at insert (the ingest) and at its next move, the others the defaults; the breached count reads the open deadlines only', async () => {
      const { b, target } = await open();
      await migrateHub(b, HUB_MIGRATIONS.filter((m) => m.version < 420));
      await b.transaction((q) => q.putCalendarDays(days));
      await b.run((q) =>
        q.execute(`
          ${insert('k-sent', 'ktp-el-baru', 'sent', '2026-11-20T03:00:00.000Z', null)}
          ${insert('k-acc', 'ktp-el-baru', 'accepted', '2026-11-02T03:00:00.000Z', '2026-11-23T20:00:00.000Z')}
          ${insert('k-inc', 'kk-baru', 'incomplete', '2026-11-02T03:00:00.000Z', '2026-11-05T03:00:00.000Z')}
          ${insert('k-proc', 'kk-baru', 'processing', '2026-11-02T03:00:00.000Z', '2026-11-24T03:00:00.000Z')}
          ${insert('k-done', 'kk-baru', 'done', '2026-11-02T03:00:00.000Z', '2026-11-03T03:00:00.000Z')}
        `),
      );
      const dues = async () => Object.fromEntries((await rowsBehindHub<{ id: string; due_at: string | null }>(target, 'SELECT id, due_at FROM submissions ORDER BY id')).map((r) => [r.id, r.due_at]));
      const before = await dues();
      expect(Object.values(before).filter((d) => d !== null)).toHaveLength(4);
      expect(await migrateHub(b, HUB_MIGRATIONS.filter((m) => m.version <= 420))).toEqual([420]);
      // Nothing re-dated: the table of the services' own days starts empty, and the hub's defaults are what they were.
      expect(await dues()).toEqual(before);
      expect(await b.run((q) => q.serviceStateSlas())).toEqual([]);

      // KTP's own days: terkirim 3 (default 1), diterima 7 (default 2). Open requests keep theirs until they move.
      await b.transaction((q) =>
        q.replaceServiceStateSlas([
          { service_id: 'ktp-el-baru', status: 'sent', days: 3 },
          { service_id: 'ktp-el-baru', status: 'accepted', days: 7 },
        ]),
      );
      expect(await dues()).toEqual(before);
      // The escalations' capped count reads the open requests' deadlines (an index-only range scan at scale), never the table
      // (until migration 450 puts the overall deadline beside it: hub-migration-450.test.ts).
      const sql = "SELECT count(*) AS n FROM (SELECT 1 FROM submissions s WHERE s.due_at <= '2026-12-03T00:00:00.000Z' LIMIT 10001) x";
      const plan = (await rowsBehindHub<Record<string, string>>(target, backend.name === 'sqlite' ? `EXPLAIN QUERY PLAN ${sql}` : `EXPLAIN ${sql}`)).map((x) => x['detail'] ?? x['QUERY PLAN']).join('\n');
      expect(plan).toMatch(backend.name === 'sqlite' ? /COVERING INDEX submissions_open_by_due/ : /Index Only Scan using submissions_open_by_due/);
      // The ingest's INSERT writes today's schema (450's overall_due_at too): the later steps first, which keep every due date.
      await migrateHub(b, HUB_MIGRATIONS);
      expect(await dues()).toEqual(before);
      const at = '2026-12-01T03:00:00.000Z';
      // Through the ingest's own INSERT (PostgreSQL computes the deadline once per batch and service, SQLite in its trigger).
      await b.transaction((q) =>
        q.insertSubmissions(ingestedThree(), at),
      );
      // Moves (as the console writes them): KTP into diterima gets 7 days, KK 2.
      await b.run((q) => q.execute(`UPDATE submissions SET status = 'accepted', state_since = '${at}' WHERE id IN ('k-sent', 'k-proc')`));
      const after = await dues();
      expect(after['n-ktp']).toBe(dueAfter('2026-12-01', 3));
      expect(after['n-kk']).toBe(dueAfter('2026-12-01', 1));
      expect(after['n-none']).toBe(dueAfter('2026-12-01', 1));
      expect(after['k-sent']).toBe(dueAfter('2026-12-01', 7));
      expect(after['k-proc']).toBe(dueAfter('2026-12-01', 2));
      expect([after['k-acc'], after['k-inc'], after['k-done']]).toEqual([before['k-acc'], before['k-inc'], null]);

      const n = (await rowsBehindHub<{ n: number | string }>(target, sql))[0]!.n;
      // Past due by then: k-acc, k-inc, and the two new ones with the default day (due 2 December); not KTP's (3 days).
      expect(Number(n)).toBe(4);
    });
  });
}
