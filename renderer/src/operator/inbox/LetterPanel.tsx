import QRCode from 'qrcode';
import { useCallback, useEffect, useState } from 'react';
import type { LetterPreview } from '../../../../shared/api/calls/letters.js';
import type { SubmissionStatus } from '../../../../shared/domain/submission.js';
import { ApiFailure } from '../../../../shared/api/result.js';
import { call } from '../../api/client.js';
import { useI18n } from '../../i18n/i18n.js';
import { useDesk } from '../auth/desk-session.js';

/**
 * The request's letter once signed: its number, date and QR on screen, the PDF previewed
 * (letters:get, audited), and printed to the office's letter printer (Alt+P). Before signing
 * it says when the letter comes.
 */
export function LetterPanel({ submissionId, status }: { submissionId: string; status: SubmissionStatus }) {
  const { t } = useI18n();
  const { can } = useDesk();
  const [preview, setPreview] = useState<LetterPreview | null>(null);
  const [pdfUrl, setPdfUrl] = useState<string | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [message, setMessage] = useState<{ problem: boolean; text: string } | null>(null);
  const [printing, setPrinting] = useState(false);

  useEffect(() => {
    if (status === 'awaiting_signature') return;
    let url: string | null = null;
    let gone = false;
    call('letters:get', { submissionId }).then(
      (p) => {
        if (gone) return;
        setPreview(p);
        if (p.pdfBase64) {
          const bytes = Uint8Array.from(atob(p.pdfBase64), (c) => c.charCodeAt(0));
          url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
          setPdfUrl(url);
        }
        void QRCode.toString(p.letter.token, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then((svg) => {
          if (!gone) setQr(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
        });
      },
      (e: unknown) => !gone && setMessage({ problem: true, text: t(e instanceof ApiFailure && e.code === 'not_found' ? 'letters.error.notFound' : 'error.internal') }),
    );
    return () => {
      gone = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [submissionId, status, t]);

  const print = useCallback(async (): Promise<void> => {
    if (!preview || printing) return;
    setPrinting(true);
    setMessage({ problem: false, text: t('work.letter.printing') });
    try {
      const r = await call('letters:print', { submissionId });
      setPreview({ ...preview, letter: r.letter });
      setMessage({ problem: false, text: t('letters.print.ok', { number: r.letter.number, printer: r.printer }) });
    } catch (e) {
      const details = (e instanceof ApiFailure ? e.details : undefined) as Record<string, unknown> | undefined;
      const reason = typeof details?.['error'] === 'string' ? details['error'] : e instanceof Error ? e.message : '';
      const text =
        e instanceof ApiFailure && e.code === 'printer_not_ready'
          ? details?.['printer'] === null
            ? t('letters.print.noPrinter')
            : t('letters.print.failed', { number: preview.letter.number, reason })
          : t('error.internal');
      setMessage({ problem: true, text });
    } finally {
      setPrinting(false);
    }
  }, [preview, printing, submissionId, t]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!e.altKey || (e.key.toLowerCase() !== 'p' && e.code !== 'KeyP')) return;
      e.preventDefault();
      void print();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [print]);

  if (status === 'awaiting_signature') {
    return (
      <div className="letter" data-testid="letter-panel" data-state="pending">
        <h3>{t('work.letter.title')}</h3>
        <p>{t('work.letter.none')}</p>
      </div>
    );
  }
  const letter = preview?.letter;
  return (
    <div className="letter" data-testid="letter-panel" data-state={letter ? 'issued' : 'loading'}>
      <h3>{t('work.letter.title')}</h3>
      {letter && (
        <div className="letter-facts">
          <dl className="facts">
            <dt>{t('work.letter.number')}</dt>
            <dd className="mono" data-testid="letter-number">
              {letter.number}
            </dd>
            <dt>{t('work.letter.date')}</dt>
            <dd>{letter.date}</dd>
            <dt>{t('operator.job.printed')}</dt>
            <dd data-testid="letter-print-count">{t('work.letter.printCount', { n: letter.printCount })}</dd>
          </dl>
          {qr && <img className="letter-qr" src={qr} alt={t('work.letter.qr')} data-testid="letter-qr" data-token={letter.token} />}
        </div>
      )}
      {letter && can('letters.issue') && (
        <button type="button" className="primary" disabled={printing} onClick={() => void print()} aria-keyshortcuts="Alt+P" data-testid="letter-print">
          {t('work.letter.print')}
        </button>
      )}
      {message && (
        <p className={message.problem ? 'problem' : 'notice'} role={message.problem ? 'alert' : 'status'} data-testid="letter-message">
          {message.text}
        </p>
      )}
      {preview && !preview.pdfBase64 && <p>{t('letters.preview.tooLarge')}</p>}
      {pdfUrl && letter && <iframe className="letter-pdf" src={pdfUrl} title={t('work.letter.preview', { number: letter.number })} data-testid="letter-pdf" />}
    </div>
  );
}
