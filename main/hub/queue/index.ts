import type { Period } from '../../../shared/reports/reports.js';
import type { QueueTicketAck, QueueTicketSync } from '../../../shared/sync/queue.js';
import type { HubBackend } from '../backend.js';
import type { HubQueueTicketRow, QueueTallyDelta, QueueTallyRow } from './rows.js';

/** Tickets and their times over some office days: counts, and mean waiting and serving time. */
export interface HubQueueTotals {
  issued: number;
  /** Tickets called at least once. */
  called: number;
  done: number;
  noShow: number;
  cancelled: number;
  /** Mean of the waits ended by a call, seconds (null: none). */
  waitMeanS: number | null;
  /** Mean of the services ended, seconds (null: none). */
  serveMeanS: number | null;
}
export interface HubQueueOffice extends HubQueueTotals {
  /** null: a device that has not published its office yet. */
  officeCode: string | null;
  byDay: (HubQueueTotals & { day: string })[];
}
export interface HubQueueReport {
  period: Period;
  overall: HubQueueTotals;
  byOffice: HubQueueOffice[];
}

const FIELDS = ['issued', 'called', 'done', 'no_show', 'cancelled', 'wait_s', 'waits', 'serve_s', 'serves'] as const;
const zero = (): QueueTallyDelta => ({ issued: 0, called: 0, done: 0, no_show: 0, cancelled: 0, wait_s: 0, waits: 0, serve_s: 0, serves: 0 });

/** What one ticket counts for in its day. */
function contribution(t: HubQueueTicketRow | null): QueueTallyDelta {
  if (!t) return zero();
  return {
    issued: 1,
    called: t.calls > 0 ? 1 : 0,
    done: t.state === 'done' ? 1 : 0,
    no_show: t.state === 'no_show' ? 1 : 0,
    cancelled: t.state === 'cancelled' ? 1 : 0,
    wait_s: t.wait_s,
    waits: t.waits,
    serve_s: t.serve_s,
    serves: t.serves,
  };
}
function minus(a: QueueTallyDelta, b: QueueTallyDelta): QueueTallyDelta {
  const d = zero();
  for (const f of FIELDS) d[f] = a[f] - b[f];
  return d;
}
function add(into: QueueTallyDelta, r: QueueTallyDelta): void {
  for (const f of FIELDS) into[f] += Number(r[f]);
}
const mean = (sum: number, n: number): number | null => (n === 0 ? null : Math.round(sum / n));
const totals = (a: QueueTallyDelta): HubQueueTotals => ({
  issued: a.issued,
  called: a.called,
  done: a.done,
  noShow: a.no_show,
  cancelled: a.cancelled,
  waitMeanS: mean(a.wait_s, a.waits),
  serveMeanS: mean(a.serve_s, a.serves),
});

function toRow(deviceId: string, t: QueueTicketSync): HubQueueTicketRow {
  return {
    id: t.id,
    device_id: deviceId,
    day: t.day,
    grp: t.group,
    number: t.number,
    queue_grp: t.queueGroup,
    lane: t.lane,
    state: t.state,
    source: t.source,
    submission_id: t.submissionId,
    counter: t.counter,
    calls: t.calls,
    transfers: t.transfers,
    issued_at: t.issuedAt,
    called_at: t.calledAt,
    serving_at: t.servingAt,
    ended_at: t.endedAt,
    wait_s: t.waitSeconds,
    waits: t.waits,
    serve_s: t.serveSeconds,
    serves: t.serves,
    version: t.version,
  };
}

/** The hub's queue tickets (hub migration 300): taking them in from devices, and the tally per office and day. */
export function hubQueue(backend: HubBackend) {
  return {
    /**
     * Each ticket kept at the highest version sent, its day's tally moved by the difference, all
     * in one transaction; every id answered. A ticket id another device holds is answered as
     * held and left alone (a device never overwrites another's tickets).
     */
    async accept(deviceId: string, items: readonly QueueTicketSync[], at: string): Promise<QueueTicketAck> {
      return backend.transaction(async (q) => {
        const ack: QueueTicketAck = { accepted: [], duplicate: [] };
        for (const t of items) {
          const row = toRow(deviceId, t);
          let held = await q.lockQueueTicket(t.id);
          if (!held) {
            if (await q.insertQueueTicket(row, at)) {
              await q.addQueueTally(deviceId, row.day, contribution(row));
              ack.accepted.push(t.id);
              continue;
            }
            held = await q.lockQueueTicket(t.id); // inserted a moment ago by a concurrent upload
          }
          if (!held || held.device_id !== deviceId || held.version >= row.version) {
            ack.duplicate.push(t.id);
            continue;
          }
          // The day is the ticket's first office day: a newer version never moves it to another.
          row.day = held.day;
          await q.updateQueueTicket(row, at);
          await q.addQueueTally(deviceId, row.day, minus(contribution(row), contribution(held)));
          ack.accepted.push(t.id);
        }
        return ack;
      });
    },

    /** Per office and office day (both ends of the period included), and over all offices. */
    async tally(period: Period, officeCode?: string): Promise<HubQueueReport> {
      const [rows, offices] = await Promise.all([backend.run((q) => q.queueTally(period.from, period.to)), backend.run((q) => q.deviceOffices())]);
      const officeOf = new Map(offices.map((o) => [o.device_id, o.office_code]));
      const all = zero();
      const per = new Map<string | null, { office: QueueTallyDelta; days: Map<string, QueueTallyDelta> }>();
      for (const r of rows as QueueTallyRow[]) {
        const office = officeOf.get(r.device_id) ?? null;
        if (officeCode !== undefined && office !== officeCode) continue;
        add(all, r);
        let o = per.get(office);
        if (!o) per.set(office, (o = { office: zero(), days: new Map() }));
        add(o.office, r);
        let d = o.days.get(r.day);
        if (!d) o.days.set(r.day, (d = zero()));
        add(d, r);
      }
      const byOffice = [...per.entries()].map(([code, o]) => ({
        officeCode: code,
        ...totals(o.office),
        byDay: [...o.days.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([day, d]) => ({ day, ...totals(d) })),
      }));
      byOffice.sort((a, b) => b.issued - a.issued || (a.officeCode ?? '').localeCompare(b.officeCode ?? ''));
      return { period, overall: totals(all), byOffice };
    },
  };
}
export type HubQueue = ReturnType<typeof hubQueue>;
