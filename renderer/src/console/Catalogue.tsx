import { useCallback, useEffect, useState } from 'react';
import { ct } from '../../../shared/i18n/console-id.js';
import { api, ConsoleApiError } from './api.js';
import { CatalogueEntry } from './CatalogueEntry.js';
import { SlaEditor } from './SlaEditor.js';
import { downloadCsv } from './csv.js';
import { consoleError } from './error-text.js';

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
  const [message, setMessage] = useState<{ ok: boolean; lines: string[]; technical?: string[] } | null>(null);
  const fail = (e: unknown) => {
    onError(e);
    // A refused catalogue: each entry and field in Bahasa, the schema's English lines under "Rincian teknis".
    const v = consoleError(e);
    setMessage({ ok: false, lines: [v.text, ...v.lines], technical: e instanceof ConsoleApiError ? e.errors : [] });
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
    } catch {
      return setMessage({ ok: false, lines: [ct('console.entry.badDocument')] });
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
            <li key={i} data-testid="catalogue-problem">
              {l}
            </li>
          ))}
          {message.technical && message.technical.length > 0 && (
            <li>
              <details>
                <summary>{ct('console.technical')}</summary>
                {message.technical.map((l) => (
                  <code key={l} style={{ display: 'block' }}>
                    {l}
                  </code>
                ))}
              </details>
            </li>
          )}
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
