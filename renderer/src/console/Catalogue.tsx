import { useCallback, useEffect, useState } from 'react';
import { ct } from '../../../shared/i18n/console-id.js';
import { api, ConsoleApiError } from './api.js';
import { CatalogueEntry } from './CatalogueEntry.js';
import { SlaEditor } from './SlaEditor.js';
import { downloadCsv } from './csv.js';

interface Listing {
  current: Record<string, unknown> | null;
  history: { version: number; targets: string[]; note: string | null; publishedBy: string; publishedAt: string }[];
}

/**
 * The catalogue kiosks receive (signed by the hub): the whole document as JSON, or one service or
 * agency edited or uploaded on its own; validated with the kiosk's schema (errors by field),
 * versioned, with history and rollback.
 */
export function Catalogue({ onError }: { onError: (e: unknown) => void }) {
  const [data, setData] = useState<Listing | null>(null);
  const [text, setText] = useState('');
  const [targets, setTargets] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; lines: string[] } | null>(null);
  const fail = (e: unknown) => {
    onError(e);
    setMessage({ ok: false, lines: e instanceof ConsoleApiError && e.errors.length ? [ct('console.catalogue.invalid'), ...e.errors] : [ct('console.error', { message: String((e as Error).message) })] });
  };
  const load = useCallback(
    () =>
      api<Listing>('GET', '/catalogue').then((d) => {
        setData(d);
        const { version: _v, ...rest } = d.current ?? { services: [] };
        setText(JSON.stringify(rest, null, 2));
      }, fail),
    [], // eslint-disable-line react-hooks/exhaustive-deps
  );
  useEffect(() => void load(), [load]);
  const publish = () => {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (e) {
      return setMessage({ ok: false, lines: [ct('console.error', { message: (e as Error).message })] });
    }
    const t = targets.split(',').map((s) => s.trim()).filter(Boolean);
    api<{ version: number }>('POST', '/catalogue', { document, targets: t.length ? t : ['all'] }).then((r) => (setMessage({ ok: true, lines: [ct('console.catalogue.published', { version: r.version })] }), void load()), fail);
  };
  return (
    <section>
      <h1>{ct('console.catalogue.title')}</h1>
      {message && (
        <ul className={message.ok ? 'ok' : 'error'} role="status">
          {message.lines.map((l, i) => (
            <li key={i}>{l}</li>
          ))}
        </ul>
      )}
      <CatalogueEntry text={text} onText={setText} />
      <SlaEditor text={text} onText={setText} />
      <div className="card">
        <textarea name="catalogue" style={{ minHeight: '20rem', fontFamily: 'monospace' }} value={text} onChange={(e) => setText(e.target.value)} />
        <label>
          {ct('console.catalogue.targets')}
          <input value={targets} onChange={(e) => setTargets(e.target.value)} maxLength={2000} />
        </label>
        <button onClick={publish}>{ct('console.catalogue.publish')}</button>
      </div>
      <ul>
        {data?.history.map((h) => (
          <li key={h.version}>
            {ct('console.catalogue.version', { version: h.version, by: h.publishedBy, at: new Date(h.publishedAt).toLocaleString('id-ID'), targets: h.targets.join(', ') })}{' '}
            <button onClick={() => void api('POST', '/catalogue/rollback', { version: h.version }).then(() => void load(), fail)}>{ct('console.catalogue.rollback')}</button>
          </li>
        ))}
      </ul>
      {data && data.history.length > 0 && (
        <button
          onClick={() =>
            downloadCsv(
              'katalog-versi.csv',
              ['version', 'targets', 'note', 'publishedBy', 'publishedAt'],
              data.history.map((h) => [h.version, h.targets.join(' '), h.note, h.publishedBy, h.publishedAt]),
            )
          }
        >
          {ct('console.csv')}
        </button>
      )}
    </section>
  );
}
