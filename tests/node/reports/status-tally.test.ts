import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../main/db/migrations/index.js';
import { openDatabase } from '../../../main/db/open.js';
import { tempDir } from '../../helpers/tmp.js';

/** Kiosk migration 0260: a status-only change moves the status row alone; every other change still the whole request. */
const DAY = "coalesce(date(created_at, '+7 hours'), '')";
const RECOUNT = `
  SELECT 'service' AS dim, ${DAY} AS day, service_id AS key, count(*) AS n FROM submissions GROUP BY 2, 3
  UNION ALL SELECT 'desa', ${DAY}, coalesce(json_extract(payload, '$.applicant.kelDesa'), ''), count(*) FROM submissions GROUP BY 2, 3
  UNION ALL SELECT 'channel', ${DAY}, coalesce(json_extract(payload, '$.channel'), 'kiosk'), count(*) FROM submissions GROUP BY 2, 3
  UNION ALL SELECT 'status', ${DAY}, status, count(*) FROM submissions GROUP BY 2, 3
  ORDER BY 1, 2, 3`;
const tally = (db: Database) => db.prepare('SELECT dim, day, key, n FROM report_tally WHERE n > 0 ORDER BY 1, 2, 3').all();
const recount = (db: Database) => db.prepare(RECOUNT).all();

describe('migration 0260-status-tally', () => {
  it('keeps report_tally equal to a recount through status-only, payload, service, day and mixed changes', () => {
    const tmp = tempDir();
    try {
      const db = openDatabase(join(tmp.dir, 'k.sqlite'), { migrations: MIGRATIONS });
      const ins = db.prepare("INSERT INTO submissions (id, registration_no, tracking_code, service_id, service_version, payload, status, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, 'received', ?, ?)");
      const ids: string[] = [];
      db.transaction(() => {
        for (let i = 0; i < 400; i++) {
          const id = randomUUID();
          ids.push(id);
          const at = new Date(Date.parse('2026-11-01T00:00:00Z') + i * 3 * 3600_000).toISOString();
          ins.run(id, `R${i}`, `T${i}`, ['sktm', 'sku'][i % 2], JSON.stringify({ channel: i % 3 ? 'kiosk' : 'desk', applicant: { kelDesa: ['Kramatwatu', 'Pejaten'][i % 2] } }), at, at);
        }
      })();
      expect(tally(db)).toEqual(recount(db));
      const statusRows = () => db.prepare("SELECT dim, day, key, n FROM report_tally WHERE dim <> 'status' ORDER BY 1, 2, 3").all();
      const before = statusRows();

      // As a sync ack does: a batch's worth from received to sent in one statement.
      db.prepare("UPDATE submissions SET status = 'sent' WHERE id IN (SELECT value FROM json_each(?)) AND status = 'received'").run(JSON.stringify(ids.slice(0, 300)));
      expect(tally(db)).toEqual(recount(db));
      expect(statusRows()).toEqual(before); // the other dimensions untouched
      expect(db.prepare("SELECT sum(n) AS n FROM report_tally WHERE dim = 'status' AND key = 'sent'").get()).toEqual({ n: 300 });

      const one = db.prepare('UPDATE submissions SET status = ?, payload = coalesce(?, payload), service_id = coalesce(?, service_id), created_at = coalesce(?, created_at) WHERE id = ?');
      one.run('ready', null, null, null, ids[1]); // status only
      one.run('sent', JSON.stringify({ channel: 'desk', applicant: { kelDesa: 'Toyomerto' } }), null, null, ids[2]); // payload only (status as it was)
      one.run('sent', null, 'sktm', null, ids[3]); // service only
      one.run('sent', null, null, '2026-12-25T10:00:00.000Z', ids[4]); // day only
      one.run('rejected', JSON.stringify({ applicant: { kelDesa: 'Pejaten' } }), 'sku', '2026-12-26T01:00:00.000Z', ids[5]); // all at once
      db.prepare('DELETE FROM submissions WHERE id = ?').run(ids[6]);
      expect(tally(db)).toEqual(recount(db));
      db.close();
    } finally {
      tmp.cleanup();
    }
  });
});
