import type { BoardCounter, BoardState, QueueCall } from '../../../shared/queue/board.js';
import { t } from '../../../shared/i18n/index.js';
import { Clock } from './Clock.js';
import { Marquee } from './Marquee.js';

/**
 * The board at 1920×1080, for a room of up to ~5 m: each counter's ticket in numbers a
 * hand high, the last calls and the waiting counts at the side, the latest call's text in a
 * band, and the admin's running text at the foot.
 */
export function BoardScreen({ board, latest, office }: { board: BoardState; latest: QueueCall | undefined; office: string }) {
  const newest = latest ?? board.lastCalls[0];
  return (
    <>
      <header className="display-header">
        <div>
          <h1>{t('id', 'display.title')}</h1>
          <p className="display-office">{office}</p>
        </div>
        <Clock />
      </header>
      <main className="display-main">
        <section className="display-counters" data-count={board.counters.length} aria-label={t('id', 'display.called')}>
          {board.counters.length === 0 ? (
            <p className="display-empty">{t('id', 'display.noCounters')}</p>
          ) : (
            board.counters.map((c) => <CounterCard key={c.number} counter={c} fresh={newest !== undefined && newest.counter === c.number && c.current?.label === newest.label} callKey={newest?.id} />)
          )}
        </section>
        <aside className="display-side">
          <section aria-labelledby="display-last">
            <h2 id="display-last">{t('id', 'display.lastCalls')}</h2>
            {board.lastCalls.length === 0 ? (
              <p className="display-empty">{t('id', 'display.lastCalls.empty')}</p>
            ) : (
              <ol className="display-last" data-testid="display-last">
                {board.lastCalls.slice(0, 5).map((c) => (
                  <li key={c.id}>
                    <span className="display-last-label">{c.label}</span>
                    <span className="display-last-counter">{c.counterName}</span>
                  </li>
                ))}
              </ol>
            )}
          </section>
          <section aria-labelledby="display-waiting">
            <h2 id="display-waiting">{t('id', 'display.waiting')}</h2>
            {board.waiting.length === 0 ? (
              <p className="display-empty">{t('id', 'display.waiting.empty')}</p>
            ) : (
              <ul className="display-waiting" data-testid="display-waiting">
                {board.waiting.map((w) => (
                  <li key={w.group} data-group={w.group} data-waiting={w.waiting}>
                    <span className="display-waiting-group">{w.group}</span>
                    <span className="display-waiting-label">{w.label}</span>
                    <span className="display-waiting-count">
                      {t('id', 'display.waiting.count', { count: w.waiting })}
                      {w.priority > 0 && <small>{t('id', 'display.waiting.priority', { count: w.priority })}</small>}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </aside>
      </main>
      <p className="display-callout" data-testid="display-callout" aria-live="assertive">
        {newest?.displayText ?? ''}
      </p>
      <Marquee text={board.runningText} />
    </>
  );
}

function CounterCard({ counter, fresh, callKey }: { counter: BoardCounter; fresh: boolean; callKey: string | undefined }) {
  const current = counter.current;
  return (
    <article
      className={`display-counter ${fresh ? 'fresh' : ''}`}
      // A new call (or a recall) remounts the number so its flash plays again.
      key={fresh ? callKey : 'steady'}
      data-testid={`display-counter-${counter.number}`}
      data-state={current?.state ?? 'free'}
    >
      <h2 className="display-counter-name">{counter.name}</h2>
      <p className="display-number" data-testid={`display-number-${counter.number}`}>
        {current?.label ?? '—'}
      </p>
      <p className="display-counter-state">{current ? t('id', current.state === 'serving' ? 'display.serving' : 'display.called') : t('id', 'display.free')}</p>
    </article>
  );
}
