import { describe, expect, it } from 'vitest';
import { migrateHub } from '../../../main/hub/schema.js';
import type { NewSubmissionRow } from '../../../main/hub/backend.js';
import { BACKENDS } from './backends.js';
import { rowsBehindHub } from './rows-behind.js';
import { calendar, freshBackendEach, letterKeyRow } from './seed.js';

/**
 * Hub migration 440: the ingest's INSERT writes office_code, kecamatan and due_at itself, and the
 * trigger derives them only for rows written without them. Each record goes in twice: once by the
 * ingest (insertSubmissions), once as a row written by hand with status 'sent' at the same instant
 * (the trigger's path, as before 440). Both must hold exactly the same three columns.
 */
const { days, dueAfter } = calendar('2026-01-01', '2027-12-31');
const AT = '2026-12-04T16:30:00.000Z'; // 23:30 WIB on a Friday: the WIB day, not the UTC one, starts the clock.
const OUTSIDE = '2029-03-01T03:00:00.000Z'; // a day the calendar here does not hold: no deadline

// With its own days for 'sent' (3), without (the hub's 1), no service, a number, an object, a service unknown to the hub.
const SERVICES: unknown[] = ['ktp-el-baru', 'kk-baru', undefined, 7, { id: 'x' }, 'tidak-dikenal'];
const record = (id: string, service: unknown) => JSON.stringify({ id, ...(service === undefined ? {} : { serviceId: service }), serviceVersion: 1, payload: { nama: "O'Brien" } });
const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;
const byHand = (id: string, device: string, rec: string, status: string, at: string) =>
  `INSERT INTO submissions (id, device_id, batch_id, registration_no, record, hash, status, received_at, updated_at)
   VALUES (${sqlText(id)}, ${sqlText(device)}, 'hand', NULL, ${sqlText(rec)}, 'h', '${status}', '${at}', '${at}');`;

interface Derived {
  id: string;
  office_code: string | null;
  kecamatan: string | null;
  due_at: string | null;
}

for (const backend of BACKENDS) {
  describe(`hub migration 440: the ingest writes office, kecamatan and due_at as the trigger would (${backend.name})`, () => {
    const open = freshBackendEach(backend);

    it('every ingested row equals its hand-written twin: own SLA days or not, odd service ids, a device with two letter keys or none, a day outside the calendar; then moves and a later key agree too', async () => {
      const { b, target } = await open();
      expect(await migrateHub(b)).toContain(440);
      await b.transaction(async (q) => {
        await q.putCalendarDays(days);
        await q.replaceServiceStateSlas([
          { service_id: 'ktp-el-baru', status: 'sent', days: 3 },
          { service_id: 'ktp-el-baru', status: 'accepted', days: 7 },
        ]);
      });
      // dev-a has two offices' keys (the lower code is its office); dev-b has none.
      await b.run((q) =>
        q.execute(`
          ${letterKeyRow(backend, '36.04.05.2003', 'k1', 'dev-a', '2026-01-01')};
          ${letterKeyRow(backend, '36.04.05.2001', 'k2', 'dev-a', '2026-01-02')};
        `),
      );

      // 300 rows a batch (more than one statement's worth), the devices interleaved in runs.
      const cases: { id: string; device: string; rec: string; at: string }[] = [];
      for (const at of [AT, OUTSIDE]) {
        for (let i = 0; i < 300; i++) {
          const id = `${at === AT ? 'in' : 'out'}-${String(i).padStart(3, '0')}`;
          cases.push({ id, device: i % 50 < 30 ? 'dev-a' : 'dev-b', rec: record(id, SERVICES[i % SERVICES.length]), at });
        }
      }
      for (const at of [AT, OUTSIDE]) {
        const rows: NewSubmissionRow[] = cases
          .filter((c) => c.at === at)
          .map((c) => ({ id: c.id, device_id: c.device, batch_id: `batch-${at}`, registration_no: null, record: c.rec, hash: 'h' }));
        // An id held already, and one twice in the batch: inserted once, the first time.
        rows.splice(5, 0, { ...rows[0]! });
        const inserted = await b.transaction((q) => q.insertSubmissions(rows, at));
        expect(inserted).toEqual(rows.filter((_, i) => i !== 5).map((r) => r.id));
        expect(await b.transaction((q) => q.insertSubmissions(rows.slice(0, 3), at))).toEqual([]);
      }
      await b.run((q) => q.execute(cases.map((c) => byHand(`hand-${c.id}`, c.device, c.rec, 'sent', c.at)).join('\n')));

      const derived = async (): Promise<Map<string, Derived>> =>
        new Map((await rowsBehindHub<Derived>(target, 'SELECT id, office_code, kecamatan, due_at FROM submissions')).map((r) => [r.id, r]));
      const pairs = (m: Map<string, Derived>) =>
        cases.map((c) => {
          const { id: _i, ...ingest } = m.get(c.id)!;
          const { id: _h, ...hand } = m.get(`hand-${c.id}`)!;
          return { id: c.id, ingest, hand };
        });
      const agree = (m: Map<string, Derived>) => {
        for (const p of pairs(m)) expect(p.ingest, p.id).toEqual(p.hand);
      };
      const rows = await derived();
      agree(rows);
      // What the twins agree on is the rule: the lower office; KTP 3 working days, the rest the hub's 1; none outside the calendar.
      expect(rows.get('in-000')).toEqual({ id: 'in-000', office_code: '36.04.05.2001', kecamatan: '36.04.05', due_at: dueAfter('2026-12-04', 3) });
      expect(rows.get('in-001')!.due_at).toBe(dueAfter('2026-12-04', 1));
      expect(rows.get('in-002')!.due_at).toBe(dueAfter('2026-12-04', 1));
      expect(rows.get('in-030')).toEqual({ id: 'in-030', office_code: null, kecamatan: null, due_at: dueAfter('2026-12-04', 3) });
      expect(rows.get('out-000')).toEqual({ id: 'out-000', office_code: '36.04.05.2001', kecamatan: '36.04.05', due_at: null });
      expect(rows.get('out-030')).toEqual({ id: 'out-030', office_code: null, kecamatan: null, due_at: null });

      // Other write paths still derive: a row written by hand in a final state or an open one, moves (as the console
      // writes them) into an open state and into final ones, and a letter key dev-b publishes later.
      await b.run((q) =>
        q.execute(`
          ${byHand('hand-done', 'dev-a', record('hand-done', 'kk-baru'), 'done', AT)}
          ${byHand('hand-proc', 'dev-b', record('hand-proc', 'ktp-el-baru'), 'processing', AT)}
          UPDATE submissions SET status = 'accepted', state_since = '2026-12-07T02:00:00.000Z' WHERE id IN ('in-000', 'hand-in-000', 'in-031', 'hand-in-031');
          UPDATE submissions SET status = 'done', state_since = '2026-12-07T02:00:00.000Z' WHERE id IN ('in-001', 'hand-in-001');
          UPDATE submissions SET status = 'rejected', state_since = '2026-12-07T02:00:00.000Z' WHERE id IN ('in-032', 'hand-in-032');
          ${letterKeyRow(backend, '36.04.07.2002', 'k3', 'dev-b', '2026-12-05')};
        `),
      );
      const after = await derived();
      agree(after);
      expect(after.get('hand-done')).toEqual({ id: 'hand-done', office_code: '36.04.05.2001', kecamatan: '36.04.05', due_at: null });
      expect(after.get('hand-proc')).toEqual({ id: 'hand-proc', office_code: '36.04.07.2002', kecamatan: '36.04.07', due_at: dueAfter('2026-12-04', 5) });
      expect(after.get('in-000')!.due_at).toBe(dueAfter('2026-12-07', 7));
      expect(after.get('in-031')).toEqual({ id: 'in-031', office_code: '36.04.07.2002', kecamatan: '36.04.07', due_at: dueAfter('2026-12-07', 2) });
      expect([after.get('in-001')!.due_at, after.get('in-032')!.due_at]).toEqual([null, null]);
      expect(after.get('in-030')!.office_code).toBe('36.04.07.2002');
    });
  });
}
