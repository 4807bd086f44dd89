import { describe, expect, it } from 'vitest';
import { workingDaysBefore } from '../../../shared/domain/hub-workflow.js';
import { wibDay } from '../../../shared/domain/working-days.js';
import { BACKENDS } from '../hub/backends.js';
import { addStaff, catalogueService, loggedIn, rigEach, submission } from '../hub/seed.js';
import { rawSql, type Browser } from './browser.js';

const kk = catalogueService('kk-baru');

interface Item {
  id: string;
  officeCode: string | null;
  stateDueAt: string | null;
  breached: boolean;
  escalated: boolean;
}
interface Page {
  items: Item[];
  total: number;
}

for (const backend of BACKENDS) {
  describe(`the overall SLA in the breached filter and the escalations (${backend.name})`, () => {
    const rigs = rigEach(backend);

    it('lists a request past its overall SLA but within its state’s on Eskalasi and under breached=1, counted; a longer overall SLA or a final state takes it off', async () => {
      const r = await rigs();
      await addStaff(r, [['admin', 'admin', null], ['budi', 'officer', 'dukcapil'], ['hana', 'head', 'dukcapil']]);
      const [admin, budi, hana] = [await loggedIn(r, 'admin'), await loggedIn(r, 'budi'), await loggedIn(r, 'hana')];

      const [late, fresh] = [submission('kk-baru'), submission('kk-baru')].map((s) => (r.importLines([s.line]), s.id)) as [string, string];
      await r.engine().runOnce();
      // Both accepted today: diterima's 2 working days are not used up.
      expect((await budi.call('POST', '/moves', { ids: [late, fresh], move: 'accept' })).status).toBe(200);
      // One was received 20 working days ago: past KK's overall 14 (its catalogue promise), still within its state's SLA.
      const today = wibDay(new Date().toISOString());
      await rawSql(r.target, `UPDATE submissions SET received_at = '${workingDaysBefore(today, 20)}T03:00:00.000Z' WHERE id = '${late}'`);

      const page = async (who: Browser, path: string) => (await who.call('GET', path)).json as unknown as Page;
      const all = new Map((await page(budi, '/inbox')).items.map((i) => [i.id, i]));
      expect(all.get(late)!.stateDueAt! > new Date().toISOString()).toBe(true);
      expect([all.get(late)!.escalated, all.get(late)!.breached, all.get(fresh)!.breached]).toEqual([true, true, false]);

      // The breached filter, its count and the escalations list it (the head of unit's and the admin's).
      const breached = await page(budi, '/inbox?breached=1');
      expect([breached.items.map((i) => i.id), breached.total]).toEqual([[late], 1]);
      const kecamatan = all.get(late)!.officeCode?.slice(0, 8);
      if (kecamatan) expect((await page(admin, `/inbox?breached=1&office=${kecamatan}`)).items.map((i) => i.id)).toEqual([late]);
      for (const who of [hana, admin]) {
        const esc = (await who.call('GET', '/escalations')).json['requests'] as Page;
        expect([esc.items.map((i) => i.id), esc.total]).toEqual([[late], 1]);
        expect(esc.items[0]!.escalated).toBe(true);
      }

      // KK's overall SLA at the hub becomes 30 working days: its open requests are re-dated, the late one is within it.
      expect((await admin.call('POST', '/catalogue', { document: { services: [{ ...kk, hubWorkflow: { sla: { overall: 30 } } }] } })).status).toBe(200);
      expect((await page(budi, '/inbox?breached=1')).total).toBe(0);
      expect(((await hana.call('GET', '/escalations')).json['requests'] as Page).items).toEqual([]);
      // Back to 14: listed again; then finished, it is off every list (a final state has no deadline).
      expect((await admin.call('POST', '/catalogue', { document: { services: [kk] } })).status).toBe(200);
      expect((await page(budi, '/inbox?breached=1')).items.map((i) => i.id)).toEqual([late]);
      await rawSql(r.target, `UPDATE submissions SET status = 'done', state_since = '${new Date().toISOString()}' WHERE id = '${late}'`);
      expect((await page(budi, '/inbox?breached=1')).total).toBe(0);
      expect(((await hana.call('GET', '/escalations')).json['requests'] as Page).total).toBe(0);
    });
  });
}
