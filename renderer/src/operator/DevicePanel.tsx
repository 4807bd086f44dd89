import type { DeviceState } from '../../../shared/devices/state.js';
import { isMessageKey } from '../../../shared/i18n/index.js';
import { useQuery } from '../api/hooks.js';
import { formatDateTime } from '../components/format.js';
import { useI18n } from '../i18n/i18n.js';

const READY = new Set(['connected', 'reading', 'printing', 'paper_near_end']);

/** Each device's state and last error, live. State is given in words and a symbol, never by colour alone. */
export function DevicePanel() {
  const { t } = useI18n();
  const status = useQuery('devices:status', {}, ['devices:status']);
  if (!status.data) return null;
  return (
    <section className="panel devices" aria-labelledby="devices-title" data-testid="device-panel">
      <h2 id="devices-title">{t('devices.title')}</h2>
      <DeviceRow label={t('devices.reader')} state={status.data.reader} testId="device-reader" />
      <DeviceRow label={t('devices.printer')} state={status.data.printer} testId="device-printer" />
    </section>
  );
}

function DeviceRow({ label, state, testId }: { label: string; state: DeviceState; testId: string }) {
  const { t, lang } = useI18n();
  const ready = READY.has(state.state);
  return (
    <div className="device-row" data-testid={testId} data-state={state.state} data-ok={ready}>
      <strong>
        <span aria-hidden="true">{ready ? '✔ ' : '⚠ '}</span>
        {label}
      </strong>{' '}
      <span className="mono">({state.driver})</span>
      <div>{isMessageKey(state.messageKey) ? t(state.messageKey) : state.state}</div>
      {state.lastError && (
        <div className="last-error" title={state.lastError.message}>
          {t('devices.lastError', { code: state.lastError.code, time: formatDateTime(state.lastError.at, lang) })}
        </div>
      )}
    </div>
  );
}
