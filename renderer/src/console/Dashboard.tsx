import { useEffect, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { DashboardView, DeviceEntry } from '../../../shared/console/api.js';
import type { HubRole } from '../../../shared/domain/hub-workflow.js';
import { ct, type ConsoleKey } from '../../../shared/i18n/console-id.js';
import { api } from './api.js';
import { downloadCsv } from './csv.js';
import { formatCarried, formatSkew } from './device-format.js';
import { errorText } from './error-text.js';

type Cell = string | number | null;
const pct = (a: number, b: number): string => (b ? `${Math.round((a / b) * 100)}%` : '—');
const dayOf = (d: Date): string => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 10);

/** A table of the chart's numbers, with its CSV. */
function DataTable({ name, header, rows, testId }: { name: string; header: string[]; rows: Cell[][]; testId?: string }) {
  return (
    <>
      <table data-testid={testId}>
        <thead>
          <tr>
            {header.map((h) => (
              <th key={h}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((c, j) => (
                <td key={j}>{c ?? '—'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <button onClick={() => downloadCsv(`${name}.csv`, header, rows)}>{ct('console.csv')}</button>
    </>
  );
}

/** Volume, SLA met and backlog (every chart also as a table and CSV), IKM, and device health for the admin. */
export function Dashboard({ onError, role }: { onError: (e: unknown) => void; role: HubRole }) {
  const dims = role === 'admin' ? (['agency', 'service', 'kecamatan', 'desa'] as const) : (['agency', 'service'] as const);
  const [dim, setDim] = useState<DashboardView['dim']>('agency');
  const [from, setFrom] = useState(dayOf(new Date(Date.now() - 29 * 86_400_000)));
  const [to, setTo] = useState(dayOf(new Date()));
  const [query, setQuery] = useState({ dim, from, to });
  const [d, setD] = useState<DashboardView | null>(null);
  const [devices, setDevices] = useState<DeviceEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<DashboardView>('GET', `/dashboard?${new URLSearchParams(query).toString()}`).then(
      (x) => (setD(x), setError(null)),
      (e: unknown) => (onError(e), setError(errorText(e))),
    );
  }, [query, onError]);
  useEffect(() => {
    if (role === 'admin') api<{ items: DeviceEntry[] }>('GET', '/devices').then((r) => setDevices(r.items), onError);
  }, [role, onError]);
  const label = ct(`console.dash.dim.${query.dim}` as ConsoleKey);
  const L = { received: ct('console.dash.received'), finished: ct('console.dash.finished'), inSla: ct('console.dash.inSla') };
  return (
    <section>
      <h1>{ct('console.dash.title')}</h1>
      <form className="filters" onSubmit={(e) => (e.preventDefault(), setQuery({ dim, from, to }))}>
        <label>
          {ct('console.dash.dim')}
          <select name="dim" value={dim} onChange={(e) => setDim(e.target.value as DashboardView['dim'])}>
            {dims.map((x) => (
              <option key={x} value={x}>
                {ct(`console.dash.dim.${x}` as ConsoleKey)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {ct('console.dash.from')}
          <input type="date" name="from" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {ct('console.dash.to')}
          <input type="date" name="to" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="submit">{ct('console.dash.show')}</button>
      </form>
      {error && <p className="error">{error}</p>}
      {d && (
        <>
          <div className="card">
            <h2>{ct('console.dash.volume', { dim: label })}</h2>
            <BarChart width={1000} height={260} data={d.byKey.slice(0, 30)}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              <Bar dataKey="received" name={L.received} fill="#0b4f8a" isAnimationActive={false} />
              <Bar dataKey="finished" name={L.finished} fill="#52c41a" isAnimationActive={false} />
              <Bar dataKey="inSla" name={L.inSla} fill="#faad14" isAnimationActive={false} />
            </BarChart>
            <DataTable
              name={`volume-${d.dim}`}
              testId="volume-table"
              header={[label, L.received, L.finished, L.inSla, ct('console.dash.slaMet')]}
              rows={d.byKey.map((k) => [k.label, k.received, k.finished, k.inSla, pct(k.inSla, k.finished)])}
            />
          </div>
          <div className="card">
            <h2>{ct('console.dash.perDay')}</h2>
            <LineChart width={1000} height={220} data={d.byDay}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="day" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              <Line dataKey="received" name={L.received} stroke="#0b4f8a" dot={false} isAnimationActive={false} />
              <Line dataKey="finished" name={L.finished} stroke="#52c41a" dot={false} isAnimationActive={false} />
            </LineChart>
            <DataTable name="per-hari" testId="day-table" header={[ct('console.dash.day'), L.received, L.finished, L.inSla]} rows={d.byDay.map((x) => [x.day, x.received, x.finished, x.inSla])} />
          </div>
          <div className="card">
            <h2>{ct('console.dash.perWeek')}</h2>
            <BarChart width={1000} height={220} data={d.byWeek}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="week" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              <Bar dataKey="received" name={L.received} fill="#0b4f8a" isAnimationActive={false} />
              <Bar dataKey="finished" name={L.finished} fill="#52c41a" isAnimationActive={false} />
            </BarChart>
            <DataTable name="per-minggu" header={[ct('console.dash.week'), L.received, L.finished, ct('console.dash.slaMet')]} rows={d.byWeek.map((x) => [x.week, x.received, x.finished, pct(x.inSla, x.finished)])} />
          </div>
          <div className="card">
            <h2>{ct('console.dash.backlog')}</h2>
            <BarChart width={1000} height={220} data={d.backlog.rows.slice(0, 30).map((r) => ({ label: r.label, ...Object.fromEntries(d.backlog.buckets.map((b, i) => [b, r.buckets[i]])) }))}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              {d.backlog.buckets.map((b, i) => (
                <Bar key={b} dataKey={b} stackId="age" fill={['#91d5ff', '#40a9ff', '#faad14', '#fa8c16', '#cf1322'][i]} isAnimationActive={false} />
              ))}
            </BarChart>
            <DataTable
              name="tunggakan"
              testId="backlog-table"
              header={[query.dim === 'service' ? label : ct('console.dash.dim.agency'), ...d.backlog.buckets, ct('console.dash.backlogTotal')]}
              rows={d.backlog.rows.map((r) => [r.label, ...r.buckets, r.total])}
            />
          </div>
          <div className="card">
            <h2>{ct('console.dash.ikm')}</h2>
            {d.ikm === null ? <p data-testid="ikm-none">{ct('console.dash.ikmNone')}</p> : <DataTable name="ikm" header={[label, 'IKM', 'n']} rows={d.ikm.map((x) => [x.key, x.ikm, x.responses])} />}
          </div>
        </>
      )}
      {devices && (
        <div className="card">
          <h2>{ct('console.dash.devices')}</h2>
          <DataTable
            name="perangkat"
            header={[ct('console.devices.id'), ct('console.devices.office'), ct('console.devices.lastSeen'), ct('console.devices.version'), ct('console.devices.submissions'), ct('console.dash.backlogDevice'), ct('console.dash.clockSkew'), ct('console.dash.link')]}
            rows={devices.map((x) => [
              x.label ?? x.deviceId,
              x.officeCode,
              x.lastSeenAt,
              x.version,
              x.submissions,
              x.backlog ?? ct('console.dash.notReported'),
              x.clockSkewSeconds === null ? ct('console.dash.notReported') : formatSkew(x.clockSkewSeconds),
              formatCarried(x.carried),
            ])}
          />
        </div>
      )}
    </section>
  );
}
