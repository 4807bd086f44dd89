import { useEffect, useState } from 'react';
import type { QueueCountersView } from '../../../../shared/api/calls/queue.js';
import { useQuery } from '../../api/hooks.js';
import { useI18n } from '../../i18n/i18n.js';
import { errorText } from '../error-text.js';
import { CounterDesk } from './CounterDesk.js';

/** The desk PC remembers which counter it is (a counter is a place, not a person). */
const COUNTER_KEY = 'anjungan.desk.counter';

function storedCounter(): number | null {
  try {
    const n = Number(localStorage.getItem(COUNTER_KEY));
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

/** "Loket": pick my counter, then work it (CounterDesk). */
export function CounterScreen() {
  const { t } = useI18n();
  const view = useQuery('queue:counters', {}, ['queue:changed']);
  const [chosen, setChosen] = useState<number | null>(storedCounter);
  const active = view.data?.counters.filter((c) => c.active) ?? [];
  const counter = active.find((c) => c.number === chosen) ?? (active.length === 1 ? active[0] : undefined);
  useEffect(() => {
    if (counter === undefined) return;
    try {
      localStorage.setItem(COUNTER_KEY, String(counter.number));
    } catch {
      /* storage may be unavailable: the choice lasts for this page */
    }
  }, [counter]);
  if (view.error) return <p className="problem" role="alert">{errorText(t, view.error)}</p>;
  if (!view.data) return <p aria-busy="true">{t('app.loading')}</p>;
  return (
    <section className="panel counter-screen" aria-labelledby="counter-title" data-testid="counter-screen">
      <h2 id="counter-title">{t('queue.desk.title')}</h2>
      {active.length === 0 ? (
        <p data-testid="counter-none">{t('queue.desk.noCounters')}</p>
      ) : (
        <label className="counter-pick">
          {t('queue.desk.myCounter')}{' '}
          <select value={counter?.number ?? ''} onChange={(e) => setChosen(Number(e.target.value))} data-testid="counter-pick">
            {counter === undefined && <option value="">—</option>}
            {active.map((c) => (
              <option key={c.number} value={c.number}>
                {c.name} ({c.groups.join(', ')})
              </option>
            ))}
          </select>
        </label>
      )}
      {counter && <CounterDesk key={counter.number} counter={counter} view={view.data as QueueCountersView} />}
    </section>
  );
}
