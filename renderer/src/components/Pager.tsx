import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';

/**
 * A list that never scrolls: it shows as many items as fit the space it is given and pages the
 * rest with large "Sebelumnya" / "Berikutnya" buttons, which `footer` places (in the screen's
 * bottom row, beside "Kembali"). Page breaks come from the items' own rendered heights (measured
 * with every item laid out, before anything is painted), so nothing is cut short, and a change
 * of screen or text size re-pages the list.
 */
export function PagedList<T>(props: {
  items: readonly T[];
  itemKey: (item: T) => string;
  render: (item: T) => ReactNode;
  /** Class of the <ul> (its layout: one column, a grid...). */
  className: string;
  /** A new key starts again at page 1 (a new search, another agency). */
  resetKey?: string;
  labelledBy?: string;
  testId?: string;
  /** The row under the list; gets the pager (null with a single page). */
  footer: (pager: ReactNode) => ReactNode;
  /** Changes when `render` lays items out differently (a denser layout): the list is measured again. */
  layoutKey?: string;
  /** Told the number of pages after each measurement (useFit picks a layout with it). */
  onMeasured?: (pages: number) => void;
}) {
  const area = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const [size, setSize] = useState('');
  const key = `${props.items.map(props.itemKey).join('\u0001')}\u0002${size}\u0002${props.layoutKey ?? ''}`;
  const [measured, setMeasured] = useState<{ key: string; starts: number[] }>({ key: '', starts: [0] });
  const [paging, setPaging] = useState({ reset: props.resetKey, page: 0 });
  const measuring = measured.key !== key;

  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setSize(`${el.clientWidth}x${el.clientHeight}`));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const { onMeasured } = props;
  useLayoutEffect(() => {
    if (!measuring || !area.current || !list.current) return;
    const starts = pageStarts(area.current, list.current);
    setMeasured({ key, starts });
    onMeasured?.(starts.length);
  }, [measuring, key, onMeasured]);

  // While measuring, the pager stays as it was, so the list is measured in the space it will have;
  // if having pages changes, so does that space, and the observer measures again.
  const starts = measured.starts;
  const pages = starts.length;
  const page = paging.reset === props.resetKey ? Math.min(paging.page, pages - 1) : 0;
  const from = starts[page] ?? 0;
  const shown = measuring ? props.items : props.items.slice(from, starts[page + 1] ?? props.items.length);
  const turn = (p: number): void => setPaging({ reset: props.resetKey, page: p });
  return (
    <>
      <div className="fit-area" ref={area}>
        <ul className={`paged ${props.className}`} ref={list} aria-labelledby={props.labelledBy} data-testid={props.testId}>
          {shown.map((item) => (
            <li key={props.itemKey(item)}>{props.render(item)}</li>
          ))}
        </ul>
      </div>
      {props.footer(pages > 1 ? <Pager page={page} pages={pages} onPage={turn} /> : null)}
    </>
  );
}

/** The page controls: previous, "Halaman n dari m", next. */
export function Pager({ page, pages, onPage }: { page: number; pages: number; onPage: (page: number) => void }) {
  const { t } = useI18n();
  return (
    <div className="pager">
      <button type="button" className="btn btn-secondary" disabled={page === 0} onClick={() => onPage(page - 1)} data-testid="page-prev">
        <span aria-hidden="true">▲ </span>
        {t('kiosk.page.prev')}
      </button>
      <span className="pager-label" role="status">
        {t('kiosk.page.of', { n: page + 1, total: pages })}
      </span>
      <button type="button" className="btn btn-secondary" disabled={page >= pages - 1} onClick={() => onPage(page + 1)} data-testid="page-next">
        <span aria-hidden="true">▼ </span>
        {t('kiosk.page.next')}
      </button>
    </div>
  );
}

/** Index of the first item of each page, from the laid-out list: whole rows (items sharing a top) while they fit. */
function pageStarts(area: HTMLElement, list: HTMLElement): number[] {
  const items = [...list.children] as HTMLElement[];
  const rows: { first: number; top: number; bottom: number }[] = [];
  items.forEach((el, i) => {
    const top = el.offsetTop;
    const bottom = top + el.offsetHeight;
    const row = rows[rows.length - 1];
    if (row && Math.abs(row.top - top) < 1) row.bottom = Math.max(row.bottom, bottom);
    else rows.push({ first: i, top, bottom });
  });
  const starts = [0];
  let pageTop = rows[0]?.top ?? 0;
  for (const row of rows) {
    if (row.bottom - pageTop > area.clientHeight + 0.5 && row.first !== starts[starts.length - 1]) {
      starts.push(row.first);
      pageTop = row.top;
    }
  }
  return starts;
}
