import { describe, expect, it } from 'vitest';
import { HUB_MIGRATIONS } from '../../../main/hub/migrations.js';
import { breachedBy } from '../../../main/hub/migration-450.js';
import { migrateHub } from '../../../main/hub/schema.js';
import { BACKENDS } from './backends.js';
import { rowsBehindHub } from './rows-behind.js';
import { calendar, freshBackendEach, ingestedThree, insertSubmission as insert } from './seed.js';

const { days, dueAfter } = calendar('2026-01-01', '2027-12-31');

for (const backend of BACKENDS) {
  describe(`hub migration 450: the overall SLA's deadline per request (${backend.name})`, () => {
    const open = freshBackendEach(backend);

    it('dates the open requests already there, then every insert (the ingest), move and re-dating; null in a final state; breached is either deadline, counted on the open requests only', async () => {
      const { b, target } = await open();
      await migrateHub(b, HUB_MIGRATIONS.filter((m) => m.version < 450));
      await b.transaction((q) => q.putCalendarDays(days));
      // KTP's overall SLA at the hub: 14 working days; KK has none of its own (10).
      await b.transaction((q) => q.putServiceSlas([{ service_id: 'ktp-el-baru', days: 14 }]));
      await b.run((q) =>
        q.execute(`
          ${insert('k-sent', 'ktp-el-baru', 'sent', '2026-11-20T03:00:00.000Z', null)}
          ${insert('k-acc', 'kk-baru', 'accepted', '2026-11-02T03:00:00.000Z', '2026-11-23T20:00:00.000Z')}
          ${insert('k-done', 'kk-baru', 'done', '2026-11-02T03:00:00.000Z', '2026-11-03T03:00:00.000Z')}
        `),
      );
      expect(await migrateHub(b, HUB_MIGRATIONS.filter((m) => m.version <= 450))).toEqual([450]);
      const dues = async () =>
        Object.fromEntries(
          (await rowsBehindHub<{ id: string; due_at: string | null; overall_due_at: string | null }>(target, 'SELECT id, due_at, overall_due_at FROM submissions ORDER BY id')).map((r) => [
            r.id,
            [r.due_at, r.overall_due_at],
          ]),
        );
      let d = await dues();
      // From the WIB day of receipt (20 November, 03:00 UTC is that day in WIB; 23 November 20:00 UTC is the 24th).
      expect(d['k-sent']![1]).toBe(dueAfter('2026-11-20', 14));
      expect(d['k-acc']).toEqual([dueAfter('2026-11-24', 2), dueAfter('2026-11-02', 10)]);
      expect(d['k-done']).toEqual([null, null]);

      const at = '2026-12-01T03:00:00.000Z';
      await b.transaction((q) =>
        q.insertSubmissions(ingestedThree(), at),
      );
      // A move keeps the overall clock (from receipt); a final state clears it; a re-dated receipt moves it.
      await b.run((q) => q.moveSubmission('k-sent', 'accepted', at));
      await b.run((q) => q.moveSubmission('k-acc', 'rejected', at));
      await b.run((q) => q.execute(`UPDATE submissions SET received_at = '2026-11-09T03:00:00.000Z' WHERE id = 'n-kk'`));
      d = await dues();
      expect(d['n-ktp']).toEqual([dueAfter('2026-12-01', 1), dueAfter('2026-12-01', 14)]);
      expect(d['n-none']).toEqual([dueAfter('2026-12-01', 1), dueAfter('2026-12-01', 10)]);
      expect(d['k-sent']).toEqual([dueAfter('2026-12-01', 2), dueAfter('2026-11-20', 14)]);
      expect(d['k-acc']).toEqual([null, null]);
      expect(d['n-kk']).toEqual([dueAfter('2026-11-09', 1), dueAfter('2026-11-09', 10)]);

      // KTP's overall SLA becomes 3 days: its open requests are re-dated (overall only), the others are not.
      await b.transaction((q) => q.putServiceSlas([{ service_id: 'ktp-el-baru', days: 3 }]));
      expect(await b.run((q) => q.rederiveOverallDueDates(['ktp-el-baru']))).toBe(2);
      const after = await dues();
      expect(after['k-sent']).toEqual([d['k-sent']![0], dueAfter('2026-11-20', 3)]);
      expect(after['n-ktp']).toEqual([d['n-ktp']![0], dueAfter('2026-12-01', 3)]);
      expect([after['n-kk'], after['n-none']]).toEqual([d['n-kk'], d['n-none']]);
      // The calendar's re-dating (the trigger) keeps both.
      await b.run((q) => q.rederiveDueDates());
      expect(await dues()).toEqual(after);

      // Breached on 2 December 00:00 WIB: k-sent by its overall SLA only (its state's runs to 3 December), n-kk by both
      // (its state due re-dated to 10 November), n-none's and n-ktp's states (1 day); not a final one.
      // Many open requests not yet due, as at a hub in use (and the statistics of them): the deadlines' index is the one that
      // narrows the count, whatever the visibility map says.
      const later = Array.from({ length: 300 }, (_, i) => insert(`f-${i}`, 'kk-baru', 'sent', '2027-06-01T03:00:00.000Z', null)).join('\n');
      await b.run((q) => q.execute(later));
      // What autovacuum does (statistics, the visibility map an index-only scan reads).
      await b.run((q) => q.execute(backend.name === 'sqlite' ? 'ANALYZE' : 'VACUUM ANALYZE submissions'));
      const now = "'2026-12-02T17:00:00.000Z'";
      const breached = `SELECT s.id FROM submissions s WHERE ${breachedBy(backend.name, 's.', now)} ORDER BY s.id`;
      expect((await rowsBehindHub<{ id: string }>(target, breached)).map((r) => r.id)).toEqual(['k-sent', 'n-kk', 'n-ktp', 'n-none']);
      // The capped counts read the open requests' two deadlines only, never the table: index-only range scans (a bitmap
      // of that index while an older transaction elsewhere keeps VACUUM from setting the visibility map).
      const counts = [
        [`SELECT count(*) AS n FROM (SELECT 1 FROM submissions s WHERE ${breachedBy(backend.name, 's.', now)} LIMIT 10001) x`, 'submissions_open_by_breach'],
        [`SELECT count(*) AS n FROM (SELECT 1 FROM submissions s WHERE s.kecamatan = '36.04.01' AND ${breachedBy(backend.name, 's.', now)} LIMIT 10001) x`, 'submissions_open_by_kecamatan_breach'],
      ] as const;
      for (const [sql, index] of counts) {
        const plan = (await rowsBehindHub<Record<string, string>>(target, backend.name === 'sqlite' ? `EXPLAIN QUERY PLAN ${sql}` : `EXPLAIN ${sql}`)).map((x) => x['detail'] ?? x['QUERY PLAN']).join('\n');
        expect(plan).toMatch(backend.name === 'sqlite' ? new RegExp(`COVERING INDEX ${index}`) : new RegExp(`(Index Only Scan using|Bitmap Index Scan on) ${index} `));
      }
      expect(Number((await rowsBehindHub<{ n: number | string }>(target, counts[0][0]))[0]!.n)).toBe(4);
    });
  });
}
