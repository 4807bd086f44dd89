import { SKM_UNSUR } from '../../../shared/catalogue/skm.js';
import { ikmRow, type IkmRow, type Period, type UnsurSums } from '../../../shared/reports/reports.js';
import type { SkmAck, SkmSheet } from '../../../shared/sync/skm.js';
import type { HubBackend } from '../backend.js';
import type { SkmTotalsRow } from './rows.js';

/** One office's IKM, overall and per service (services by catalogue id: the console names them). */
export interface HubIkmOffice extends IkmRow {
  /** null: a device that has not published its office yet. */
  officeCode: string | null;
  byService: (IkmRow & { serviceId: string })[];
}
export interface HubIkmReport {
  period: Period;
  overall: IkmRow;
  byOffice: HubIkmOffice[];
}

/** The instant an office day (WIB, UTC+7) begins. */
const wibStart = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) - 7 * 3600_000).toISOString();
const dayAfter = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

interface Acc {
  responses: number;
  sums: UnsurSums;
}
const empty = (): Acc => ({ responses: 0, sums: Object.fromEntries(SKM_UNSUR.map((u) => [u, { sum: 0, count: 0 }])) as UnsurSums });
function add(a: Acc, r: SkmTotalsRow): void {
  a.responses += Number(r.responses);
  for (const u of SKM_UNSUR) {
    a.sums[u].sum += Number(r[`${u}_sum`]);
    a.sums[u].count += Number(r[`${u}_n`]);
  }
}
const byResponses = <T extends { responses: number }>(rows: T[], key: (r: T) => string): T[] =>
  rows.sort((x, y) => y.responses - x.responses || key(x).localeCompare(key(y)));

/** The hub's SKM answer sheets (hub migration 250): taking them in from devices, and the IKM per office and service. */
export function hubSkm(backend: HubBackend) {
  return {
    /** Each sheet stored at most once by id, in one transaction; every id answered (accepted or duplicate). */
    async accept(deviceId: string, items: readonly SkmSheet[], at: string): Promise<SkmAck> {
      return backend.transaction(async (q) => {
        const ack: SkmAck = { accepted: [], duplicate: [] };
        for (const s of items) {
          const row = { id: s.id, device_id: deviceId, submission_id: s.submissionId, service_id: s.serviceId, answered_at: s.at, u1: s.u1, u2: s.u2, u3: s.u3, u4: s.u4, u5: s.u5, u6: s.u6, u7: s.u7, u8: s.u8, u9: s.u9 };
          (await q.insertSkmAnswer(row, at) ? ack.accepted : ack.duplicate).push(s.id);
        }
        return ack;
      });
    },
    /** IKM per PermenPAN-RB 14/2017 for a period of office days: all offices, each office, each office's services. */
    async ikm(period: Period, officeCode?: string): Promise<HubIkmReport> {
      const [totals, offices] = await Promise.all([
        backend.run((q) => q.skmTotals(wibStart(period.from), wibStart(dayAfter(period.to)))),
        backend.run((q) => q.deviceOffices()),
      ]);
      const officeOf = new Map(offices.map((o) => [o.device_id, o.office_code]));
      const all = empty();
      const per = new Map<string | null, { office: Acc; services: Map<string, Acc> }>();
      for (const r of totals) {
        const office = officeOf.get(r.device_id) ?? null;
        if (officeCode !== undefined && office !== officeCode) continue;
        add(all, r);
        let o = per.get(office);
        if (!o) per.set(office, (o = { office: empty(), services: new Map() }));
        add(o.office, r);
        let s = o.services.get(r.service_id);
        if (!s) o.services.set(r.service_id, (s = empty()));
        add(s, r);
      }
      const byOffice = [...per.entries()].map(([code, o]) => ({
        officeCode: code,
        ...ikmRow(o.office.responses, o.office.sums),
        byService: byResponses([...o.services.entries()].map(([serviceId, a]) => ({ serviceId, ...ikmRow(a.responses, a.sums) })), (x) => x.serviceId),
      }));
      return { period, overall: ikmRow(all.responses, all.sums), byOffice: byResponses(byOffice, (x) => x.officeCode ?? '') };
    },
    /**
     * The IKM (converted, 25–100) per key over a period, for a dashboard's split: keyOf names the key of
     * a sheet's service and office, null to leave the sheet out. null when no sheet counts at all.
     */
    async ikmByKey(period: Period, keyOf: (serviceId: string, officeCode: string | null) => string | null): Promise<{ key: string; ikm: number; responses: number }[] | null> {
      const [totals, offices] = await Promise.all([
        backend.run((q) => q.skmTotals(wibStart(period.from), wibStart(dayAfter(period.to)))),
        backend.run((q) => q.deviceOffices()),
      ]);
      const officeOf = new Map(offices.map((o) => [o.device_id, o.office_code]));
      const per = new Map<string, Acc>();
      for (const r of totals) {
        const key = keyOf(r.service_id, officeOf.get(r.device_id) ?? null);
        if (key === null) continue;
        let a = per.get(key);
        if (!a) per.set(key, (a = empty()));
        add(a, r);
      }
      if (per.size === 0) return null;
      const rows = [...per.entries()].flatMap(([key, a]) => {
        const ikm = ikmRow(a.responses, a.sums).converted;
        return ikm === null ? [] : [{ key, ikm, responses: a.responses }];
      });
      return byResponses(rows, (x) => x.key);
    },
  };
}
export type HubSkm = ReturnType<typeof hubSkm>;
