import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { wibDay } from '../../../shared/domain/working-days.js';
import { BACKENDS } from '../hub/backends.js';
import { addStaff, letterKeyRow, loggedIn, rigEach } from '../hub/seed.js';
import { rawSql, type Browser } from './browser.js';

const sheet = (serviceId: string, answer: number, at: string) => ({
  id: randomUUID(),
  submissionId: null,
  serviceId,
  at,
  ...Object.fromEntries(['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9'].map((u) => [u, answer])),
});

for (const backend of BACKENDS) {
  describe(`console dashboards: the IKM from the kiosks' surveys (${backend.name})`, () => {
    const rigs = rigEach(backend);

    it('shows the IKM (25–100) per service, agency, kecamatan and desa for the period, an officer only their agency’s, none outside the period', async () => {
      const r = await rigs();
      await addStaff(r, [['admin', 'admin', null], ['budi', 'officer', 'dukcapil']]);
      await rawSql(r.target, letterKeyRow(backend, '36.04.05.2001', 'k-ikm', 'dev-ikm', '2026-01-01'));
      const now = new Date().toISOString();
      const old = new Date(Date.now() - 90 * 86_400_000).toISOString();
      // KTP: answers 4 and 3 (NRR 3.5 on every unsur: IKM 87.5); PBB (Bapenda): 2 (IKM 50); one KTP sheet long ago, outside the period.
      const ack = await r.store.skm.accept('dev-ikm', [sheet('ktp-el-baru', 4, now), sheet('ktp-el-baru', 3, now), sheet('pbb', 2, now), sheet('ktp-el-baru', 1, old)] as never, now);
      expect(ack.accepted).toHaveLength(4);

      const admin = await loggedIn(r, 'admin');
      const today = wibDay(now);
      const from = wibDay(new Date(Date.now() - 30 * 86_400_000).toISOString());
      const ikm = async (who: Browser, dim: string, f = from) => {
        const res = await who.call('GET', `/dashboard?dim=${dim}&from=${f}&to=${today}`);
        expect(res.status).toBe(200);
        return res.json['ikm'];
      };
      expect(await ikm(admin, 'service')).toEqual([
        { key: expect.stringMatching(/KTP/) as string, ikm: 87.5, responses: 2 },
        { key: expect.any(String) as string, ikm: 50, responses: 1 },
      ]);
      expect(await ikm(admin, 'agency')).toEqual([
        { key: 'dukcapil', ikm: 87.5, responses: 2 },
        { key: 'bapenda', ikm: 50, responses: 1 },
      ]);
      // Three sheets, NRR (4 + 3 + 2) / 3 = 3 on every unsur: IKM 75.
      expect(await ikm(admin, 'kecamatan')).toEqual([{ key: '36.04.05', ikm: 75, responses: 3 }]);
      expect(await ikm(admin, 'desa')).toEqual([{ key: '36.04.05.2001', ikm: 75, responses: 3 }]);
      // Over 100 days the old sheet counts too: (4 + 3 + 1) / 3 for KTP.
      const wide = (await ikm(admin, 'agency', wibDay(old))) as { key: string; ikm: number; responses: number }[];
      expect(wide.find((x) => x.key === 'dukcapil')).toEqual({ key: 'dukcapil', ikm: Math.round((8 / 3) * 25 * 100) / 100, responses: 3 });

      const budi = await loggedIn(r, 'budi');
      expect(await ikm(budi, 'agency')).toEqual([{ key: 'dukcapil', ikm: 87.5, responses: 2 }]);
      // No sheet in a period: null, as before any survey reached the hub.
      const yesterday = wibDay(new Date(Date.now() - 86_400_000).toISOString());
      const none = await admin.call('GET', `/dashboard?dim=service&from=${wibDay(new Date(Date.now() - 20 * 86_400_000).toISOString())}&to=${yesterday}`);
      expect(none.json['ikm']).toBeNull();
    });
  });
}
