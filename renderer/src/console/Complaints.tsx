import { useEffect, useState } from 'react';
import type { ComplaintEntry, ComplaintPage } from '../../../shared/console/api.js';
import { COMPLAINT_STATES } from '../../../shared/domain/complaint-workflow.js';
import { ct, type ConsoleKey } from '../../../shared/i18n/console-id.js';
import { AgencySelect, useAgencies, type Agency } from './AgencySelect.js';
import { api } from './api.js';
import { downloadCsv } from './csv.js';
import { errorText } from './error-text.js';

export const complaintStateLabel = (s: string): string => ct(`console.cstate.${s}` as ConsoleKey);

/** Complaints: the admin verifies and dispatches, the agency follows up; callbacks show the phone number. */
export function Complaints({ onError }: { onError: (e: unknown) => void }) {
  const [state, setState] = useState('');
  const [callback, setCallback] = useState(false);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<ComplaintPage | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [reload, setReload] = useState(0);
  const fail = (e: unknown) => (onError(e), setMessage({ ok: false, text: errorText(e) }));
  useEffect(() => {
    const p = new URLSearchParams();
    if (state) p.set('state', state);
    // The hub filters and pages (callbacks too), so each page is whole.
    if (callback) p.set('callback', '1');
    p.set('page', String(page));
    api<ComplaintPage>('GET', `/complaints?${p.toString()}`).then(setData, fail);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state, callback, page, reload]);
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const agencies = useAgencies(fail);
  return (
    <section>
      <h1>{ct('console.complaints.title')}</h1>
      <div className="filters">
        <label>
          {ct('console.filter.status')}
          <select name="state" value={state} onChange={(e) => (setState(e.target.value), setPage(1))}>
            <option value="">{ct('console.filter.all')}</option>
            {COMPLAINT_STATES.map((s) => (
              <option key={s} value={s}>
                {complaintStateLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>
            <input type="checkbox" checked={callback} onChange={(e) => (setCallback(e.target.checked), setPage(1))} /> {ct('console.complaints.callbackOnly')}
          </span>
        </label>
        {data && (
          <button
            onClick={() =>
              downloadCsv(
                'pengaduan.csv',
                ['registrationNo', 'service', 'office', 'receivedAt', 'state', 'agency', 'callbackPhone', 'breached'],
                data.items.map((c) => [c.registrationNo ?? c.id, c.serviceTitle, c.officeCode, c.receivedAt, c.state, c.agencyId, c.callbackPhone, c.breached ? 1 : 0]),
              )
            }
          >
            {ct('console.csv')}
          </button>
        )}
      </div>
      {message && (
        <p className={message.ok ? 'ok' : 'error'} role="status">
          {message.text}
        </p>
      )}
      {data && data.items.length === 0 && <p>{ct('console.complaints.empty')}</p>}
      {data?.items.map((c) => (
        <ComplaintCard key={c.id} c={c} agencies={agencies} onMoved={(s) => (setMessage({ ok: true, text: ct('console.complaints.done', { state: complaintStateLabel(s) }) }), setReload((n) => n + 1))} onFail={fail} />
      ))}
      {data && data.total > data.pageSize && (
        <p className="pager">
          <button disabled={page <= 1} onClick={() => setPage(page - 1)}>
            {ct('console.prev')}
          </button>{' '}
          {ct('console.complaints.page', { page, pages, total: data.total })}{' '}
          <button disabled={page >= pages} onClick={() => setPage(page + 1)}>
            {ct('console.next')}
          </button>
        </p>
      )}
    </section>
  );
}

function ComplaintCard({ c, agencies, onMoved, onFail }: { c: ComplaintEntry; agencies: readonly Agency[]; onMoved: (state: string) => void; onFail: (e: unknown) => void }) {
  const [note, setNote] = useState('');
  const [agency, setAgency] = useState('');
  const move = (id: string) =>
    api<{ state: string }>('POST', `/complaints/${encodeURIComponent(c.id)}/move`, { move: id, note: note.trim() || null, ...(id === 'dispatch' ? { agencyId: agency || null } : {}) }).then((r) => onMoved(r.state), onFail);
  return (
    <div className={`card${c.breached ? ' breached' : ''}`} data-testid={`complaint-${c.registrationNo ?? c.id}`}>
      <h2>
        {c.registrationNo ?? c.id} — {c.serviceTitle}
      </h2>
      <p>
        {ct('console.col.status')}: <strong data-testid="cstate">{complaintStateLabel(c.state)}</strong>
        {c.agencyName ? ` · ${ct('console.complaints.agency')}: ${c.agencyName}` : ''} · {ct('console.col.office')}: {c.officeCode ?? '?'} · {ct('console.col.received')}:{' '}
        {new Date(c.receivedAt).toLocaleString('id-ID')}
        {c.sla && ` · ${ct('console.complaints.sla')}: ${c.breached ? ct('console.sla.escalated') : ct('console.sla.ok', { used: c.sla.used, days: c.sla.days })}`}
      </p>
      {c.callbackPhone && (
        <p className="callback">
          {ct('console.complaints.callback')}: <a href={`tel:${c.callbackPhone}`}>{c.callbackPhone}</a>
        </p>
      )}
      <details>
        <summary>{ct('console.complaints.answers')}</summary>
        <pre>{JSON.stringify(c.answers, null, 2)}</pre>
      </details>
      {c.note && <p>“{c.note}”</p>}
      {c.moves.length > 0 && (
        <div className="moves">
          <textarea aria-label={ct('console.complaints.note')} placeholder={ct('console.complaints.note')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
          {c.moves.some((m) => m.id === 'dispatch') && <AgencySelect agencies={agencies} value={agency} onChange={setAgency} />}
          <p>
            {c.moves.map((m) => (
              <button key={m.id} onClick={() => void move(m.id)}>
                {ct(`console.cmove.${m.id}` as ConsoleKey)}
              </button>
            ))}
          </p>
        </div>
      )}
    </div>
  );
}
