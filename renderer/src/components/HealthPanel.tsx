import { useEffect } from 'react';
import type { MessageKey } from '../../../shared/i18n/index.js';
import { useQuery } from '../api/hooks.js';
import { useI18n } from '../i18n/i18n.js';
import { formatDateTime } from './format.js';

/** How often the panel asks again by itself: a disk fills up without any event. */
const POLL_MS = 60_000;

/** Store health as the core reports it; refreshed whenever a submission is stored, a write meets a full or unwritable disk, and every minute. */
export function HealthPanel({ startedAt }: { startedAt: string }) {
  const { t, lang } = useI18n();
  const health = useQuery('app:health', {}, ['submissions:changed', 'app:storage']);
  const { reload } = health;
  useEffect(() => {
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const store = health.data?.store;
  return (
    <section className="panel health" aria-labelledby="health-title" data-testid="health">
      <h2 id="health-title">{t('health.title')}</h2>
      {store && (
        <ul>
          <li data-testid="store-status" data-ok={store.ok} data-problem={store.problemCode ?? ''}>
            <span aria-hidden="true">{store.ok ? '✔ ' : '✖ '}</span>
            {store.problemCode ? t(`health.problem.${store.problemCode}` as MessageKey) : t(store.ok ? 'health.store.ok' : 'health.store.bad')}
          </li>
          <li>{t('health.schema', { version: store.schemaVersion })}</li>
          <li data-testid="submission-count">{t('health.count', { count: store.submissions })}</li>
          <li>{t('health.uptime', { time: formatDateTime(startedAt, lang) })}</li>
        </ul>
      )}
    </section>
  );
}
