import { useState } from 'react';
import { entryIds, placeEntry, type DraftDocument } from '../../../shared/console/catalogue-entry.js';
import { ct } from '../../../shared/i18n/console-id.js';

const parse = (text: string): DraftDocument | null => {
  try {
    const d = JSON.parse(text) as unknown;
    return d !== null && typeof d === 'object' && !Array.isArray(d) ? (d as DraftDocument) : null;
  } catch {
    return null;
  }
};

/** One service or agency of the draft: pick it to edit, or upload its JSON file; "put in" places it into the document (same id replaced). */
export function CatalogueEntry({ text, onText }: { text: string; onText: (t: string) => void }) {
  const [entry, setEntry] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const draft = parse(text);
  const pick = (value: string) => {
    const [kind, id] = value.split(':');
    const list = (kind === 'service' ? draft?.services : draft?.agencies) ?? [];
    const found = list.find((x) => (x as { id?: unknown } | null)?.id === id);
    setEntry(found ? JSON.stringify(found, null, 2) : '');
    setMessage(null);
  };
  const put = () => {
    let value: unknown;
    try {
      value = JSON.parse(entry);
    } catch {
      return setMessage({ ok: false, text: ct('console.entry.badJson') });
    }
    if (!draft) return setMessage({ ok: false, text: ct('console.entry.badDocument') });
    const r = placeEntry(draft, value);
    if (!r.ok) return setMessage({ ok: false, text: ct('console.entry.notEntry') });
    onText(JSON.stringify(r.document, null, 2));
    setMessage({ ok: true, text: ct(r.replaced ? 'console.entry.replaced' : 'console.entry.added', { id: (value as { id: string }).id }) });
  };
  return (
    <div className="card">
      <h2>{ct('console.entry.title')}</h2>
      <div className="filters">
        <label>
          {ct('console.entry.pick')}
          <select name="entry" defaultValue="" onChange={(e) => pick(e.target.value)}>
            <option value="">{ct('console.entry.new')}</option>
            {entryIds(draft ?? {}).map(({ kind, id }) => (
              <option key={`${kind}:${id}`} value={`${kind}:${id}`}>
                {ct(kind === 'service' ? 'console.entry.service' : 'console.entry.agency', { id })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {ct('console.entry.upload')}
          <input
            type="file"
            name="entry-file"
            accept="application/json,.json"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void f.text().then((t) => (setEntry(t), setMessage(null)));
            }}
          />
        </label>
      </div>
      <textarea name="entry-json" style={{ minHeight: '10rem', fontFamily: 'monospace' }} value={entry} onChange={(e) => setEntry(e.target.value)} />
      <button onClick={put}>{ct('console.entry.put')}</button>
      {message && (
        <p className={message.ok ? 'ok' : 'error'} role="status">
          {message.text}
        </p>
      )}
    </div>
  );
}
