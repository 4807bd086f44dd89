import { afterEach, describe, expect, it } from 'vitest';
import { workingDayNumbers } from '../../../main/hub/console/dashboard.js';
import { openHubBackend } from '../../../main/hub/open.js';
import { createHubStore } from '../../../main/hub/rules.js';
import { migrateHub } from '../../../main/hub/schema.js';
import type { HubBackend } from '../../../main/hub/backend.js';
import type { IncomingRecord } from '../../../main/hub/store.js';
import { BACKENDS } from './backends.js';
import { rowsBehindHub } from './rows-behind.js';

/**
 * Hub migration 460: the SQLite ingest adds a batch's rows to hub_tally and hub_open_tally in one grouped upsert
 * each, the row triggers skipped for its INSERTs only. Two hubs hold the same rows: one by the ingest
 * (store.commitBatch: several devices and offices, services, WIB days, duplicates, conflicts and refused records),
 * one written by hand (the triggers' path). Their tallies must be exactly equal, before and after other writes.
 */
const days = workingDayNumbers('2026-01-01', '2027-12-31');
// 00:30 WIB on 5 December (still the 4th in UTC), a Monday morning, and a day later.
const INSTANTS = ['2026-12-04T17:30:00.000Z', '2026-12-07T02:00:00.000Z', '2026-12-08T09:15:00.000Z'];
const SERVICES: unknown[] = ['ktp-el-baru', 'kk-baru', undefined, 7, 'pengaduan'];
const text = (id: string, service: unknown) => JSON.stringify({ id, ...(service === undefined ? {} : { serviceId: service }), serviceVersion: 1, payload: { nama: "O'Brien" } });
const rec = (id: string, service: unknown, registrationNo: string | null = null, hash = `h-${id}`): IncomingRecord => ({ id, text: text(id, service), hash, registrationNo });
const sqlText = (s: string | null) => (s === null ? 'NULL' : `'${s.replace(/'/g, "''")}'`);

interface Row {
  id: string;
  device_id: string;
  batch_id: string;
  registration_no: string | null;
  record: string;
  hash: string;
  status: string;
  received_at: string;
  updated_at: string;
}

const TALLY = 'SELECT dim, day, key, received, finished, in_sla FROM hub_tally ORDER BY dim, day, key';
const OPEN = 'SELECT service_id, day, n FROM hub_open_tally ORDER BY service_id, day';

for (const backend of BACKENDS) {
  const key = backend.name === 'sqlite' ? "X'00'" : "'\\x00'::bytea";
  describe(`hub migration 460: the ingest's grouped tallies equal the row triggers' (${backend.name})`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0)) await c();
    });
    const hub = async (): Promise<{ b: HubBackend; target: string }> => {
      const fresh = await backend.fresh();
      const b = openHubBackend(fresh.target);
      cleanups.push(async () => (await b.close(), await fresh.cleanup()));
      expect(await migrateHub(b)).toContain(460);
      await b.transaction(async (q) => {
        await q.putCalendarDays(days);
        await q.putServiceSlas([{ service_id: 'ktp-el-baru', days: 3 }]);
      });
      // dev-a has two offices' keys (the lower code is its office), dev-c another office, dev-b none ('?').
      await b.run((q) =>
        q.execute(`
          INSERT INTO letter_keys (office_code, key_id, device_id, public_key, published_at) VALUES ('36.04.05.2003', 'k1', 'dev-a', ${key}, '2026-01-01');
          INSERT INTO letter_keys (office_code, key_id, device_id, public_key, published_at) VALUES ('36.04.05.2001', 'k2', 'dev-a', ${key}, '2026-01-02');
          INSERT INTO letter_keys (office_code, key_id, device_id, public_key, published_at) VALUES ('36.04.07.2002', 'k3', 'dev-c', ${key}, '2026-01-03');
        `),
      );
      return { b, target: fresh.target };
    };

    it('several devices, offices, services and days, with duplicates, conflicts and refused records: the same tallies; other writes still tally by trigger', async () => {
      const ingest = await hub();
      const hand = await hub();
      const store = createHubStore(ingest.b);
      let n = 0;
      for (const [d, at] of INSTANTS.entries()) {
        for (const device of ['dev-a', 'dev-b', 'dev-c']) {
          const records: IncomingRecord[] = [];
          // 300 a batch: more than one INSERT statement's worth (128 rows at most).
          for (let i = 0; i < 300; i++) records.push(rec(`${device}-${d}-${i}`, SERVICES[(i + d) % SERVICES.length], i % 7 === 0 ? `REG-${device}-${d}-${i}` : null));
          records.splice(10, 0, { ...records[0]! }); // twice in the batch: once inserted, then a duplicate
          if (d > 0) {
            records.push(rec(`${device}-0-1`, SERVICES[1])); // held since an earlier batch, the same record: a duplicate
            records.push(rec(`${device}-0-2`, SERVICES[2], null, 'other')); // held, another record under its id: rejected
            records.push(rec(`${device}-${d}-reg`, 'kk-baru', `REG-${device}-0-0`)); // another's registration number: refused
          }
          const ack = await store.commitBatch({ batchId: `b-${n++}`, deviceId: device, digest: 'd', records, invalid: [{ id: `bad-${n}`, reason: 'not a JSON object' }], at, forwardTo: [] });
          expect(ack.accepted).toHaveLength(300);
          expect(ack.duplicate).toHaveLength(d > 0 ? 2 : 1);
          expect(ack.rejected).toHaveLength(d > 0 ? 3 : 1);
        }
      }
      // The flag is the ingest's own, inside its transaction: nothing of it is left.
      expect(backend.name === 'sqlite' ? await rowsBehindHub(ingest.target, 'SELECT * FROM hub_ingest_tallying') : []).toEqual([]);

      // The same rows on the other hub, by hand: every row trigger fires.
      const rows = await rowsBehindHub<Row>(ingest.target, 'SELECT id, device_id, batch_id, registration_no, record, hash, status, received_at, updated_at FROM submissions ORDER BY received_at, id');
      expect(rows).toHaveLength(2700);
      const insertSql = (r: Row) =>
        `INSERT INTO submissions (id, device_id, batch_id, registration_no, record, hash, status, received_at, updated_at) VALUES (${[r.id, r.device_id, r.batch_id, r.registration_no, r.record, r.hash, r.status, r.received_at, r.updated_at].map(sqlText).join(', ')});`;
      await hand.b.run((q) => q.execute(rows.map(insertSql).join('\n')));

      const both = async (sql: string) => Promise.all([rowsBehindHub<Record<string, unknown>>(ingest.target, sql), rowsBehindHub<Record<string, unknown>>(hand.target, sql)]);
      const agree = async () => {
        for (const sql of [TALLY, OPEN]) {
          const [a, h] = await both(sql);
          expect(a.length).toBeGreaterThan(0);
          expect(a.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' || typeof v === 'string' ? String(v) : v)))).toEqual(
            h.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' || typeof v === 'string' ? String(v) : v))),
          );
        }
      };
      await agree();
      // What they agree on is the rule: 00:30 WIB on 5 December counts on the 5th; dev-a's office is the lower code; dev-b's '?'.
      const [tally] = await both(TALLY);
      const received = (dim: string, day: string, k: string) => Number(tally.find((r) => r['dim'] === dim && r['day'] === day && r['key'] === k)?.['received'] ?? 0);
      expect(received('office', '2026-12-05', '36.04.05.2001')).toBe(300);
      expect(received('office', '2026-12-05', '?')).toBe(300);
      expect(received('office', '2026-12-07', '36.04.07.2002')).toBe(300);
      expect(received('service', '2026-12-05', 'ktp-el-baru')).toBe(180);
      expect(received('service', '2026-12-05', '?')).toBe(180);

      // Other write paths tally by trigger on the ingest's hub as ever: moves (finished, reopened) and a row written by hand.
      const later = `
        UPDATE submissions SET status = 'processing' WHERE id IN ('dev-a-0-3', 'dev-b-1-4');
        UPDATE submissions SET status = 'done', updated_at = '2026-12-09T03:00:00.000Z' WHERE id IN ('dev-a-0-5', 'dev-c-2-6', 'dev-b-0-7');
        UPDATE submissions SET status = 'rejected', updated_at = '2026-12-09T03:00:00.000Z' WHERE id = 'dev-c-0-8';
        ${insertSql({ id: 'hand-1', device_id: 'dev-c', batch_id: 'hand', registration_no: null, record: text('hand-1', 'kk-baru'), hash: 'h', status: 'sent', received_at: INSTANTS[2]!, updated_at: INSTANTS[2]! })}
      `;
      await ingest.b.run((q) => q.execute(later));
      await hand.b.run((q) => q.execute(later));
      await agree();
      const [open] = await both(OPEN);
      expect(open.reduce((s, r) => s + Number(r['n']), 0)).toBe(2700 + 1 - 4);
    });
  });
}
