import { useRef, useState } from 'react';
import type { SubmissionStatus } from '../../../../shared/domain/submission.js';
import { DESA_OPEN_STATES, DESA_STATES } from '../../../../shared/domain/workflow.js';
import { useQuery } from '../../api/hooks.js';
import { formatDateTime } from '../../components/format.js';
import { useI18n } from '../../i18n/i18n.js';
import { useDeskNav } from '../desk-nav.js';
import { RequestDetail } from './RequestDetail.js';

const PAGE = 25;

/**
 * The desa's inbox: its own services' requests by state, oldest first, with the SLA in working
 * days and a breach flag. ↑/↓ between rows, Enter opens the request; Esc comes back.
 */
export function InboxScreen() {
  const nav = useDeskNav();
  const [openId, setOpenId] = useState<string | null>(nav.requestId);
  if (openId) return <RequestDetail id={openId} onBack={() => setOpenId(null)} />;
  return <InboxList onOpen={setOpenId} />;
}

function InboxList({ onOpen }: { onOpen: (id: string) => void }) {
  const { t, lang } = useI18n();
  const [status, setStatus] = useState<SubmissionStatus | undefined>(undefined);
  const [offset, setOffset] = useState(0);
  const inbox = useQuery('desk:inbox', { ...(status ? { status } : {}), limit: PAGE, offset }, ['submissions:changed']);
  const rows = useRef<HTMLTableSectionElement>(null);
  const moveFocus = (e: React.KeyboardEvent<HTMLTableRowElement>, id: string): void => {
    const list = [...(rows.current?.querySelectorAll<HTMLTableRowElement>('tr') ?? [])];
    const i = list.indexOf(e.currentTarget);
    if (e.key === 'Enter') onOpen(id);
    else if (e.key === 'ArrowDown') list[i + 1]?.focus();
    else if (e.key === 'ArrowUp') list[i - 1]?.focus();
    else return;
    e.preventDefault();
  };
  const counts = inbox.data?.byStatus ?? {};
  const openCount = DESA_OPEN_STATES.reduce((n, s) => n + (counts[s] ?? 0), 0);
  const tabs: (SubmissionStatus | undefined)[] = [undefined, ...DESA_STATES];
  return (
    <section className="panel inbox" aria-labelledby="inbox-title" data-testid="inbox">
      <h2 id="inbox-title">{t('work.inbox.title')}</h2>
      <div className="status-tabs" role="group">
        {tabs.map((s) => (
          <button
            key={s ?? 'all'}
            type="button"
            aria-pressed={status === s}
            onClick={() => {
              setStatus(s);
              setOffset(0);
            }}
            data-testid={`inbox-tab-${s ?? 'all'}`}
          >
            {s ? t(`status.${s}`) : t('work.inbox.all')} <span className="count">{s ? (counts[s] ?? 0) : openCount}</span>
          </button>
        ))}
      </div>
      <p className="hint">{t('work.inbox.hint')}</p>
      {inbox.data && inbox.data.items.length === 0 && <p>{t('work.inbox.empty')}</p>}
      {inbox.data && inbox.data.items.length > 0 && (
        <table className="dense">
          <thead>
            <tr>
              <th>{t('work.inbox.col.no')}</th>
              <th>{t('work.inbox.col.service')}</th>
              <th>{t('work.inbox.col.applicant')}</th>
              <th>{t('work.inbox.col.status')}</th>
              <th>{t('work.inbox.col.age')}</th>
              <th>{t('work.inbox.col.sla')}</th>
            </tr>
          </thead>
          <tbody ref={rows}>
            {inbox.data.items.map((r) => (
              <tr
                key={r.id}
                tabIndex={0}
                className={r.sla.breached ? 'breached' : undefined}
                onKeyDown={(e) => moveFocus(e, r.id)}
                onClick={() => onOpen(r.id)}
                data-testid="inbox-row"
                data-id={r.id}
                data-status={r.status}
                data-breached={r.sla.breached}
              >
                <td className="mono">{r.registrationNo}</td>
                <td>{r.serviceTitle}</td>
                <td>{r.applicantName}</td>
                <td>{t(`status.${r.status}`)}</td>
                <td>{formatDateTime(r.createdAt, lang)}</td>
                <td>
                  {t('work.inbox.sla', { used: r.sla.used, days: r.sla.days, due: r.sla.dueDay })}
                  {r.sla.breached && <strong className="flag"> {t('work.inbox.breached')}</strong>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {inbox.data && (
        <p className="pager">
          {t('work.inbox.total', { shown: inbox.data.items.length, total: inbox.data.total })}{' '}
          {offset > 0 && (
            <button type="button" onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              {t('work.inbox.prev')}
            </button>
          )}
          {offset + PAGE < inbox.data.total && (
            <button type="button" onClick={() => setOffset(offset + PAGE)}>
              {t('work.inbox.more')}
            </button>
          )}
        </p>
      )}
    </section>
  );
}
