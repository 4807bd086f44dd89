import { useCallback, useEffect, useState } from 'react';
import type { DeviceEntry } from '../../../shared/console/api.js';
import { ct } from '../../../shared/i18n/console-id.js';
import { api } from './api.js';
import { downloadCsv } from './csv.js';
import { CLOCK_WARN_SECONDS, formatCarried, formatSkew } from './device-format.js';
import { errorText } from './error-text.js';

/** The kiosks enrolled at this hub: last contact, backlog, version, rename, revoke, CSV; and one-time enrolment codes as QR. */
export function Devices({ onError }: { onError: (e: unknown) => void }) {
  const [items, setItems] = useState<DeviceEntry[]>([]);
  const [label, setLabel] = useState('');
  const [issued, setIssued] = useState<{ code: string; expiresAt: string; qrSvg: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fail = (e: unknown) => (onError(e), setError(errorText(e)));
  const load = useCallback(() => api<{ items: DeviceEntry[] }>('GET', '/devices').then((r) => setItems(r.items), fail), []); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => void load(), [load]);
  return (
    <section>
      <h1>{ct('console.devices.title')}</h1>
      {error && <p className="error">{error}</p>}
      <table>
        <thead>
          <tr>
            <th>{ct('console.devices.id')}</th>
            <th>{ct('console.devices.label')}</th>
            <th>{ct('console.devices.office')}</th>
            <th>{ct('console.devices.lastSeen')}</th>
            <th>{ct('console.devices.version')}</th>
            <th>{ct('console.devices.submissions')}</th>
            <th>{ct('console.devices.backlog')}</th>
            <th>{ct('console.devices.clock')}</th>
            <th>{ct('console.dash.link')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {items.map((d) => (
            <tr key={d.deviceId}>
              <td>{d.deviceId}</td>
              <td>{d.label}</td>
              <td>{d.officeCode}</td>
              <td>{d.lastSeenAt ? new Date(d.lastSeenAt).toLocaleString('id-ID') : '—'}</td>
              <td>{d.version ?? '—'}</td>
              <td>{d.submissions}</td>
              <td title={d.backlogAt ? new Date(d.backlogAt).toLocaleString('id-ID') : undefined}>{d.backlog ?? '—'}</td>
              <td className={d.clockSkewSeconds !== null && Math.abs(d.clockSkewSeconds) > CLOCK_WARN_SECONDS ? 'warn' : undefined}>{formatSkew(d.clockSkewSeconds)}</td>
              <td data-testid={`carried-${d.deviceId}`}>{formatCarried(d.carried)}</td>
              <td>
                <button
                  onClick={() => {
                    const name = window.prompt(ct('console.devices.renamePrompt', { id: d.deviceId }), d.label ?? '')?.trim();
                    if (name) void api('POST', `/devices/${encodeURIComponent(d.deviceId)}/rename`, { label: name }).then(load, fail);
                  }}
                >
                  {ct('console.devices.rename')}
                </button>{' '}
                {d.revoked ? (
                  ct('console.devices.revoked')
                ) : (
                  <button
                    onClick={() => {
                      if (window.confirm(ct('console.devices.confirm', { id: d.deviceId }))) void api('POST', `/devices/${encodeURIComponent(d.deviceId)}/revoke`, {}).then(load, fail);
                    }}
                  >
                    {ct('console.devices.revoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        onClick={() =>
          downloadCsv(
            'perangkat.csv',
            ['deviceId', 'label', 'officeCode', 'enrolledAt', 'lastSeenAt', 'version', 'submissions', 'backlog', 'backlogAt', 'clockSkewSeconds', 'direct', 'relay', 'usb', 'revoked'],
            items.map((d) => [d.deviceId, d.label, d.officeCode, d.enrolledAt, d.lastSeenAt, d.version, d.submissions, d.backlog, d.backlogAt, d.clockSkewSeconds, d.carried.direct, d.carried.relay, d.carried.usb, d.revoked ? 'yes' : 'no']),
          )
        }
      >
        {ct('console.csv')}
      </button>
      <div className="card">
        <h2>{ct('console.enrol.title')}</h2>
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            api<{ code: string; expiresAt: string; qrSvg: string }>('POST', '/enrolment-codes', label.trim() ? { label: label.trim() } : {}).then(setIssued, fail);
          }}
        >
          <label>
            {ct('console.enrol.label')}
            <input value={label} onChange={(e) => setLabel(e.target.value)} maxLength={80} />
          </label>
          <button type="submit">{ct('console.enrol.issue')}</button>
        </form>
        {issued && (
          <div className="qr">
            <p data-testid="enrol-code">{ct('console.enrol.code', { code: issued.code, until: new Date(issued.expiresAt).toLocaleString('id-ID') })}</p>
            <img alt={issued.code} src={`data:image/svg+xml;utf8,${encodeURIComponent(issued.qrSvg)}`} />
          </div>
        )}
      </div>
    </section>
  );
}

