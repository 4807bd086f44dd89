import { useEffect, useState } from 'react';
import type { EventPayload } from '../../../shared/api/contract.js';
import { api, call } from '../api/client.js';
import { useQuery } from '../api/hooks.js';
import { formatDateTime } from '../components/format.js';
import { useI18n } from '../i18n/i18n.js';
import { syncHeadline } from './sync-headline.js';
import { SyncLinks } from './SyncLinks.js';

/** Store-and-forward at a glance: backlog, parked, last success, current problem, the links, a "send now". */
export function SyncPanel() {
  const { t, lang } = useI18n();
  const status = useQuery('sync:status', {}, ['sync:progress', 'submissions:changed']);
  const [progress, setProgress] = useState<EventPayload<'sync:progress'>>();
  const [busy, setBusy] = useState(false);
  useEffect(() => api.on('sync:progress', setProgress), []);
  if (!status.data) return null;
  const s = status.data;
  const headline = syncHeadline(s);
  const sendNow = async (): Promise<void> => {
    setBusy(true);
    try {
      await call('sync:now', {});
    } catch {
      // The panel shows the error the engine recorded.
    } finally {
      setBusy(false);
      status.reload();
    }
  };
  return (
    <section className="panel sync" aria-labelledby="sync-title" data-testid="sync-panel" data-state={s.state}>
      <h2 id="sync-title">{t('operator.sync')}</h2>
      <p data-testid="sync-state" data-headline={headline.key}>
        <span aria-hidden="true">{headline.mark} </span>
        {t(headline.key)}
      </p>
      <ul>
        <li data-testid="sync-backlog">{t('sync.backlog', { count: s.backlog })}</li>
        {s.parked > 0 && <li data-testid="sync-parked">{t('sync.parked', { count: s.parked })}</li>}
        <li>{s.lastSuccessAt ? t('sync.last_success', { time: formatDateTime(s.lastSuccessAt, lang) }) : t('operator.sync.never')}</li>
        {s.state === 'sending' && progress && (
          <li>
            {t('operator.sync.progress', {
              sent: progress.submissionsSent,
              total: progress.submissionsTotal,
              kb: Math.round(progress.bytesSent / 1024),
            })}
          </li>
        )}
        {s.lastError && <li className="last-error">{t('operator.sync.lastError', { message: `${s.lastError.code}: ${s.lastError.message}` })}</li>}
        {s.upstream && <li className="mono">{t('operator.sync.hub', { url: s.upstream })}</li>}
      </ul>
      <SyncLinks status={s} />
      <button type="button" onClick={() => void sendNow()} disabled={busy || s.state === 'disabled'} data-testid="sync-now">
        {t('sync.now')}
      </button>
    </section>
  );
}
