import { useState } from 'react';
import type { Period, ReportKind } from '../../../../shared/reports/reports.js';
import { call } from '../../api/client.js';
import { useI18n } from '../../i18n/i18n.js';

/** Hands bytes to the browser (or the Electron shell) as a file download. */
function save(filename: string, parts: BlobPart[], type: string): void {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: the download reads the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** One click each: the report as CSV (reports:csv) and as PDF (reports:pdf, kop and vector charts). */
export function ReportExport({ kind, period }: { kind: ReportKind; period: Period }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const run = async (format: 'csv' | 'pdf'): Promise<void> => {
    setBusy(true);
    setProblem(null);
    try {
      if (format === 'csv') {
        const r = await call('reports:csv', { kind, period });
        // A BOM so a spreadsheet opens the UTF-8 names right.
        save(r.filename, ['\ufeff', r.csv], 'text/csv;charset=utf-8');
      } else {
        const r = await call('reports:pdf', { kind, period });
        save(r.filename, [fromBase64(r.pdfBase64)], 'application/pdf');
      }
    } catch (err) {
      setProblem((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="report-export">
      <button type="button" disabled={busy} data-testid="report-csv" onClick={() => void run('csv')}>
        {t('reports.csv')}
      </button>
      <button type="button" disabled={busy} data-testid="report-pdf" onClick={() => void run('pdf')}>
        {t('reports.pdf')}
      </button>
      {busy && <span role="status">{t('reports.downloading')}</span>}
      {problem && <p role="alert" className="problem">{t('reports.failed', { message: problem })}</p>}
    </div>
  );
}
