import type { SyncStatusInfo } from '../../../shared/api/calls/sync.js';
import { formatBytes, formatDuration } from '../components/format.js';
import { useI18n } from '../i18n/i18n.js';

/** Each way up with its state and today's bytes against its budget, then what is left and when it will be through. */
export function SyncLinks({ status }: { status: SyncStatusInfo }) {
  const { t, lang } = useI18n();
  const size = formatBytes(status.backlogBytes, lang);
  return (
    <>
      {status.links.length > 1 || status.links.some((l) => l.dailyBudgetBytes !== null || l.windows.length > 0) ? (
        <>
          <h3 id="sync-links-title">{t('operator.sync.links')}</h3>
          <ul aria-labelledby="sync-links-title" data-testid="sync-links">
            {status.links.map((l) => (
              <li key={l.name} data-testid={`sync-link-${l.name}`} data-state={l.state}>
                <strong>{l.name}</strong>{' '}
                {l.state === 'closed'
                  ? t('operator.sync.link.closed', { windows: l.windows.join(', '), minutes: l.opensInMinutes ?? 0 })
                  : t(`operator.sync.link.${l.state}`)}
                {' · '}
                {l.dailyBudgetBytes !== null
                  ? t('operator.sync.link.usedOf', { used: formatBytes(l.usedToday, lang), budget: formatBytes(l.dailyBudgetBytes, lang) })
                  : t('operator.sync.link.used', { used: formatBytes(l.usedToday, lang) })}
                {l.dailyBudgetBytes !== null && <meter min={0} max={l.dailyBudgetBytes} value={Math.min(l.usedToday, l.dailyBudgetBytes)} aria-label={l.name} />}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {status.backlog > 0 && (
        <p data-testid="sync-eta">
          {status.etaSeconds !== null ? t('operator.sync.eta', { size, time: formatDuration(status.etaSeconds, lang) }) : t('operator.sync.eta.unknown', { size })}
        </p>
      )}
    </>
  );
}
