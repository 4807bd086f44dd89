import type { QueueTimeRow } from '../../../../shared/queue/report.js';
import type { Period } from '../../../../shared/reports/reports.js';
import { useQuery } from '../../api/hooks.js';
import { useI18n } from '../../i18n/i18n.js';
import { BarTable, countBars as counts, type BarItem } from './BarTable.js';
import { minutes, num } from './format.js';

/** One bar per row that has the time (a counter that never served has no serving time). */
const times = (rows: readonly QueueTimeRow[], pick: (r: QueueTimeRow) => number | null): BarItem[] =>
  rows.filter((r) => pick(r) !== null).map((r) => ({ key: r.key, label: r.label, value: pick(r)! / 60, text: minutes(pick(r)) }));

const COLS = ['called', 'served', 'noShow', 'waitMedian', 'waitP90', 'serveMedian', 'serveP90'] as const;

/** Every figure of the time rows, per counter or per hour: the table the PDF prints. */
function TimeTable({ id, first, rows }: { id: string; first: string; rows: readonly QueueTimeRow[] }) {
  const { t } = useI18n();
  return (
    <table className="dense report-table" data-testid={`table-${id}`}>
      <thead>
        <tr>
          <th scope="col">{first}</th>
          {COLS.map((c) => (
            <th key={c} scope="col" className="num">{t(`reports.queue.col.${c}`)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-key={r.key}>
            <th scope="row">{r.label}</th>
            <td className="num">{num(r.called)}</td>
            <td className="num">{num(r.served)}</td>
            <td className="num">{num(r.noShow)}</td>
            <td className="num">{minutes(r.waitMedianS)}</td>
            <td className="num">{minutes(r.waitP90S)}</td>
            <td className="num">{minutes(r.serveMedianS)}</td>
            <td className="num">{minutes(r.serveP90S)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The queue report (reports:queue): waiting and serving times per counter and per hour of day, tickets by state and lane. */
export function QueueReportView({ period }: { period: Period }) {
  const { t } = useI18n();
  const q = useQuery('reports:queue', { period }, ['queue:changed']);
  if (q.error) return <p role="alert" className="problem">{t('reports.failed', { message: q.error.message })}</p>;
  const r = q.data;
  if (!r) return <p>{t('app.loading')}</p>;
  const o = r.overall;
  const min = t('reports.queue.minutes');
  const counter = t('reports.queue.col.counter');
  const hour = t('reports.queue.col.hour');
  return (
    <div data-testid="report-queue" data-issued={r.issued} data-called={o.called} data-no-show={o.noShow}>
      <p className="report-headline" data-testid="queue-summary">
        {t('reports.queue.summary', { issued: num(r.issued), called: num(o.called), noShow: num(o.noShow), wait: minutes(o.waitMedianS), serve: minutes(o.serveMedianS) })}
      </p>
      <BarTable id="queue-wait-counter" title={t('reports.queue.waitByCounter')} items={times(r.byCounter, (x) => x.waitMedianS)} labelHeader={counter} valueHeader={min} />
      <BarTable id="queue-serve-counter" title={t('reports.queue.serveByCounter')} items={times(r.byCounter, (x) => x.serveMedianS)} labelHeader={counter} valueHeader={min} />
      <TimeTable id="queue-counter-detail" first={counter} rows={r.byCounter} />
      <BarTable id="queue-wait-hour" title={t('reports.queue.waitByHour')} items={times(r.byHour, (x) => x.waitMedianS)} labelHeader={hour} valueHeader={min} />
      <TimeTable id="queue-hour-detail" first={hour} rows={r.byHour} />
      <BarTable id="queue-state" title={t('reports.queue.byState')} items={counts(r.byState)} labelHeader={t('reports.col.group')} valueHeader={t('reports.count')} />
      <BarTable id="queue-lane" title={t('reports.queue.byLane')} items={counts(r.byLane)} labelHeader={t('reports.col.group')} valueHeader={t('reports.count')} />
    </div>
  );
}
