import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { wibDay } from '../../../shared/domain/working-days.js';
import { BACKENDS } from '../hub/backends.js';
import { addStaff, loggedIn, rigEach, submission } from '../hub/seed.js';
import { rawSql } from './browser.js';

const complaint = (answers: Record<string, unknown>) => {
  const id = randomUUID();
  return { id, line: JSON.stringify({ id, serviceId: 'pengaduan', serviceVersion: 1, payload: { topik: 'infrastruktur', isi: 'Jalan desa rusak parah sejak Juli', ...answers } }) };
};
const request = (serviceId: string) => submission(serviceId);

for (const backend of BACKENDS) {
  describe(`console complaints, escalations and dashboards (${backend.name})`, () => {
    const rigs = rigEach(backend);

    it('a complaint goes verify → dispatch → follow-up, each step reaching the kiosk; callbacks listed with the phone; roles and notes checked; audited', async () => {
      const r = await rigs();
      await addStaff(r, [['admin', 'admin', null], ['pupr', 'officer', 'dinsos'], ['lain', 'officer', 'dukcapil']]);
      const call = complaint({ mauDihubungi: 'ya', noHp: '081234567890' });
      const quiet = complaint({ mauDihubungi: 'tidak' });
      const ktp = request('ktp-el-baru');
      r.importLines([call.line, quiet.line, ktp.line]);
      const engine = r.engine();
      await engine.runOnce();

      const admin = await loggedIn(r, 'admin');
      const list = await admin.call('GET', '/complaints');
      expect(list.status).toBe(200);
      const items = list.json['items'] as { id: string; state: string; callbackPhone: string | null; moves: { id: string }[] }[];
      // Only complaints, not the KTP request.
      expect(items.map((i) => i.id).sort()).toEqual([call.id, quiet.id].sort());
      expect(items.find((i) => i.id === call.id)).toMatchObject({ state: 'new', callbackPhone: '081234567890' });
      expect(items.find((i) => i.id === quiet.id)!.callbackPhone).toBeNull();
      expect(items[0]!.moves.map((m) => m.id)).toEqual(['verify', 'hold', 'not_authority', 'archive']);
      const callbacks = await admin.call('GET', '/complaints?callback=1');
      expect((callbacks.json['items'] as { id: string }[]).map((i) => i.id)).toEqual([call.id]);

      // Bad input: unknown move, a hold without a note, dispatch before verify, an unknown agency; nothing changes.
      expect((await admin.call('POST', `/complaints/${call.id}/move`, { move: 'explode' })).status).toBe(400);
      expect((await admin.call('POST', `/complaints/${call.id}/move`, { move: 'hold', note: '  ' })).status).toBe(400);
      expect((await admin.call('POST', `/complaints/${call.id}/move`, { move: 'dispatch', agencyId: 'dinsos' })).status).toBe(409);
      expect((await admin.call('POST', `/complaints/${ktp.id}/move`, { move: 'verify' })).status).toBe(404);
      expect((await admin.call('GET', '/complaints?state=bogus')).status).toBe(400);
      // An officer may not verify, and sees no complaint until one is dispatched to their agency.
      const pupr = await loggedIn(r, 'pupr');
      expect((await pupr.call('POST', `/complaints/${call.id}/move`, { move: 'verify' })).status).toBe(404);
      expect((await pupr.call('GET', '/complaints')).json['items']).toEqual([]);

      expect((await admin.call('POST', `/complaints/${call.id}/move`, { move: 'verify', note: null })).status).toBe(200);
      await engine.runOnce();
      expect(r.kiosk.submissions.history(call.id).at(-1)).toMatchObject({ status: 'verified', note: 'Pengaduan diverifikasi admin kabupaten.', source: 'hub' });
      expect((await admin.call('POST', `/complaints/${call.id}/move`, { move: 'dispatch', agencyId: 'tidak-ada' })).status).toBe(400);
      expect((await admin.call('POST', `/complaints/${call.id}/move`, { move: 'dispatch' })).status).toBe(400);
      expect((await admin.call('POST', `/complaints/${call.id}/move`, { move: 'dispatch', agencyId: 'dinsos', note: 'Mohon ditinjau' })).status).toBe(200);
      await engine.runOnce();
      expect(r.kiosk.submissions.history(call.id).at(-1)).toMatchObject({ status: 'processing', note: 'Pengaduan diteruskan ke Dinsos: Mohon ditinjau' });

      // The agency it went to follows it up; another agency cannot; the admin may not answer for the agency.
      const lain = await loggedIn(r, 'lain');
      expect((await lain.call('POST', `/complaints/${call.id}/move`, { move: 'follow_up', note: 'x' })).status).toBe(404);
      expect((await admin.call('POST', `/complaints/${call.id}/move`, { move: 'follow_up', note: 'x' })).status).toBe(403);
      const mine = await pupr.call('GET', '/complaints');
      expect((mine.json['items'] as { id: string; callbackPhone: string; moves: { id: string }[] }[]).map((i) => [i.id, i.callbackPhone, i.moves.map((m) => m.id)])).toEqual([[call.id, '081234567890', ['follow_up']]]);
      expect((await pupr.call('POST', `/complaints/${call.id}/move`, { move: 'follow_up', note: '' })).status).toBe(400);
      expect((await pupr.call('POST', `/complaints/${call.id}/move`, { move: 'follow_up', note: 'Jalan ditambal 3 Desember' })).status).toBe(200);
      await engine.runOnce();
      expect(r.kiosk.submissions.history(call.id).at(-1)).toMatchObject({ status: 'done', note: 'Tindak lanjut: Jalan ditambal 3 Desember' });
      expect((await pupr.call('POST', `/complaints/${call.id}/move`, { move: 'follow_up', note: 'lagi' })).status).toBe(409);

      // The other complaint is archived; the state filter finds each.
      expect((await admin.call('POST', `/complaints/${quiet.id}/move`, { move: 'archive', note: 'Masukan dicatat' })).status).toBe(200);
      const done = await admin.call('GET', '/complaints?state=followed_up,archived');
      expect((done.json['items'] as { state: string }[]).map((i) => i.state).sort()).toEqual(['archived', 'followed_up']);

      const audit = await admin.call('GET', '/audit');
      const actions = (audit.json['items'] as { action: string; actor: string }[]).map((a) => `${a.actor} ${a.action}`);
      for (const a of ['admin:admin complaints.view', 'admin:admin complaint.verify', 'admin:admin complaint.dispatch', 'officer:pupr complaint.follow_up', 'officer:pupr complaints.view']) expect(actions).toContain(a);
      expect(audit.json['chain']).toMatchObject({ ok: true });
    });

    it('breaches in working days are escalated to the head of unit; the dashboard counts a finished request and SLA met; office split is the admin’s', async () => {
      const r = await rigs();
      await addStaff(r, [['admin', 'admin', null], ['kepala', 'head', 'dukcapil'], ['budi', 'officer', 'dukcapil']]);
      const late = request('ktp-el-baru');
      const fresh = request('ktp-el-baru');
      const old = complaint({});
      r.importLines([late.line, fresh.line, old.line]);
      await r.engine().runOnce();
      // A month ago (many working days, whatever today is): both states' clocks ran out.
      const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString();
      await rawSql(r.target, `UPDATE submissions SET received_at = '${monthAgo}' WHERE id IN ('${late.id}', '${old.id}')`);

      const budi = await loggedIn(r, 'budi');
      expect((await budi.call('GET', '/escalations')).status).toBe(403);
      const head = await loggedIn(r, 'kepala');
      const esc = await head.call('GET', '/escalations');
      expect(esc.status).toBe(200);
      const reqs = (esc.json['requests'] as { items: { id: string; escalated: boolean }[] }).items;
      expect(reqs.map((i) => [i.id, i.escalated])).toEqual([[late.id, true]]);
      const admin = await loggedIn(r, 'admin');
      const adminEsc = await admin.call('GET', '/escalations');
      expect((adminEsc.json['complaints'] as { items: { id: string; breached: boolean }[] }).items.map((i) => [i.id, i.breached])).toEqual([[old.id, true]]);

      // Finish the fresh one through the workflow (officer + head), then the dashboard counts it, within its SLA.
      for (const [who, move, note] of [
        [budi, 'accept', null],
        [head, 'verify', null],
        [budi, 'process', null],
        [budi, 'finish', 'Ambil di loket Dukcapil, Senin 08.00'],
      ] as const) {
        expect((await who.call('POST', '/moves', { ids: [fresh.id], move, note })).status).toBe(200);
      }
      const today = wibDay(new Date().toISOString());
      const from = wibDay(new Date(Date.now() - 40 * 86_400_000).toISOString());
      const dash = await budi.call('GET', `/dashboard?dim=service&from=${from}&to=${today}`);
      expect(dash.status).toBe(200);
      const byKey = dash.json['byKey'] as { key: string; received: number; finished: number; inSla: number }[];
      // The officer sees Dukcapil's services only: two KTP requests received (the tally keeps the day they arrived), one finished in time.
      expect(byKey).toEqual([{ key: 'ktp-el-baru', label: expect.any(String) as string, received: 2, finished: 1, inSla: 1 }]);
      const days = dash.json['byDay'] as { day: string; finished: number }[];
      expect(days.find((d) => d.day === today)?.finished).toBe(1);
      const backlog = (dash.json['backlog'] as { rows: { key: string; buckets: number[] }[] }).rows;
      // One KTP request still open, received a month ago: the oldest bucket.
      expect(backlog).toEqual([{ key: 'ktp-el-baru', label: expect.any(String) as string, buckets: [0, 0, 0, 0, 1], total: 1 }]);
      expect(dash.json['ikm']).toBeNull();
      expect((await budi.call('GET', `/dashboard?dim=desa&from=${from}&to=${today}`)).status).toBe(403);
      expect((await budi.call('GET', `/dashboard?dim=service&from=${today}&to=${from}`)).status).toBe(400);
      const byAgency = await admin.call('GET', `/dashboard?dim=agency&from=${from}&to=${today}`);
      const agencies = byAgency.json['byKey'] as { key: string; received: number }[];
      expect(agencies.find((a) => a.key === 'dukcapil')?.received).toBe(2);
      expect(agencies.find((a) => a.key === 'pengaduan')?.received).toBe(1);
      const byDesa = await admin.call('GET', `/dashboard?dim=kecamatan&from=${from}&to=${today}`);
      expect((byDesa.json['byKey'] as { received: number }[]).reduce((n, k) => n + k.received, 0)).toBe(3);
    });
  });
}
