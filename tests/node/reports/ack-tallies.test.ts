import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../main/db/migrations/index.js';
import { openDatabase } from '../../../main/db/open.js';
import { openKioskFile } from '../../../main/sync/kiosk-db.js';
import { parseImportLine } from '../../../main/sync/records.js';
import { tempDir } from '../../helpers/tmp.js';

/**
 * Kiosk migration 0270: the sync ack moves a batch's status tallies in one grouped statement per table, the row
 * triggers skipped for its UPDATE only. Two kiosk files hold the same submissions: on one a batch is acknowledged
 * (applyAck: accepted, duplicates, rejected, one already sent), on the other the same rows turn sent by a plain
 * UPDATE (the triggers' path). Every tally table (daily and monthly) must be exactly equal.
 */
const TABLES = ['report_tally', 'report_tally_month', 'report_service_status', 'report_service_status_month', 'report_finish', 'report_finish_month'];
const dump = (db: Database) => Object.fromEntries(TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).all()]));

describe('kiosk migration 0270: the ack tallies a batch at once, as the row triggers would', () => {
  it('several services, days and months, accepted, duplicate, rejected and an already sent one: equal tallies; other status changes still by trigger', () => {
    const tmp = tempDir();
    try {
      const lines: string[] = [];
      for (let i = 0; i < 240; i++) {
        lines.push(JSON.stringify({ id: `s-${i}`, serviceId: ['sktm', 'sku', 'domisili'][i % 3], serviceVersion: 1, payload: { applicant: { kelDesa: ['Kramatwatu', 'Pejaten'][i % 2] } } }));
      }
      // Created over several WIB days across a month's end (the tallies' day is created_at's WIB day).
      const createdAt = (i: number) => new Date(Date.parse('2026-11-29T15:00:00Z') + (i % 8) * 13 * 3600_000).toISOString();
      const fill = (path: string) => {
        const k = openKioskFile(path);
        for (const [i, l] of lines.entries()) k.sync.importRecord(parseImportLine(l, createdAt(i)));
        return k;
      };
      const acked = fill(join(tmp.dir, 'a.sqlite'));
      const plain = fill(join(tmp.dir, 'b.sqlite'));
      acked.close();
      plain.close();
      const a = openDatabase(join(tmp.dir, 'a.sqlite'), { migrations: MIGRATIONS });
      const b = openDatabase(join(tmp.dir, 'b.sqlite'), { migrations: MIGRATIONS });
      try {
        expect(dump(a)).toEqual(dump(b));
        // One already sent on both (the ack must not move it again).
        for (const db of [a, b]) db.prepare("UPDATE submissions SET status = 'sent' WHERE id = 's-7'").run();
        a.close();
        const k = openKioskFile(join(tmp.dir, 'a.sqlite'));
        const batch = k.sync.due(new Date().toISOString());
        const ids = [...batch].map((r) => r.id);
        expect(ids).toHaveLength(240);
        const b1 = { batch_id: 'b1', body: Buffer.from('x'), digest: 'd', records: ids.length, raw_bytes: 1 };
        k.sync.saveBatch(b1, ids, new Date().toISOString());
        const accepted = ids.filter((_, i) => i % 10 !== 3 && i % 10 !== 4);
        const duplicate = ids.filter((_, i) => i % 10 === 3);
        const rejected = ids.filter((_, i) => i % 10 === 4).map((id) => ({ id, reason: 'conflict' }));
        const at = '2026-12-03T05:00:00.000Z';
        const r = k.sync.applyAck('b1', { batchId: 'b1', accepted, duplicate, rejected }, at);
        expect(r).toEqual({ delivered: accepted.length + duplicate.length, parked: rejected.length });
        k.close();
        // The triggers' path: the same rows turned sent by a plain UPDATE.
        b.prepare("UPDATE submissions SET status = 'sent', updated_at = ? WHERE id IN (SELECT value FROM json_each(?)) AND status = 'received'").run(at, JSON.stringify([...accepted, ...duplicate]));
        const a2 = openDatabase(join(tmp.dir, 'a.sqlite'), { migrations: MIGRATIONS });
        try {
          expect(a2.prepare('SELECT count(*) AS n FROM sync_ack_tallying').get()).toEqual({ n: 0 });
          const da = dump(a2);
          expect(da).toEqual(dump(b));
          // What they agree on: 215 sent (7 already), the rest received, over several days and both months.
          const status = da['report_tally']!.filter((x) => (x as { dim: string }).dim === 'status') as { day: string; key: string; n: number }[];
          expect(status.filter((x) => x.key === 'sent').reduce((s, x) => s + x.n, 0)).toBe(accepted.length + duplicate.length);
          expect(status.filter((x) => x.key === 'received').reduce((s, x) => s + x.n, 0)).toBe(240 - accepted.length - duplicate.length);
          expect(new Set(status.map((x) => x.day.slice(0, 7)))).toEqual(new Set(['2026-11', '2026-12']));
          // Other status changes (the desk, the hub's pulls) still tally by trigger.
          for (const db of [a2, b]) {
            db.prepare("UPDATE submissions SET status = 'done' WHERE id IN ('s-1', 's-2', 's-14')").run();
            db.prepare("UPDATE submissions SET status = 'accepted' WHERE id = 's-5'").run();
          }
          expect(dump(a2)).toEqual(dump(b));
        } finally {
          a2.close();
        }
      } finally {
        if (b.open) b.close();
      }
    } finally {
      tmp.cleanup();
    }
  });
});
