import { useState } from 'react';
import { call } from '../../api/client.js';
import { useQuery } from '../../api/hooks.js';
import { formatDateTime } from '../../components/format.js';
import { useI18n } from '../../i18n/i18n.js';
import { errorText } from '../error-text.js';

const PAGE = 50;

interface Filter {
  actor: string;
  action: string;
  subject: string;
  /** yyyy-mm-dd as the date inputs give it (office local day). */
  from: string;
  to: string;
}
const EMPTY: Filter = { actor: '', action: '', subject: '', from: '', to: '' };

/** The filter as audit:list takes it: empty fields left out, days as [start of from, start of the day after to). */
export function auditFilter(f: Filter): { actor?: string; action?: string; subject?: string; from?: string; to?: string } | null {
  const day = (d: string, plus: number): string | null => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
    if (!m) return null;
    const at = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plus);
    return Number.isNaN(at.getTime()) ? null : at.toISOString();
  };
  const out: Record<string, string> = {};
  for (const k of ['actor', 'action', 'subject'] as const) if (f[k].trim()) out[k] = f[k].trim();
  if (f.from) {
    const v = day(f.from, 0);
    if (!v) return null;
    out['from'] = v;
  }
  if (f.to) {
    const v = day(f.to, 1);
    if (!v) return null;
    out['to'] = v;
  }
  return out;
}

/**
 * The audit log (admin): filter by who, action (or its prefix), record and days; page through
 * it newest first; download the filtered rows as CSV (the export is audited too). The chain's
 * state comes with every page: an edited or deleted row shows here as it does in `anjungan doctor`.
 */
export function AuditScreen() {
  const { t, lang } = useI18n();
  const [draft, setDraft] = useState<Filter>(EMPTY);
  const [filter, setFilter] = useState<Filter>(EMPTY);
  const [offset, setOffset] = useState(0);
  const [note, setNote] = useState<string | null>(null);
  const [bad, setBad] = useState(false);
  const applied = auditFilter(filter) ?? {};
  const list = useQuery('audit:list', { ...applied, limit: PAGE, offset });
  const data = list.data;
  const apply = (f: Filter): void => {
    if (!auditFilter(f)) return setBad(true);
    setBad(false);
    setFilter(f);
    setOffset(0);
    setNote(null);
  };
  const download = async (): Promise<void> => {
    try {
      const { csv, rows } = await call('audit:export', applied);
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `audit-${new Date().toISOString().slice(0, 10)}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setNote(t('audit.exported', { rows }));
      list.reload();
    } catch (e) {
      setNote(t('users.error', { message: errorText(t, e) }));
    }
  };
  const field = (k: keyof Filter, label: 'audit.filter.actor' | 'audit.filter.action' | 'audit.filter.subject' | 'audit.filter.from' | 'audit.filter.to') => (
    <label>
      {t(label)}
      <input
        type={k === 'from' || k === 'to' ? 'date' : 'text'}
        maxLength={k === 'subject' ? 200 : 80}
        value={draft[k]}
        onChange={(e) => setDraft({ ...draft, [k]: e.target.value })}
        data-testid={`audit-${k}`}
      />
    </label>
  );
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE)) : 1;
  return (
    <section className="panel desk-audit" aria-labelledby="audit-title" data-testid="audit-screen">
      <h2 id="audit-title">{t('audit.title')}</h2>
      {data && (
        <p className={data.chain.ok ? 'chain-ok' : 'problem'} role="status" data-testid="audit-chain" data-ok={data.chain.ok}>
          {data.chain.ok ? t('audit.chain.ok', { rows: data.chain.rows }) : t('audit.chain.bad', { problem: data.chain.problem ?? '?' })}
        </p>
      )}
      <form
        className="audit-filter"
        onSubmit={(e) => {
          e.preventDefault();
          apply(draft);
        }}
      >
        {field('actor', 'audit.filter.actor')}
        {field('action', 'audit.filter.action')}
        {field('subject', 'audit.filter.subject')}
        {field('from', 'audit.filter.from')}
        {field('to', 'audit.filter.to')}
        <button type="submit" data-testid="audit-apply">
          {t('audit.filter.apply')}
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft(EMPTY);
            apply(EMPTY);
          }}
        >
          {t('audit.filter.clear')}
        </button>
        <button type="button" onClick={() => void download()} data-testid="audit-export">
          {t('audit.export')}
        </button>
      </form>
      {bad && <p className="problem">{t('audit.badDate')}</p>}
      {list.error && <p className="problem">{t('users.error', { message: errorText(t, list.error) })}</p>}
      {note && <p role="status" data-testid="audit-note">{note}</p>}
      {data && (
        <>
          <p data-testid="audit-count">{t('audit.count', { total: data.total })}</p>
          {data.items.length === 0 ? (
            <p>{t('audit.empty')}</p>
          ) : (
            <table data-testid="audit-rows">
              <thead>
                <tr>
                  <th scope="col">{t('audit.col.seq')}</th>
                  <th scope="col">{t('audit.col.at')}</th>
                  <th scope="col">{t('audit.col.actor')}</th>
                  <th scope="col">{t('audit.col.action')}</th>
                  <th scope="col">{t('audit.col.subject')}</th>
                  <th scope="col">{t('audit.col.device')}</th>
                  <th scope="col">{t('audit.col.detail')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((r) => (
                  <tr key={r.seq} data-action={r.action} data-testid="audit-row">
                    <td className="mono">{r.seq}</td>
                    <td>{formatDateTime(r.at, lang)}</td>
                    <td>{r.actor}</td>
                    <td className="mono">{r.action}</td>
                    <td className="mono">{r.subject ?? ''}</td>
                    <td className="mono">{r.deviceId ?? ''}</td>
                    <td className="mono detail">{r.detail === null || r.detail === undefined ? '' : JSON.stringify(r.detail).slice(0, 200)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {pages > 1 && (
            <div className="desk-pager">
              <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                {t('search.prev')}
              </button>
              <span>{t('search.page', { n: offset / PAGE + 1, total: pages })}</span>
              <button type="button" disabled={offset / PAGE + 1 >= pages} onClick={() => setOffset(offset + PAGE)} data-testid="audit-next">
                {t('search.next')}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
