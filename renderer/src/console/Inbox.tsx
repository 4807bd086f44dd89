import { useEffect, useState } from 'react';
import type { InboxPage } from '../../../shared/console/api.js';
import { HUB_STATES, HUB_WORKFLOW, type HubRole } from '../../../shared/domain/hub-workflow.js';
import { ct, type ConsoleKey } from '../../../shared/i18n/console-id.js';
import { api } from './api.js';
import { downloadCsv } from './csv.js';
import { errorText } from './error-text.js';

export const statusLabel = (s: string): string => ct(`console.status.${s}` as ConsoleKey);

/** The agency's requests, filtered and paged; a click opens one. */
export function Inbox({ onOpen, onError, role }: { onOpen: (id: string) => void; onError: (e: unknown) => void; role: HubRole }) {
  const [status, setStatus] = useState('');
  const [service, setService] = useState('');
  const [office, setOffice] = useState('');
  const [minAge, setMinAge] = useState('');
  const [breached, setBreached] = useState(false);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<InboxPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [bulkNote, setBulkNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    api<InboxPage>('GET', `/inbox?${query}${query ? '&' : ''}page=${page}`).then(
      (d) => (setData(d), setError(null), setPicked(new Set())),
      (e: unknown) => (onError(e), setError(errorText(e))),
    );
  }, [query, page, onError, reload]);

  // A bulk move takes requests in one state: the moves offered are those of the first picked one's state.
  const pickedItems = data?.items.filter((i) => picked.has(i.id)) ?? [];
  const sameState = pickedItems.length > 0 && pickedItems.every((i) => i.status === pickedItems[0]!.status);
  // Each service may have its own workflow: only the moves every picked request allows.
  const bulkMoves = sameState ? HUB_WORKFLOW.filter((m) => m.roles.includes(role) && pickedItems.every((i) => i.allowedMoves.includes(m.id))) : [];
  const bulk = (move: string) =>
    api<{ moved: string[]; to: string }>('POST', '/moves', { ids: pickedItems.map((i) => i.id), move, note: bulkNote.trim() || null }).then(
      (r) => (setDone(ct('console.bulk.done', { n: r.moved.length, status: statusLabel(r.to) })), setBulkNote(''), setReload((n) => n + 1)),
      (e: unknown) => (onError(e), setError(errorText(e))),
    );

  const apply = () => {
    const p = new URLSearchParams();
    if (status) p.set('status', status);
    if (service.trim()) p.set('service', service.trim());
    if (office.trim()) p.set('office', office.trim());
    if (minAge.trim()) p.set('minAgeDays', minAge.trim());
    if (breached) p.set('breached', '1');
    setPage(1);
    setQuery(p.toString());
  };
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  return (
    <section>
      <h1>{ct('console.inbox.title')}</h1>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <label>
          {ct('console.filter.status')}
          <select name="status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{ct('console.filter.all')}</option>
            {HUB_STATES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {ct('console.filter.service')}
          <input value={service} onChange={(e) => setService(e.target.value)} maxLength={80} />
        </label>
        <label>
          {ct('console.filter.office')}
          <input value={office} onChange={(e) => setOffice(e.target.value)} maxLength={20} placeholder="36.04.05" />
        </label>
        <label>
          {ct('console.filter.age')}
          <input value={minAge} onChange={(e) => setMinAge(e.target.value)} inputMode="numeric" maxLength={4} />
        </label>
        <label>
          <span>
            <input type="checkbox" checked={breached} onChange={(e) => setBreached(e.target.checked)} /> {ct('console.filter.breached')}
          </span>
        </label>
        <button type="submit">{ct('console.filter.apply')}</button>
      </form>
      {error && <p className="error">{error}</p>}
      {done && (
        <p className="ok" role="status">
          {done}
        </p>
      )}
      {role !== 'admin' && data && data.items.length > 0 && (
        <div className="card bulk" data-testid="bulk">
          <strong>{ct('console.bulk.move')}</strong>{' '}
          {bulkMoves.length === 0 ? (
            <span>{ct('console.bulk.none')}</span>
          ) : (
            <>
              <input aria-label={ct('console.bulk.note')} placeholder={ct('console.bulk.note')} value={bulkNote} onChange={(e) => setBulkNote(e.target.value)} maxLength={2000} />{' '}
              {bulkMoves.map((m) => (
                <button key={m.id} onClick={() => void bulk(m.id)}>
                  {ct(`console.move.${m.id}` as ConsoleKey)} ({pickedItems.length})
                </button>
              ))}
            </>
          )}
        </div>
      )}
      {data && data.items.length === 0 && <p>{ct('console.inbox.empty')}</p>}
      {data && data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>{ct('console.bulk.pick')}</th>
              <th>{ct('console.col.regno')}</th>
              <th>{ct('console.col.service')}</th>
              <th>{ct('console.col.office')}</th>
              <th>{ct('console.col.status')}</th>
              <th>{ct('console.col.received')}</th>
              <th>{ct('console.col.sla')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((i) => (
              <tr key={i.id} className={i.breached ? 'breached' : undefined}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${ct('console.bulk.pick')} ${i.registrationNo ?? i.id}`}
                    checked={picked.has(i.id)}
                    onChange={(e) => {
                      const next = new Set(picked);
                      if (e.target.checked) next.add(i.id);
                      else next.delete(i.id);
                      setPicked(next);
                    }}
                  />
                </td>
                <td>
                  <a href="#" onClick={(e) => (e.preventDefault(), onOpen(i.id))}>
                    {i.registrationNo ?? i.id}
                  </a>
                </td>
                <td>{i.serviceTitle}</td>
                <td>{i.officeCode ?? i.deviceId}</td>
                <td>{statusLabel(i.status)}</td>
                <td>{new Date(i.receivedAt).toLocaleString('id-ID')}</td>
                <td>{i.escalated ? ct('console.sla.escalated') : i.breached ? ct('console.sla.breached') : ct('console.sla.ok', { used: i.sla.used, days: i.sla.days })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && (
        <p>
          <button disabled={page <= 1} onClick={() => setPage(page - 1)}>
            {ct('console.prev')}
          </button>{' '}
          {ct('console.page', { page, pages, total: data.total })}{' '}
          <button disabled={page >= pages} onClick={() => setPage(page + 1)}>
            {ct('console.next')}
          </button>{' '}
          <button
            onClick={() =>
              downloadCsv(
                'kotak-masuk.csv',
                ['registrationNo', 'service', 'office', 'status', 'receivedAt', 'slaUsed', 'slaDays', 'breached'],
                data.items.map((i) => [i.registrationNo ?? i.id, i.serviceTitle, i.officeCode, i.status, i.receivedAt, i.sla.used, i.sla.days, i.breached ? 1 : 0]),
              )
            }
          >
            {ct('console.csv')}
          </button>
        </p>
      )}
    </section>
  );
}
