import { HUB_OPEN_STATES, HUB_SLA_STATES, HUB_STATE_SLA_DAYS } from '../../../shared/domain/hub-workflow.js';
import { isWorkingDay, wibDay } from '../../../shared/domain/working-days.js';
import type { HubBackend } from '../backend.js';
import { hubSkm } from '../skm/index.js';
import type { ConsoleUser } from './accounts.js';
import { ConsoleError, type ServiceDirectory } from './inbox.js';

export type DashboardDim = 'agency' | 'service' | 'kecamatan' | 'desa';
/** Backlog age buckets, in calendar days since receipt: 0–2, 3–5, 6–10, 11–20, over 20. */
export const BACKLOG_BUCKETS = [3, 6, 11, 21] as const;
/** The span the hub numbers working days over (hub_calendar). */
const CALENDAR_FROM = '2020-01-01';
const CALENDAR_TO = '2040-12-31';

/** Every day from..to with its running count of working days (wd(to) − wd(from) = working days between). */
export function workingDayNumbers(from = CALENDAR_FROM, to = CALENDAR_TO): { day: string; wd: number }[] {
  const out: { day: string; wd: number }[] = [];
  let wd = 0;
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 1)) {
    const day = d.toISOString().slice(0, 10);
    if (isWorkingDay(day)) wd++;
    out.push({ day, wd });
  }
  return out;
}

/** The Monday (WIB) of a day's week: weeks are ISO weeks. */
export function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/**
 * The dashboards (issue 13 §3): volume per day and week, per agency, service, kecamatan and desa;
 * SLA met; backlog by age; the IKM from the kiosks' surveys (main/hub/skm/), split the same way.
 * They read the tallies of hub migration 280 (a row per day and key), so
 * a year is a few thousand rows whatever the number of requests. Agency staff see their own
 * services; the offices' split (kecamatan, desa) spans every agency and is the admin's.
 */
export function consoleDashboard(backend: HubBackend, directory: ServiceDirectory) {
  const skm = hubSkm(backend);
  return {
    /**
     * Writes what the SQL tallies and due dates need from the code: the working-day numbering, each
     * service's SLA and each open state's, and each service's own days per state (hub migration
     * 420). Only differences are written; when the calendar or the hub's state days changed, the
     * open requests' due_at is computed again. A service's own days are not re-applied to its open
     * requests: they take effect at each request's next move (migration-420.ts says why).
     */
    async syncReference(): Promise<{ days: number; services: number; states: number; serviceStates: number }> {
      const wanted = workingDayNumbers();
      const have = new Map((await backend.run((q) => q.calendarDays())).map((r) => [r.day, r.wd]));
      const days = wanted.filter((r) => have.get(r.day) !== r.wd);
      const dir = await directory();
      const slas = new Map((await backend.run((q) => q.serviceSlas())).map((r) => [r.service_id, r.days]));
      const services = [...dir.values()].filter((s) => slas.get(s.id) !== s.slaDays).map((s) => ({ service_id: s.id, days: s.slaDays }));
      const stateDays = new Map((await backend.run((q) => q.stateSlas())).map((r) => [r.status, r.days]));
      const states = Object.entries(HUB_STATE_SLA_DAYS)
        .filter(([status, days]) => stateDays.get(status) !== days)
        .map(([status, days]) => ({ status, days: days! }));
      const own = [...dir.values()].flatMap((s) =>
        HUB_SLA_STATES.filter((st) => s.stateSla[st] !== HUB_STATE_SLA_DAYS[st]).map((st) => ({ service_id: s.id, status: st, days: s.stateSla[st] })),
      );
      // Compared as sorted lines (the database's collation may order ids otherwise).
      const key = (rows: readonly { service_id: string; status: string; days: number }[]) =>
        rows.map((r) => `${r.service_id}\t${r.status}\t${r.days}`).sort().join('\n');
      const ownChanged = key(own) !== key(await backend.run((q) => q.serviceStateSlas()));
      if (days.length || services.length || states.length || ownChanged) {
        await backend.transaction(async (q) => {
          if (days.length) await q.putCalendarDays(days);
          if (services.length) await q.putServiceSlas(services);
          if (states.length) await q.putStateSlas(states);
          if (ownChanged) await q.replaceServiceStateSlas(own);
        });
      }
      // After the commit, so requests that arrived while the calendar was being written are counted too.
      if (days.length || states.length) await backend.run((q) => q.rederiveDueDates());
      // The overall clock follows a service's overall days as they are now (console/inbox.ts): its open requests are re-dated.
      else if (services.length) await backend.run((q) => q.rederiveOverallDueDates(services.map((s) => s.service_id)));
      return { days: days.length, services: services.length, states: states.length, serviceStates: ownChanged ? own.length : 0 };
    },

    async view(u: ConsoleUser, dim: DashboardDim, from: string, to: string, now = new Date()) {
      const dir = await directory();
      const mine = u.role === 'admin' ? null : [...dir.values()].filter((s) => s.agency === u.agencyId).map((s) => s.id);
      if (mine !== null && (dim === 'kecamatan' || dim === 'desa')) throw new ConsoleError(403, 'the split by kecamatan and desa spans every agency: the kabupaten admin sees it');
      const tallyDim = dim === 'kecamatan' || dim === 'desa' ? 'office' : 'service';
      const mineSet = mine === null ? null : new Set(mine);
      // The kiosks' survey sheets (hub migration 250), split the way the dashboard is.
      const ikmKey = (serviceId: string, office: string | null): string | null => {
        if (mineSet !== null && !mineSet.has(serviceId)) return null;
        if (dim === 'service') return dir.get(serviceId)?.title ?? serviceId;
        if (dim === 'agency') return dir.get(serviceId)?.agency ?? '?';
        return dim === 'kecamatan' ? (office?.slice(0, 8) ?? '?') : (office ?? '?');
      };
      const [byKey, byDay, backlog, ikm] = await Promise.all([
        backend.run((q) => q.tallyByKey(tallyDim, from, to, dim === 'kecamatan' ? 8 : null, tallyDim === 'service' ? mine : null)),
        backend.run((q) => q.tallyByDay(from, to, mine)),
        backend.run((q) =>
          q.backlog(
            HUB_OPEN_STATES,
            BACKLOG_BUCKETS.map((days) => new Date(now.getTime() - days * 86_400_000).toISOString()),
            mine,
          ),
        ),
        skm.ikmByKey({ from, to }, ikmKey),
      ]);
      const rows = new Map<string, { key: string; label: string; received: number; finished: number; inSla: number }>();
      for (const r of byKey) {
        const svc = dir.get(r.key);
        const key = dim === 'agency' ? (svc?.agency ?? '?') : r.key;
        const label = dim === 'service' ? (svc?.title ?? r.key) : key;
        const row = rows.get(key) ?? { key, label, received: 0, finished: 0, inSla: 0 };
        row.received += Number(r.received);
        row.finished += Number(r.finished);
        row.inSla += Number(r.in_sla);
        rows.set(key, row);
      }
      const weeks = new Map<string, { week: string; received: number; finished: number; inSla: number }>();
      const days = byDay.map((r) => ({ day: r.day, received: Number(r.received), finished: Number(r.finished), inSla: Number(r.in_sla) }));
      for (const d of days) {
        const w = weekOf(d.day);
        const row = weeks.get(w) ?? { week: w, received: 0, finished: 0, inSla: 0 };
        row.received += d.received;
        row.finished += d.finished;
        row.inSla += d.inSla;
        weeks.set(w, row);
      }
      const ages = BACKLOG_BUCKETS.length + 1;
      const backlogRows = new Map<string, { key: string; label: string; buckets: number[]; total: number }>();
      for (const b of backlog) {
        const svc = b.service_id ? dir.get(b.service_id) : undefined;
        const key = dim === 'service' ? (b.service_id ?? '?') : (svc?.agency ?? '?');
        const row = backlogRows.get(key) ?? { key, label: dim === 'service' ? (svc?.title ?? key) : key, buckets: Array<number>(ages).fill(0), total: 0 };
        row.buckets[Number(b.bucket)]! += Number(b.n);
        row.total += Number(b.n);
        backlogRows.set(key, row);
      }
      return {
        dim,
        from,
        to,
        today: wibDay(now.toISOString()),
        byKey: [...rows.values()].sort((a, b) => b.received - a.received),
        byDay: days,
        byWeek: [...weeks.values()],
        backlog: { buckets: ['0–2', '3–5', '6–10', '11–20', '>20'], rows: [...backlogRows.values()].sort((a, b) => b.total - a.total) },
        // null: no survey sheet in the period (the screen says so).
        ikm,
      };
    },
  };
}

export type ConsoleDashboard = ReturnType<typeof consoleDashboard>;
