import { useEffect, useRef } from 'react';
import type { MessageKey } from '../../../../shared/i18n/index.js';
import { useQuery } from '../../api/hooks.js';
import { formatDateTime } from '../../components/format.js';
import { useI18n } from '../../i18n/i18n.js';
import { errorText } from '../error-text.js';

/** A search hit opened: the request (desk:request, the view is audited), its applicant, answers and history. */
export function RequestSummary({ id, onClose }: { id: string; onClose: () => void }) {
  const { t, lang } = useI18n();
  const view = useQuery('desk:request', { id });
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), [view.data]);
  const v = view.data;
  return (
    <div className="panel request-summary" role="dialog" aria-labelledby="request-summary-title" data-testid="request-summary">
      {view.error && <p className="problem">{t('search.error', { message: errorText(t, view.error) })}</p>}
      {v && (
        <>
          <h3 id="request-summary-title">{t('search.detail.title', { registrationNo: v.registrationNo })}</h3>
          <p>
            {v.serviceTitle} · {t(`status.${v.status}` as MessageKey)} · <span className="mono">{v.trackingCode}</span>
          </p>
          {v.request && (
            <>
              <h4>{t('search.detail.applicant')}</h4>
              <p data-testid="request-summary-applicant">
                <span className="mono">{v.request.applicant.nik}</span> · {v.request.applicant.nama} · {v.request.applicant.alamat}
              </p>
              <h4>{t('search.detail.answers')}</h4>
              <dl className="answers">
                {Object.entries(v.request.answers).map(([k, a]) => (
                  <div key={k}>
                    <dt>{k}</dt>
                    <dd>{String(a)}</dd>
                  </div>
                ))}
              </dl>
            </>
          )}
          <h4>{t('search.detail.history')}</h4>
          <ul>
            {v.history.map((h, i) => (
              <li key={i}>
                {formatDateTime(h.at, lang)} · {t(`status.${h.status}` as MessageKey)}
                {h.note ? ` · ${h.note}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      <button type="button" ref={close} onClick={onClose} data-testid="request-summary-close">
        {t('search.detail.close')}
      </button>
    </div>
  );
}
