import { useState } from 'react';
import { periodAround, periodProblem, type Period, type PeriodKind } from '../../../../shared/reports/reports.js';
import { useI18n } from '../../i18n/i18n.js';

const KINDS: readonly PeriodKind[] = ['day', 'week', 'month', 'range'];

/** dd-mm-yyyy, as the PDF writes a period. */
export function periodText(p: Period): string {
  const d = (s: string): string => s.split('-').reverse().join('-');
  return p.from === p.to ? d(p.from) : `${d(p.from)} s.d. ${d(p.to)}`;
}

/** Day, week (Monday to Sunday), month, or a chosen range; gives null while a range is not one. */
export function PeriodPicker({ today, onChange }: { today: string; onChange: (p: Period | null) => void }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<PeriodKind>('day');
  const [day, setDay] = useState(today);
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const compute = (k: PeriodKind, d: string, f: string, e: string): Period | null => {
    const p = k === 'range' ? { from: f, to: e } : /^\d{4}-\d{2}-\d{2}$/.test(d) ? periodAround(k, d) : null;
    return p && periodProblem(p) === null ? p : null;
  };
  const update = (k: PeriodKind, d: string, f: string, e: string): void => {
    setKind(k);
    setDay(d);
    setFrom(f);
    setTo(e);
    onChange(compute(k, d, f, e));
  };
  const current = compute(kind, day, from, to);
  return (
    <fieldset className="report-period" data-testid="report-period">
      <legend>{t('reports.period')}</legend>
      <div className="status-tabs" role="group" aria-label={t('reports.period')}>
        {KINDS.map((k) => (
          <button key={k} type="button" aria-pressed={kind === k} data-testid={`period-${k}`} onClick={() => update(k, day, from, to)}>
            {t(`reports.period.${k}`)}
          </button>
        ))}
      </div>
      {kind === 'range' ? (
        <>
          <label>
            {t('reports.period.from')} <input type="date" value={from} data-testid="period-from" onChange={(e) => update(kind, day, e.target.value, to)} />
          </label>
          <label>
            {t('reports.period.to')} <input type="date" value={to} data-testid="period-to" onChange={(e) => update(kind, day, from, e.target.value)} />
          </label>
        </>
      ) : (
        <label>
          {t('reports.period.date')} <input type="date" value={day} data-testid="period-date" onChange={(e) => update(kind, e.target.value, from, to)} />
        </label>
      )}
      <p data-testid="period-shown" role="status">
        {current ? t('reports.period.shown', { period: periodText(current) }) : t('reports.period.bad')}
      </p>
    </fieldset>
  );
}
