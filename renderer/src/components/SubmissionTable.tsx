import type { MessageKey } from '../../../shared/i18n/index.js';
import { useQuery } from '../api/hooks.js';
import { useI18n } from '../i18n/i18n.js';
import { formatDateTime } from './format.js';

/**
 * The stored submissions, newest first. Shows numbers, service and status only: never a
 * resident's name or NIK, so it is safe on a screen others can see.
 */
export function SubmissionTable({ limit }: { limit: number }) {
  const { t, lang } = useI18n();
  const page = useQuery('submissions:list', { limit }, ['submissions:changed']);
  const catalogue = useQuery('catalogue:list', {}, ['catalogue:changed']);
  if (!page.data) return null;
  // Titles as the catalogue names them; a service no longer in it keeps its id.
  const titles = new Map((catalogue.data?.services ?? []).map((s) => [s.id, s.title]));
  const { items, total } = page.data;
  return (
    <section className="panel submissions" aria-labelledby="submissions-title">
      <h2 id="submissions-title">{t('submissions.title')}</h2>
      {items.length === 0 ? (
        <p data-testid="submissions-empty">{t('submissions.empty')}</p>
      ) : (
        <table data-testid="submissions">
          <thead>
            <tr>
              <th scope="col">{t('submissions.col.registration')}</th>
              <th scope="col">{t('submissions.col.service')}</th>
              <th scope="col">{t('submissions.col.status')}</th>
              <th scope="col">{t('submissions.col.created')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.id} data-id={s.id}>
                <td className="mono">{s.registrationNo}</td>
                <td data-service={s.serviceId}>{titles.get(s.serviceId) ?? s.serviceId}</td>
                <td>{t(`status.${s.status}` as MessageKey)}</td>
                <td>{formatDateTime(s.createdAt, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {total > items.length && <p>{t('submissions.more', { count: total - items.length })}</p>}
    </section>
  );
}
