import { useState } from 'react';
import type { Settings } from '../../../shared/domain/settings.js';
import type { MessageKey } from '../../../shared/i18n/index.js';
import { call } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import { errorText } from './error-text.js';
import { MAX_LINKS, draftOf, emptyDraft, linksFromDrafts, moveDraft, type LinkDraft, type LinkField, type LinkProblem } from './links-draft.js';

type Message = { problem: boolean; text: string } | null;

const FIELDS: { field: LinkField; label: MessageKey; mono: boolean; placeholder: string }[] = [
  { field: 'name', label: 'links.col.name', mono: false, placeholder: 'kantor' },
  { field: 'url', label: 'links.col.url', mono: true, placeholder: 'http://10.0.0.5:4790' },
  { field: 'budgetMb', label: 'links.col.budget', mono: false, placeholder: '50' },
  { field: 'windows', label: 'links.col.windows', mono: true, placeholder: '18:00-20:00' },
];

/**
 * The admin's ways up (issue 12 §3): the ordered list the sync engine tries, each link with its
 * daily budget and hours. The same rules as `anjungan start --link`; an empty list sends to the
 * hub the device was started with.
 */
export function LinksEditor({ settings }: { settings: Settings }) {
  const { t } = useI18n();
  const [rows, setRows] = useState<LinkDraft[]>(() => settings.syncLinks.map(draftOf));
  const [problems, setProblems] = useState<Partial<Record<LinkField, LinkProblem>>[]>([]);
  const [message, setMessage] = useState<Message>(null);
  const update = (i: number, patch: Partial<LinkDraft>): void => setRows((r) => r.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const reorder = (next: LinkDraft[]): void => {
    setRows(next);
    setProblems([]);
  };

  const save = async (): Promise<void> => {
    setMessage(null);
    const result = linksFromDrafts(rows);
    if (!result.ok) {
      setProblems(result.rows);
      setMessage({ problem: true, text: t(result.tooMany ? 'links.error.tooMany' : 'links.error.fix', { max: MAX_LINKS }) });
      return;
    }
    setProblems([]);
    try {
      await call('settings:update', { syncLinks: result.links });
      setMessage({ problem: false, text: t('settings.saved') });
    } catch (e) {
      setMessage({ problem: true, text: errorText(t, e) });
    }
  };

  return (
    <section className="panel sync-links-editor" aria-labelledby="links-editor-title" data-testid="links-editor">
      <h2 id="links-editor-title">{t('links.title')}</h2>
      <p className="hint">{t('links.hint')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {rows.length > 0 && (
          <table className="dense links-table">
            <thead>
              <tr>
                <th scope="col">{t('links.col.order')}</th>
                {FIELDS.map((f) => (
                  <th scope="col" key={f.field}>
                    {t(f.label)}
                  </th>
                ))}
                <th scope="col">{t('links.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d, i) => (
                <tr key={i} data-testid={`link-row-${i}`}>
                  <td>{i + 1}</td>
                  {FIELDS.map((f) => {
                    const problem = problems[i]?.[f.field];
                    const id = `link-${i}-${f.field}`;
                    return (
                      <td key={f.field}>
                        <input
                          id={id}
                          className={f.mono ? 'mono' : undefined}
                          aria-label={`${t(f.label)} ${i + 1}`}
                          aria-invalid={problem ? true : undefined}
                          aria-describedby={problem ? `${id}-problem` : undefined}
                          placeholder={f.placeholder}
                          inputMode={f.field === 'budgetMb' ? 'decimal' : undefined}
                          maxLength={f.field === 'url' ? 300 : 80}
                          value={d[f.field]}
                          onChange={(e) => update(i, { [f.field]: e.target.value })}
                          data-testid={id}
                        />
                        {problem && (
                          <span className="problem" id={`${id}-problem`} data-testid={`${id}-problem`}>
                            {t(`links.error.${problem}`)}
                          </span>
                        )}
                      </td>
                    );
                  })}
                  <td className="row-actions">
                    <button type="button" onClick={() => reorder(moveDraft(rows, i, -1))} disabled={i === 0} aria-label={t('links.up', { n: i + 1 })}>
                      ↑
                    </button>
                    <button type="button" onClick={() => reorder(moveDraft(rows, i, 1))} disabled={i === rows.length - 1} aria-label={t('links.down', { n: i + 1 })}>
                      ↓
                    </button>
                    <button type="button" onClick={() => reorder(rows.filter((_, j) => j !== i))} data-testid={`link-${i}-remove`}>
                      {t('links.remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {rows.length === 0 && <p data-testid="links-none">{t('links.none')}</p>}
        <button type="button" onClick={() => setRows([...rows, emptyDraft()])} disabled={rows.length >= MAX_LINKS} data-testid="link-add">
          {t('links.add')}
        </button>{' '}
        <button type="submit" className="primary" data-testid="links-save">
          {t('links.save')}
        </button>
        {message && (
          <p className={message.problem ? 'problem' : 'notice'} role={message.problem ? 'alert' : 'status'} data-testid="links-message">
            {message.text}
          </p>
        )}
      </form>
    </section>
  );
}
