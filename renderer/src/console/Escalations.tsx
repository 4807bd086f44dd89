import { useEffect, useState } from 'react';
import type { Escalations as EscalationsData } from '../../../shared/console/api.js';
import { ct } from '../../../shared/i18n/console-id.js';
import { api } from './api.js';
import { complaintStateLabel } from './Complaints.js';
import { downloadCsv } from './csv.js';
import { statusLabel } from './Inbox.js';
import { errorText } from './error-text.js';

/** What broke its SLA (in working days), for the head of unit (their agency) and the kabupaten admin (all). */
export function Escalations({ onOpen, onError, onCount }: { onOpen: (id: string) => void; onError: (e: unknown) => void; onCount?: (n: number) => void }) {
  const [d, setD] = useState<EscalationsData | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<EscalationsData>('GET', '/escalations').then(
      (x) => (setD(x), onCount?.(x.requests.total + x.complaints.total)),
      (e: unknown) => (onError(e), setError(errorText(e))),
    );
  }, [onError, onCount]);
  if (error) return <p className="error">{error}</p>;
  if (!d) return null;
  return (
    <section>
      <h1>{ct('console.escalations.title')}</h1>
      {d.requests.total + d.complaints.total === 0 && <p>{ct('console.escalations.none')}</p>}
      <h2>{ct('console.escalations.requests', { n: d.requests.total })}</h2>
      {d.requests.items.length > 0 && (
        <>
          <table data-testid="escalated-requests">
            <thead>
              <tr>
                <th>{ct('console.col.regno')}</th>
                <th>{ct('console.col.service')}</th>
                <th>{ct('console.col.status')}</th>
                <th>{ct('console.col.received')}</th>
                <th>{ct('console.col.sla')}</th>
              </tr>
            </thead>
            <tbody>
              {d.requests.items.map((i) => (
                <tr key={i.id} className="breached">
                  <td>
                    <a href="#" onClick={(e) => (e.preventDefault(), onOpen(i.id))}>
                      {i.registrationNo ?? i.id}
                    </a>
                  </td>
                  <td>{i.serviceTitle}</td>
                  <td>{statusLabel(i.status)}</td>
                  <td>{new Date(i.receivedAt).toLocaleString('id-ID')}</td>
                  <td>{ct('console.sla.ok', { used: i.sla.used, days: i.sla.days })}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button
            onClick={() =>
              downloadCsv(
                'eskalasi.csv',
                ['registrationNo', 'service', 'status', 'receivedAt', 'slaUsed', 'slaDays'],
                d.requests.items.map((i) => [i.registrationNo ?? i.id, i.serviceTitle, i.status, i.receivedAt, i.sla.used, i.sla.days]),
              )
            }
          >
            {ct('console.csv')}
          </button>
        </>
      )}
      <h2>{ct('console.escalations.complaints', { n: d.complaints.total })}</h2>
      {d.complaints.items.length > 0 && (
        <table data-testid="escalated-complaints">
          <thead>
            <tr>
              <th>{ct('console.col.regno')}</th>
              <th>{ct('console.col.status')}</th>
              <th>{ct('console.complaints.agency')}</th>
              <th>{ct('console.col.sla')}</th>
            </tr>
          </thead>
          <tbody>
            {d.complaints.items.map((c) => (
              <tr key={c.id} className="breached">
                <td>{c.registrationNo ?? c.id}</td>
                <td>{complaintStateLabel(c.state)}</td>
                <td>{c.agencyName ?? '—'}</td>
                <td>{c.sla ? ct('console.sla.ok', { used: c.sla.used, days: c.sla.days }) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
