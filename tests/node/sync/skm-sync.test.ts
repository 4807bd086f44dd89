import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { HubClient } from '../../../main/sync/client.js';
import { deviceIdentity } from '../../../main/sync/keys.js';
import { BACKENDS } from '../hub/backends.js';
import { rig, type Rig } from './harness.js';

const W = (day: string, hour = 9): string => new Date(Date.parse(`${day}T00:00:00Z`) + (hour - 7) * 3600_000).toISOString();
const scores = (s: number[]) => Object.fromEntries(s.map((v, i) => [`u${i + 1}`, v])) as never;

for (const backend of BACKENDS) {
  describe(`SKM answer sheets kiosk → hub (${backend.name})`, () => {
    let r: Rig;
    afterEach(async () => r?.close());

    it('carries each sheet once (a re-send is a no-op) and the hub gives the IKM per office and service', async () => {
      r = await rig(backend);
      r.kiosk.kiosk.insertSkm({ id: randomUUID(), submissionId: null, serviceId: 'sktm', createdAt: W('2026-11-02'), scores: scores([4, 4, 3, 4, 3, 3, 4, 3, 3]) });
      r.kiosk.kiosk.insertSkm({ id: randomUUID(), submissionId: null, serviceId: 'sku', createdAt: W('2026-11-02', 23), scores: scores([3, 3, 3, 4, 3, 3, 3, 3, 2]) });
      r.kiosk.kiosk.insertSkm({ id: randomUUID(), submissionId: null, serviceId: 'sku', createdAt: W('2026-12-01'), scores: scores([1, 1, 1, 1, 1, 1, 1, 1, 1]) });
      expect(r.kiosk.kiosk.unsyncedSkmCount()).toBe(3);
      await r.engine().runOnce();
      expect(r.kiosk.kiosk.unsyncedSkmCount()).toBe(0);

      // The same sheets again, straight to the hub: every id answered as a duplicate, nothing stored twice.
      const client = new HubClient(r.hub.url, deviceIdentity(r.kiosk.deviceId, r.kiosk.sync));
      const again = r.kiosk.kiosk.unsyncedSkm(10);
      expect(again).toEqual([]);
      const sheet = { id: randomUUID(), submissionId: null, serviceId: 'sktm', u1: 2, u2: 2, u3: 2, u4: 2, u5: 2, u6: 2, u7: 2, u8: 2, u9: null, at: W('2026-11-03') };
      expect(await client.postSkm([sheet])).toEqual({ accepted: [sheet.id], duplicate: [] });
      expect(await client.postSkm([sheet])).toEqual({ accepted: [], duplicate: [sheet.id] });
      await expect(client.postSkm([{ ...sheet, u1: 5 }])).rejects.toMatchObject({ code: 'bad_request' });

      // November: (31 + 27) / 2 sheets, plus the direct one (16 over 8 unsur, u9 unanswered).
      const nov = await r.store.skm.ikm({ from: '2026-11-01', to: '2026-11-30' });
      expect(nov.overall.responses).toBe(3);
      expect(nov.overall.nrr.u1).toBe(3); // (4 + 3 + 2) / 3
      expect(nov.overall.nrr.u9).toBe(2.5); // (3 + 2) / 2: a skipped answer is not a zero
      expect(nov.byOffice).toHaveLength(1);
      expect(nov.byOffice[0]!.officeCode).toBeNull(); // this device published no letter key
      expect(nov.byOffice[0]!.byService.map((s) => [s.serviceId, s.responses])).toEqual([['sktm', 2], ['sku', 1]]);
      const day2 = await r.store.skm.ikm({ from: '2026-11-02', to: '2026-11-02' });
      expect(day2.overall.responses).toBe(2); // 23:00 WIB is still the 2nd
      expect(day2.overall.converted).toBe(80.56);
      expect(day2.overall.mutu).toBe('B');
      expect((await r.store.skm.ikm({ from: '2026-11-01', to: '2026-11-30' }, '36.04.05.2001')).overall.responses).toBe(0);
    });
  });
}
