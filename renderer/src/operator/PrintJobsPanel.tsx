import { useState } from 'react';
import type { MessageKey } from '../../../shared/i18n/index.js';
import { call } from '../api/client.js';
import { useQuery } from '../api/hooks.js';
import { formatDateTime } from '../components/format.js';
import { useI18n } from '../i18n/i18n.js';

/** The print queue at the desk: what printed, what waits and why, and a reprint for any receipt. */
export function PrintJobsPanel() {
  const { t, lang } = useI18n();
  const jobs = useQuery('print:jobs', { limit: 10 }, ['print:job']);
  const [note, setNote] = useState<string>();
  const reprint = async (submissionId: string): Promise<void> => {
    try {
      await call('print:reprint', { submissionId });
      setNote(t('operator.reprint.queued'));
    } catch {
      setNote(t('operator.reprint.failed'));
    }
  };
  if (!jobs.data) return null;
  return (
    <section className="panel print-jobs" aria-labelledby="print-jobs-title" data-testid="print-jobs">
      <h2 id="print-jobs-title">{t('operator.printJobs')}</h2>
      {jobs.data.items.length === 0 ? (
        <p>{t('operator.printJobs.empty')}</p>
      ) : (
        <table>
          <tbody>
            {jobs.data.items.map((job) => (
              <tr key={job.id} data-state={job.state}>
                <td>{formatDateTime(job.createdAt, lang)}</td>
                <td>{t(`operator.job.${job.state}` as MessageKey)}</td>
                <td className="reason">{job.reason ?? ''}</td>
                <td>
                  {/* A queue ticket printed alone has no request to reprint the receipt of. */}
                  {job.submissionId !== null && (
                    <button type="button" onClick={() => void reprint(job.submissionId!)}>
                      {t('operator.reprint')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {note && <p role="status">{note}</p>}
    </section>
  );
}
