import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { SearchPage } from '../../../../shared/api/calls/search.js';
import { MAX_QUERY_LENGTH, MAX_SEARCH_OFFSET } from '../../../../shared/domain/search.js';
import type { MessageKey } from '../../../../shared/i18n/index.js';
import { call } from '../../api/client.js';
import { useQuery } from '../../api/hooks.js';
import { formatDateTime } from '../../components/format.js';
import { useI18n } from '../../i18n/i18n.js';
import { errorText } from '../error-text.js';
import { RequestSummary } from './RequestSummary.js';

const PAGE = 20;

/**
 * The register search: one box (NIK, name with typos, registration number, tracking code,
 * phone), best match first, paged. Keyboard first: Enter searches, the arrows move through the
 * hits, Enter opens one, Escape closes it. `onOpen` lets the desk open its own request view;
 * without it a short summary opens here. Every search is audited by the core.
 */
export function SearchScreen({ onOpen }: { onOpen?: (id: string) => void }) {
  const { t, lang } = useI18n();
  const catalogue = useQuery('catalogue:list', {}, ['catalogue:changed']);
  const titles = new Map((catalogue.data?.services ?? []).map((s) => [s.id, s.title]));
  const [text, setText] = useState('');
  const [asked, setAsked] = useState<{ query: string; offset: number } | null>(null);
  const [page, setPage] = useState<SearchPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [cursor, setCursor] = useState(0);
  const [open, setOpen] = useState<string | null>(null);
  const rows = useRef<HTMLTableSectionElement>(null);
  const box = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!asked) return;
    let live = true;
    call('requests:search', { query: asked.query, limit: PAGE, offset: asked.offset }).then(
      (p) => live && (setPage(p), setError(null), setCursor(0)),
      (e: unknown) => live && (setPage(null), setError(errorText(t, e))),
    );
    return () => {
      live = false;
    };
  }, [asked, t]);

  useEffect(() => {
    rows.current?.querySelector<HTMLElement>(`tr[data-index="${cursor}"]`)?.focus();
  }, [cursor, page]);

  const search = (): void => {
    const query = text.trim();
    if (query) setAsked({ query, offset: 0 });
  };
  const openHit = (id: string): void => (onOpen ? onOpen(id) : setOpen(id));
  const items = page?.items ?? [];
  const onRowsKey = (e: KeyboardEvent): void => {
    if (e.key === 'ArrowDown') setCursor((c) => Math.min(items.length - 1, c + 1));
    else if (e.key === 'ArrowUp') {
      if (cursor === 0) box.current?.focus();
      else setCursor((c) => c - 1);
    } else if (e.key === 'Enter' && items[cursor]) openHit(items[cursor].id);
    else return;
    e.preventDefault();
  };
  // Paging stops where the core stops (MAX_SEARCH_OFFSET): past it, narrow the query.
  const pages = page ? Math.min(Math.floor(MAX_SEARCH_OFFSET / PAGE) + 1, Math.max(1, Math.ceil(page.total / PAGE))) : 1;
  const at = asked ? asked.offset / PAGE : 0;

  return (
    <section className="panel desk-search" aria-labelledby="search-title" data-testid="search-screen" onKeyDown={(e) => e.key === 'Escape' && setOpen(null)}>
      <h2 id="search-title">{t('search.title')}</h2>
      <form
        className="search-box"
        onSubmit={(e) => {
          e.preventDefault();
          search();
        }}
      >
        <label htmlFor="search-input">{t('search.label')}</label>
        <input
          id="search-input"
          ref={box}
          type="search"
          autoFocus
          autoComplete="off"
          maxLength={MAX_QUERY_LENGTH}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' && items.length > 0) {
              e.preventDefault();
              setCursor(0);
              rows.current?.querySelector<HTMLElement>('tr[data-index="0"]')?.focus();
            }
          }}
          data-testid="search-input"
        />
        <button type="submit" data-testid="search-submit">
          {t('search.submit')}
        </button>
      </form>
      <p className="help">{t('search.hint')}</p>
      {error && (
        <p className="problem" role="alert" data-testid="search-error">
          {t('search.error', { message: error })}
        </p>
      )}
      {page && asked && (
        <>
          <p role="status" data-testid="search-count">
            {page.total === 0 ? t('search.empty', { query: asked.query }) : t('search.count', { total: page.total, ms: Math.round(page.tookMs) })}
          </p>
          {items.length > 0 && (
            <table data-testid="search-results">
              <thead>
                <tr>
                  <th scope="col">{t('search.col.registration')}</th>
                  <th scope="col">{t('search.col.nik')}</th>
                  <th scope="col">{t('search.col.name')}</th>
                  <th scope="col">{t('search.col.service')}</th>
                  <th scope="col">{t('search.col.status')}</th>
                  <th scope="col">{t('search.col.created')}</th>
                  <th scope="col">{t('search.col.match')}</th>
                </tr>
              </thead>
              <tbody ref={rows} onKeyDown={onRowsKey}>
                {items.map((h, i) => (
                  <tr
                    key={h.id}
                    data-index={i}
                    data-id={h.id}
                    tabIndex={i === cursor ? 0 : -1}
                    aria-selected={i === cursor}
                    className={i === cursor ? 'selected' : undefined}
                    onClick={() => {
                      setCursor(i);
                      openHit(h.id);
                    }}
                    data-testid="search-hit"
                  >
                    <td className="mono">{h.registrationNo}</td>
                    <td className="mono">{h.nik ?? '–'}</td>
                    <td>{h.nama ?? '–'}</td>
                    <td>{titles.get(h.serviceId) ?? h.serviceId}</td>
                    <td>{t(`status.${h.status}` as MessageKey)}</td>
                    <td>{formatDateTime(h.createdAt, lang)}</td>
                    <td>{t(`search.match.${h.matchedBy}` as MessageKey)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {pages > 1 && (
            <div className="desk-pager">
              <button type="button" disabled={at === 0} onClick={() => setAsked({ ...asked, offset: asked.offset - PAGE })} data-testid="search-prev">
                {t('search.prev')}
              </button>
              <span>{t('search.page', { n: at + 1, total: pages })}</span>
              <button type="button" disabled={at + 1 >= pages} onClick={() => setAsked({ ...asked, offset: asked.offset + PAGE })} data-testid="search-next">
                {t('search.next')}
              </button>
            </div>
          )}
        </>
      )}
      {open && <RequestSummary id={open} onClose={() => setOpen(null)} />}
    </section>
  );
}
