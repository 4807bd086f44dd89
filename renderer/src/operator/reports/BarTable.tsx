import { Bar, BarChart, CartesianGrid, LabelList, Tooltip, XAxis, YAxis } from 'recharts';
import type { CountRow } from '../../../../shared/reports/reports.js';
import { useI18n } from '../../i18n/i18n.js';
import { num } from './format.js';

export interface BarItem {
  key: string;
  label: string;
  value: number;
  /** The value as shown (on the bar, in the tooltip, in the table). */
  text: string;
}

/** Count rows as bars, the count written as the PDF writes it. */
export const countBars = (rows: readonly CountRow[]): BarItem[] => rows.map((r) => ({ key: r.key, label: r.label, value: r.count, text: num(r.count) }));

/** At most this many bars in one chart (a bound: the table beside it lists every row). */
const MAX_BARS = 15;
const ROW_H = 30;

/**
 * One chart and, beside it, the same rows as a table: the table is what a screen reader and a
 * keyboard user read; the chart (recharts, its keyboard accessibility layer on) shows each
 * value on its bar and again on hover.
 */
export function BarTable({ id, title, items, max, labelHeader, valueHeader }: {
  id: string;
  title: string;
  items: readonly BarItem[];
  /** The scale's end (100 for percentages, 4 for NRR); default the largest value. */
  max?: number;
  labelHeader: string;
  valueHeader: string;
}) {
  const { t } = useI18n();
  const bars = items.slice(0, MAX_BARS);
  return (
    <figure className="report-chart" data-testid={`chart-${id}`} aria-labelledby={`chart-${id}-title`}>
      <figcaption id={`chart-${id}-title`}>{title}</figcaption>
      {items.length === 0 ? (
        <p className="hint" data-testid={`chart-${id}-empty`}>{t('reports.empty')}</p>
      ) : (
        <div className="report-chart-body">
          <div className="report-chart-svg" aria-hidden="false">
            <BarChart
              width={460}
              height={bars.length * ROW_H + 36}
              data={bars.map((b) => ({ ...b }))}
              layout="vertical"
              margin={{ top: 4, right: 56, bottom: 4, left: 4 }}
              accessibilityLayer
              title={title}
            >
              <CartesianGrid horizontal={false} strokeDasharray="3 3" />
              <XAxis type="number" domain={[0, max ?? 'auto']} allowDecimals={max !== undefined} tick={{ fontSize: 12 }} />
              <YAxis type="category" dataKey="label" width={170} tick={{ fontSize: 12 }} interval={0} />
              <Tooltip formatter={(_v, _n, entry) => [(entry.payload as BarItem).text, valueHeader]} />
              <Bar dataKey="value" name={valueHeader} fill="#1f5f99" isAnimationActive={false}>
                <LabelList dataKey="text" position="right" className="report-bar-value" />
              </Bar>
            </BarChart>
          </div>
          <table className="dense report-table" data-testid={`table-${id}`}>
            <thead>
              <tr>
                <th scope="col">{labelHeader}</th>
                <th scope="col" className="num">{valueHeader}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((b) => (
                <tr key={b.key} data-key={b.key}>
                  <th scope="row">{b.label}</th>
                  <td className="num">{b.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </figure>
  );
}
