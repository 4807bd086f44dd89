import { useEffect, useState } from 'react';
import { CONSOLE_API, type RequestDetail } from '../../../shared/console/api.js';
import { ct, type ConsoleKey } from '../../../shared/i18n/console-id.js';
import { api } from './api.js';
import { statusLabel } from './Inbox.js';
import { errorText } from './error-text.js';

/** One request: the applicant's data and answers, the attachment, the history, and the moves this user may make. */
export function RequestView({ id, onBack, onError }: { id: string; onBack: () => void; onError: (e: unknown) => void }) {
  const [d, setD] = useState<RequestDetail | null>(null);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const load = () =>
    api<RequestDetail>('GET', `/submissions/${encodeURIComponent(id)}`).then(setD, (e: unknown) => (onError(e), setMessage({ ok: false, text: errorText(e) })));
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);
  if (!d) return message ? <p className="error">{message.text}</p> : null;
  const move = (moveId: string) =>
    api<{ to: string }>('POST', '/moves', { ids: [d.id], move: moveId, note: notes[moveId]?.trim() || null }).then(
      (r) => (setMessage({ ok: true, text: ct('console.detail.done', { status: statusLabel(r.to) }) }), setNotes({}), void load()),
      (e: unknown) => (onError(e), setMessage({ ok: false, text: errorText(e) })),
    );
  return (
    <section>
      <p>
        <button onClick={onBack}>{ct('console.detail.back')}</button>
      </p>
      <h1>
        {d.registrationNo ?? d.id} — {d.serviceTitle}
      </h1>
      <p>
        {ct('console.col.status')}: <strong data-testid="status">{statusLabel(d.status)}</strong> · {ct('console.col.office')}: {d.officeCode ?? d.deviceId}
      </p>
      {message && (
        <p className={message.ok ? 'ok' : 'error'} role="status">
          {message.text}
        </p>
      )}
      <div className="card">
        <h2>{ct('console.detail.moves')}</h2>
        <div className="moves">
          {d.moves.map((m) => (
            <div key={m.id}>
              {m.note !== 'optional' && (
                <label>
                  {ct(`console.detail.note.${m.note}` as ConsoleKey)}
                  <textarea name={`note-${m.id}`} maxLength={2000} value={notes[m.id] ?? ''} onChange={(e) => setNotes({ ...notes, [m.id]: e.target.value })} />
                </label>
              )}
              <button onClick={() => void move(m.id)}>{ct(`console.move.${m.id}` as ConsoleKey)}</button>
            </div>
          ))}
        </div>
      </div>
      <div className="card">
        <h2>{ct('console.detail.applicant')}</h2>
        <pre>{JSON.stringify(d.record, null, 2)}</pre>
        {d.attachment && (
          <p>
            {ct('console.detail.attachment')}:{' '}
            <a href={`${CONSOLE_API}/submissions/${encodeURIComponent(d.id)}/attachment`}>
              {ct('console.detail.download', { name: d.attachment.name ?? 'lampiran', kb: Math.ceil(d.attachment.bytes / 1024) })}
            </a>
          </p>
        )}
      </div>
      <div className="card">
        <h2>{ct('console.detail.history')}</h2>
        <table>
          <tbody>
            {d.history.map((h, i) => (
              <tr key={i}>
                <td>{new Date(h.at).toLocaleString('id-ID')}</td>
                <td>{statusLabel(h.status)}</td>
                <td>{h.note}</td>
                <td>{h.actor}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
