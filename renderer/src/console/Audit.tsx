import { useEffect, useState } from 'react';
import type { AuditRow as ChainedAuditRow } from '../../../shared/domain/audit-chain.js';
import { ct } from '../../../shared/i18n/console-id.js';
import { api } from './api.js';
import { downloadCsv } from './csv.js';
import { errorText } from './error-text.js';

/** The hub's audit rows are chained like the desk's (shared/domain/audit-chain.ts); the hub keeps no device column. */
type AuditRow = Omit<ChainedAuditRow, 'deviceId'>;
interface AuditPage {
  items: AuditRow[];
  chain: { rows: number; ok: boolean; problem: string | null };
}

/** The hub's append-only, hash-chained audit log (the kabupaten admin): newest first, 50 a page, the chain's state, CSV. */
export function Audit({ onError }: { onError: (e: unknown) => void }) {
  const [page, setPage] = useState(1);
  const [data, setData] = useState<AuditPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<AuditPage>('GET', `/audit?page=${page}`).then(
      (d) => (setData(d), setError(null)),
      (e: unknown) => (onError(e), setError(errorText(e))),
    );
  }, [page, onError]);
  const rows = (data?.items ?? []).map((r) => [r.seq, r.at, r.actor, r.action, r.subject, r.detail === null ? '' : JSON.stringify(r.detail)] as const);
  return (
    <section>
      <h1>{ct('console.audit.title')}</h1>
      {error && <p className="error">{error}</p>}
      {data && (
        <p className={data.chain.ok ? 'ok' : 'error'} data-testid="audit-chain">
          {data.chain.ok ? ct('console.audit.chainOk', { rows: data.chain.rows }) : ct('console.audit.chainBroken', { problem: data.chain.problem ?? '?' })}
        </p>
      )}
      <table data-testid="audit">
        <thead>
          <tr>
            <th>#</th>
            <th>{ct('console.audit.at')}</th>
            <th>{ct('console.audit.actor')}</th>
            <th>{ct('console.audit.action')}</th>
            <th>{ct('console.audit.subject')}</th>
            <th>{ct('console.audit.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([seq, at, actor, action, subject, detail]) => (
            <tr key={seq}>
              <td>{seq}</td>
              <td>{new Date(at).toLocaleString('id-ID')}</td>
              <td>{actor}</td>
              <td>{action}</td>
              <td>{subject ?? '—'}</td>
              <td>
                <code>{detail.slice(0, 200)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <button disabled={page <= 1} onClick={() => setPage(page - 1)}>
          {ct('console.prev')}
        </button>{' '}
        <button disabled={(data?.items.length ?? 0) < 50} onClick={() => setPage(page + 1)}>
          {ct('console.next')}
        </button>{' '}
        <button onClick={() => downloadCsv(`audit-${page}.csv`, ['seq', 'at', 'actor', 'action', 'subject', 'detail'], rows)}>{ct('console.csv')}</button>
      </p>
    </section>
  );
}
