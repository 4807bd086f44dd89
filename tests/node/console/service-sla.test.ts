import { describe, expect, it } from 'vitest';
import { workingDaysBefore } from '../../../shared/domain/hub-workflow.js';
import { wibDay } from '../../../shared/domain/working-days.js';
import { BACKENDS } from '../hub/backends.js';
import { addStaff, calendar, catalogueService as service, loggedIn, rigEach, submission } from '../hub/seed.js';
import { rawSql, type Browser } from './browser.js';

const ktp = service('ktp-el-baru');
const kk = service('kk-baru');

/** What the SQL computes: the n-th working day after `day`, at 17:00 UTC (00:00 WIB the day after). */
const { dueAfter } = calendar();

interface Item {
  id: string;
  stateDueAt: string | null;
  breached: boolean;
  escalated: boolean;
  sla: { days: number; breached: boolean };
}

for (const backend of BACKENDS) {
  describe(`a service's own SLA at the hub (${backend.name})`, () => {
    const rigs = rigEach(backend);

    it('sets the due date per state, the breach flag and the escalation; bounded; a change applies from the next move, open requests keep their dates; audited', async () => {
      const r = await rigs();
      await addStaff(r, [['admin', 'admin', null], ['budi', 'officer', 'dukcapil'], ['hana', 'head', 'dukcapil']]);
      const admin = await loggedIn(r, 'admin');

      // Bounded: 1–365 working days, known states only; nothing is published.
      for (const sla of [{ states: { accepted: 0 } }, { states: { accepted: 366 } }, { overall: 1.5 }, { states: { done: 3 } }]) {
        const bad = await admin.call('POST', '/catalogue', { document: { services: [{ ...ktp, hubWorkflow: { sla } }] } });
        expect(bad.status).toBe(400);
        expect((bad.json['error'] as { errors: string[] }).errors.join('\n')).toMatch(/hubWorkflow\.sla/);
      }
      expect((await admin.call('GET', '/catalogue')).json['history']).toEqual([]);

      // KTP: diterima 7 working days (the hub's default is 2), overall 30 (its promise is 14); KK keeps the defaults.
      const own = { ...ktp, hubWorkflow: { sla: { states: { accepted: 7 }, overall: 30 } } };
      expect((await admin.call('POST', '/catalogue', { document: { services: [own, kk] } })).status).toBe(200);

      const [a, b] = [submission('ktp-el-baru'), submission('kk-baru')].map((s) => (r.importLines([s.line]), s.id)) as [string, string];
      await r.engine().runOnce();
      const budi = await loggedIn(r, 'budi');
      // One bulk move of two services: each gets its own service's days.
      expect((await budi.call('POST', '/moves', { ids: [a, b], move: 'accept' })).status).toBe(200);
      const today = wibDay(new Date().toISOString());
      const items = async (who: Browser, query = '') => new Map(((await who.call('GET', `/inbox${query}`)).json['items'] as Item[]).map((i) => [i.id, i]));
      let inbox = await items(budi);
      expect(inbox.get(a)!.stateDueAt).toBe(dueAfter(today, 7));
      expect(inbox.get(b)!.stateDueAt).toBe(dueAfter(today, 2));
      expect(inbox.get(a)!.sla.days).toBe(30);
      expect(inbox.get(b)!.sla.days).toBe(14);

      // Four working days in diterima: KK's 2 days are used up, KTP's 7 are not.
      const since = `${workingDaysBefore(today, 4)}T03:00:00.000Z`;
      await rawSql(r.target, `UPDATE submissions SET state_since = '${since}' WHERE id IN ('${a}', '${b}')`);
      inbox = await items(budi);
      expect([inbox.get(a)!.breached, inbox.get(b)!.breached]).toEqual([false, true]);
      expect([...(await items(budi, '?breached=1')).keys()]).toEqual([b]);
      const hana = await loggedIn(r, 'hana');
      const esc = (await hana.call('GET', '/escalations')).json['requests'] as { items: Item[] };
      expect(esc.items.map((i) => i.id)).toEqual([b]);

      // Received 20 working days ago: past KK's overall 14 (escalated to the head), within KTP's own 30.
      await rawSql(r.target, `UPDATE submissions SET received_at = '${workingDaysBefore(today, 20)}T03:00:00.000Z' WHERE id IN ('${a}', '${b}')`);
      inbox = await items(hana);
      expect([inbox.get(a)!.escalated, inbox.get(b)!.escalated]).toEqual([false, true]);
      expect(inbox.get(a)!.sla.breached).toBe(false);

      // The agency shortens KTP's diterima to 1 day: the open request keeps its date (not re-dated) ...
      const dueBefore = (await items(budi)).get(a)!.stateDueAt;
      const shorter = { ...ktp, hubWorkflow: { sla: { states: { accepted: 1, processing: 9 } } } };
      expect((await admin.call('POST', '/catalogue', { document: { services: [shorter, kk] } })).status).toBe(200);
      expect((await items(budi)).get(a)!.stateDueAt).toBe(dueBefore);
      // (under the new day it would be overdue: four working days in diterima)
      expect(dueBefore! > new Date().toISOString()).toBe(true);
      // Its overall SLA is 14 again, which its 20 working days since receipt are past: breached by that alone (hub migration 450).
      expect(new Set((await items(budi, '?breached=1')).keys())).toEqual(new Set([a, b]));
      // ... and its next moves get the new days (diterima again after perlu dilengkapi: 1 day), its overall is 14 again.
      expect((await budi.call('POST', '/moves', { ids: [a], move: 'incomplete', note: 'Fotokopi KK' })).status).toBe(200);
      expect((await items(budi)).get(a)!.stateDueAt).toBe(dueAfter(today, 10));
      expect((await budi.call('POST', '/moves', { ids: [a], move: 'resume' })).status).toBe(200);
      inbox = await items(budi);
      expect(inbox.get(a)!.stateDueAt).toBe(dueAfter(today, 1));
      expect(inbox.get(a)!.sla.days).toBe(14);
      expect(inbox.get(a)!.escalated).toBe(true);

      // Each change of a service's SLA is audited with the days before and after; KK's (unchanged) is not.
      const audit = ((await admin.call('GET', '/audit')).json['items'] as { action: string; subject: string; detail: { from: { states: Record<string, number>; overall: number }; to: { states: Record<string, number>; overall: number } } }[]).filter(
        (e) => e.action === 'service.sla',
      );
      expect(audit.map((e) => e.subject)).toEqual(['service:ktp-el-baru', 'service:ktp-el-baru']);
      const [second, first] = audit;
      expect([first!.detail.from.states['accepted'], first!.detail.to.states['accepted'], first!.detail.from.overall, first!.detail.to.overall]).toEqual([2, 7, 14, 30]);
      expect([second!.detail.to.states['accepted'], second!.detail.to.states['processing'], second!.detail.to.overall]).toEqual([1, 9, 14]);
    });
  });
}
