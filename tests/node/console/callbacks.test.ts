import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { migrateHub } from '../../../main/hub/schema.js';
import { callbackPhone } from '../../../shared/domain/complaint-workflow.js';
import { BACKENDS } from '../hub/backends.js';
import type { Browser } from './browser.js';
import { rowsBehindHub } from '../hub/rows-behind.js';
import { addStaff, freshBackendEach, loggedIn, rigEach } from '../hub/seed.js';


/** Payloads at the edges of the callback rule: SQL (hub migration 430) must say what callbackPhone says of each. */
const EDGES: unknown[] = [
  { answers: { mauDihubungi: 'ya', noHp: '081234567890' } },
  { answers: { mauDihubungi: 'ya', noHp: '  0812 3456-7890  ' } },
  { answers: { mauDihubungi: true, noHp: '+6281234567890' } },
  { mauDihubungi: 'ya', noHp: '081234567890' },
  { answers: { mauDihubungi: 'ya', noHp: null, telepon: '0254 123456' } },
  { answers: { mauDihubungi: 'ya', phone: '0254-123456' } },
  { answers: { mauDihubungi: 'ya', noHp: 81234567890, telepon: '081234567890' } },
  { answers: { mauDihubungi: 'ya', noHp: '', telepon: '081234567890' } },
  { answers: { mauDihubungi: 'Ya', noHp: '081234567890' } },
  { answers: { mauDihubungi: 'tidak', noHp: '081234567890' } },
  { answers: { mauDihubungi: 1, noHp: '081234567890' } },
  { answers: { mauDihubungi: 'ya', noHp: '<script>' } },
  { answers: { mauDihubungi: 'ya', noHp: '12345' } },
  { answers: { mauDihubungi: 'ya', noHp: '123456' } },
  { answers: { mauDihubungi: 'ya', noHp: '1234567890123456789012' } },
  { answers: { mauDihubungi: 'ya', noHp: '123456789012345678901' } },
  { answers: { mauDihubungi: 'ya', noHp: '-81234567' } },
  { answers: { mauDihubungi: 'ya', noHp: '0812\t3456789' } },
  { answers: { mauDihubungi: 'ya', noHp: '0812345678x' } },
  { answers: { mauDihubungi: 'ya', noHp: '٠٨١٢٣٤٥٦٧٨' } },
  { answers: 'ya', mauDihubungi: 'ya', noHp: '081234567890' },
  { answers: [], mauDihubungi: 'ya', noHp: '081234567890' },
  { answers: null, mauDihubungi: 'ya', noHp: '081234567890' },
  { answers: {}, mauDihubungi: 'ya', noHp: '081234567890' },
  [{ mauDihubungi: 'ya', noHp: '081234567890' }],
  'ya',
  null,
  { answers: { mauDihubungi: 'ya', noHp: { n: '081234567890' } } },
];

const complaintLine = (payload: Record<string, unknown>) => {
  const id = randomUUID();
  return { id, line: JSON.stringify({ id, serviceId: 'pengaduan', serviceVersion: 1, payload: { topik: 'infrastruktur', isi: 'Lampu jalan mati sejak bulan lalu', ...payload } }) };
};

for (const backend of BACKENDS) {
  describe(`complaints: callback requests filtered by the query, on an index (${backend.name})`, () => {
    const open = freshBackendEach(backend);
    const rigs = rigEach(backend);

    it('the SQL rule agrees with callbackPhone on every edge case, and the filtered list reads the partial index', async () => {
      const { b, target } = await open();
      await migrateHub(b);
      const values = EDGES.map((payload, i) => {
        const record = JSON.stringify({ id: `e-${i}`, serviceId: 'pengaduan', serviceVersion: 1, payload }).replace(/'/g, "''");
        return `('e-${i}', 'dev-a', 'b', NULL, '${record}', 'h', 'sent', '2026-11-20T03:00:00.000Z', '2026-11-20T03:00:00.000Z', NULL)`;
      });
      await b.run((q) =>
        q.execute(`INSERT INTO submissions (id, device_id, batch_id, registration_no, record, hash, status, received_at, updated_at, state_since) VALUES ${values.join(',\n')};`),
      );
      const column = backend.name === 'sqlite' ? 'callback_phone' : 'hub_callback_phone(record)';
      const got = new Map((await rowsBehindHub<{ id: string; phone: string | null }>(target, `SELECT id, ${column} AS phone FROM submissions`)).map((x) => [x.id, x.phone]));
      const expected = EDGES.map((p, i) => [`e-${i}`, callbackPhone(p)]);
      expect(EDGES.map((_, i) => [`e-${i}`, got.get(`e-${i}`)])).toEqual(expected);
      // The cases say something: some have a number, most do not.
      expect(expected.filter(([, p]) => p !== null)).toHaveLength(10);
      // The one known difference (hub migration 430): the key spelt with a JSON escape, which no kiosk writes, is not seen by SQL.
      const escaped = '{"id":"esc","serviceId":"pengaduan","serviceVersion":1,"payload":{"answers":{"mau\\u0044ihubungi":"ya","noHp":"081234567890"}}}';
      expect(callbackPhone((JSON.parse(escaped) as { payload: unknown }).payload)).toBe('081234567890');
      await b.run((q) =>
        q.execute(`INSERT INTO submissions (id, device_id, batch_id, registration_no, record, hash, status, received_at, updated_at, state_since) VALUES ('esc', 'dev-a', 'b', NULL, '${escaped}', 'h', 'sent', '2026-11-20T03:00:00.000Z', '2026-11-20T03:00:00.000Z', NULL);`),
      );
      expect(await rowsBehindHub(target, `SELECT ${column} AS phone FROM submissions WHERE id = 'esc'`)).toEqual([{ phone: null }]);

      // Many complaints without a callback (and other requests), as at a hub in use: the page reads the callbacks' partial index in order.
      const filler = Array.from({ length: 3000 }, (_, i) => {
        const service = i % 3 ? 'ktp-el-baru' : 'pengaduan';
        const record = JSON.stringify({ id: `f-${i}`, serviceId: service, serviceVersion: 1, payload: { answers: { mauDihubungi: 'tidak' } } });
        return `('f-${i}', 'dev-a', 'b', NULL, '${record}', 'h', 'sent', '2026-11-${String(1 + (i % 28)).padStart(2, '0')}T03:00:00.000Z', '2026-11-20T03:00:00.000Z', NULL)`;
      });
      await b.run((q) =>
        q.execute(`INSERT INTO submissions (id, device_id, batch_id, registration_no, record, hash, status, received_at, updated_at, state_since) VALUES ${filler.join(',\n')}; ANALYZE;`),
      );
      const sql = `SELECT s.id FROM submissions s LEFT JOIN complaints c ON c.submission_id = s.id
        WHERE s.service_id IN ('pengaduan') AND ${backend.name === 'sqlite' ? 's.callback_phone' : 'hub_callback_phone(s.record)'} IS NOT NULL ORDER BY s.received_at, s.id LIMIT 25`;
      const plan = (await rowsBehindHub<Record<string, string>>(target, backend.name === 'sqlite' ? `EXPLAIN QUERY PLAN ${sql}` : `EXPLAIN ${sql}`))
        .map((x) => x['detail'] ?? x['QUERY PLAN'])
        .join('\n');
      expect(plan).toMatch(/submissions_callbacks/);
      expect(plan).not.toMatch(/Seq Scan on submissions|SCAN s$/m);
      // On PostgreSQL the capped count reads that index alone, the service included (hub migration 450), not a row of the
      // table per callback (SQLite reads the rows: it never counts VIRTUAL columns as covered, migration-450.ts).
      const count = `SELECT count(*) AS n FROM (SELECT 1 FROM submissions s LEFT JOIN complaints c ON c.submission_id = s.id
        WHERE s.service_id IN ('pengaduan', 'kritik-saran') AND ${backend.name === 'sqlite' ? 's.callback_phone' : 'hub_callback_phone(s.record)'} IS NOT NULL LIMIT 10001) x`;
      const countPlan = (await rowsBehindHub<Record<string, string>>(target, backend.name === 'sqlite' ? `EXPLAIN QUERY PLAN ${count}` : `EXPLAIN ${count}`))
        .map((x) => x['detail'] ?? x['QUERY PLAN'])
        .join('\n');
      expect(countPlan).toMatch(backend.name === 'sqlite' ? /USING INDEX submissions_callbacks / : /Index Only Scan using submissions_callbacks_by_received/);
      expect(Number((await rowsBehindHub<{ n: number | string }>(target, count))[0]!.n)).toBe(expected.filter(([, p]) => p !== null).length);
    });

    it('more callbacks than a page: every one listed once across pages, pages full, the phone shown to the agency it was dispatched to, none of another agency’s; audited', async () => {
      const r = await rigs();
      await addStaff(r, [['admin', 'admin', null], ['dinsos1', 'officer', 'dinsos'], ['capil1', 'officer', 'dukcapil']]);
      // 13 callbacks among 30 complaints, interleaved so a client-side filter of a page of 5 would come up short.
      const all = Array.from({ length: 30 }, (_, i) =>
        i % 7 === 3 || i % 2 === 0
          ? { ...complaintLine({ answers: { mauDihubungi: 'ya', noHp: `08123456${String(1000 + i)}` } }), phone: `08123456${String(1000 + i)}` }
          : { ...complaintLine({ answers: { mauDihubungi: i % 3 ? 'tidak' : 'ya', noHp: i % 3 ? '081299990000' : 'bukan nomor' } }), phone: null },
      );
      const callbacks = all.filter((x) => x.phone !== null);
      expect(callbacks.length).toBeGreaterThan(12);
      r.importLines(all.map((x) => x.line));
      await r.engine().runOnce();

      const pages = async (who: Browser, size: number) => {
        const seen: { id: string; callbackPhone: string | null }[] = [];
        let total = -1;
        for (let page = 1; page < 20; page++) {
          const res = await who.call('GET', `/complaints?callback=1&page=${page}&pageSize=${size}`);
          expect(res.status).toBe(200);
          const items = res.json['items'] as { id: string; callbackPhone: string | null }[];
          total = res.json['total'] as number;
          if (items.length === 0) break;
          // Every page but the last is full.
          if (seen.length + items.length < total) expect(items).toHaveLength(size);
          seen.push(...items);
        }
        return { seen, total };
      };

      const admin = await loggedIn(r, 'admin');
      const byAdmin = await pages(admin, 5);
      expect(byAdmin.total).toBe(callbacks.length);
      expect(byAdmin.seen.map((i) => i.id)).toHaveLength(new Set(byAdmin.seen.map((i) => i.id)).size);
      expect(new Map(byAdmin.seen.map((i) => [i.id, i.callbackPhone]))).toEqual(new Map(callbacks.map((x) => [x.id, x.phone])));
      // Without the filter the list holds every complaint.
      expect((await admin.call('GET', '/complaints?pageSize=100')).json['total']).toBe(all.length);

      // 7 callbacks (and 2 complaints without one) go to Dinsos, 3 callbacks to Dukcapil.
      const toDinsos = [...callbacks.slice(0, 7), ...all.filter((x) => x.phone === null).slice(0, 2)];
      const toCapil = callbacks.slice(7, 10);
      for (const [list, agencyId] of [
        [toDinsos, 'dinsos'],
        [toCapil, 'dukcapil'],
      ] as const) {
        for (const x of list) {
          expect((await admin.call('POST', `/complaints/${x.id}/move`, { move: 'verify' })).status).toBe(200);
          expect((await admin.call('POST', `/complaints/${x.id}/move`, { move: 'dispatch', agencyId })).status).toBe(200);
        }
      }
      const dinsos = await loggedIn(r, 'dinsos1');
      const mine = await pages(dinsos, 3);
      expect(mine.total).toBe(7);
      expect(new Map(mine.seen.map((i) => [i.id, i.callbackPhone]))).toEqual(new Map(callbacks.slice(0, 7).map((x) => [x.id, x.phone])));
      expect(mine.seen).toHaveLength(7);
      for (const x of toCapil) expect(mine.seen.map((i) => i.id)).not.toContain(x.id);
      // Dinsos sees its two others without the filter; Dukcapil sees only its three.
      expect((await dinsos.call('GET', '/complaints?pageSize=100')).json['total']).toBe(9);
      const capil = await loggedIn(r, 'capil1');
      expect(new Set((await pages(capil, 2)).seen.map((i) => i.id))).toEqual(new Set(toCapil.map((x) => x.id)));

      // Each listing with phone numbers on the screen is audited as a view of personal data, naming whose.
      const audit = (await admin.call('GET', '/audit')).json['items'] as { actor: string; action: string; detail: { ids: string[]; phoneShown: string[] } | null }[];
      const views = audit.filter((a) => a.actor === 'officer:dinsos1' && a.action === 'complaints.view');
      expect(new Set(views.flatMap((v) => v.detail!.phoneShown))).toEqual(new Set(callbacks.slice(0, 7).map((x) => x.id)));
    });
  });
}
