import { useEffect, useRef, useState } from 'react';
import type { KioskReceipt } from '../../../../shared/api/calls/kiosk.js';
import { useI18n } from '../../i18n/i18n.js';
import { printReceipt, type PrintOutcome } from '../devices.js';
import type { FlowEvent } from '../flow/machine.js';
import { Nav } from '../parts/Nav.js';
import { useVoice } from '../voice.js';

/** The stored request: queue number, registration and tracking numbers, and the printed receipt (or why not). */
export function Receipt({ receipt, dispatch }: { receipt: KioskReceipt; dispatch: (e: FlowEvent) => void }) {
  const { t } = useI18n();
  const { say } = useVoice();
  const [print, setPrint] = useState<PrintOutcome | 'printing'>('printing');
  const started = useRef(false);
  useEffect(() => {
    // Once per receipt, even if React runs the effect twice.
    if (started.current) return;
    started.current = true;
    void printReceipt(receipt.submissionId).then(setPrint);
  }, [receipt]);
  useEffect(() => {
    if (print === 'printing') say([{ text: t('kiosk.receipt.speak', { queue: receipt.queueNo.replace('-', ' ') }) }]);
    else {
      const key = print === 'printed' ? 'kiosk.receipt.printed' : 'kiosk.receipt.printFailed';
      say([{ key, text: t(key) }]);
    }
  }, [print, receipt, say, t]);
  return (
    <section className="screen screen-split screen-receipt" data-screen="receipt">
      <div className="split-a">
        <h2>
          <span aria-hidden="true">✓ </span>
          {t('kiosk.receipt.title')}
        </h2>
        <p className="queue-label">{t('kiosk.receipt.queue')}</p>
        <p className="queue-no" data-testid="queue-no">
          {receipt.queueNo}
        </p>
        <dl className="facts">
          <dt>{t('kiosk.review.service')}</dt>
          <dd>{receipt.serviceTitle}</dd>
          <dt>{t('kiosk.receipt.registration')}</dt>
          <dd className="mono" data-testid="registration-no">
            {receipt.registrationNo}
          </dd>
          <dt>{t('kiosk.receipt.tracking')}</dt>
          <dd className="mono" data-testid="tracking-code">
            {receipt.trackingCode}
          </dd>
        </dl>
      </div>
      <div className="split-b">
        <p className="lead">{t('kiosk.receipt.sla', { text: receipt.sla })}</p>
        <p>{receipt.completion === 'forward' && receipt.forwardTo ? t('kiosk.receipt.forward', { opd: receipt.forwardTo }) : t('kiosk.receipt.desa')}</p>
        <PrintState print={print} />
        <Nav>
          <button type="button" className="btn btn-primary" onClick={() => dispatch({ type: 'receipt-done' })} disabled={print === 'printing'} data-testid="next">
            {t('kiosk.receipt.next')}
            <span aria-hidden="true"> →</span>
          </button>
        </Nav>
      </div>
    </section>
  );
}

function PrintState({ print }: { print: PrintOutcome | 'printing' }) {
  const { t } = useI18n();
  if (print === 'printing') {
    return (
      <p className="lead" role="status" data-testid="print-state" data-state="printing">
        {t('kiosk.receipt.printing')}
      </p>
    );
  }
  if (print === 'printed') {
    return (
      <p className="lead ok" role="status" data-testid="print-state" data-state="printed">
        <span aria-hidden="true">✓ </span>
        {t('kiosk.receipt.printed')}
      </p>
    );
  }
  return (
    <p className="problem" role="alert" data-testid="print-state" data-state="failed">
      <span aria-hidden="true">⚠ </span>
      {t('kiosk.receipt.printFailed')}
    </p>
  );
}
