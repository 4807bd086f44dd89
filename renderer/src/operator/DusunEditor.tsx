import { useState } from 'react';
import {
  draftOfDusun,
  dusunFromDrafts,
  DUSUN_NAME_MAX,
  MAX_DUSUN,
  MAX_RW_PER_DUSUN,
  type DusunDraft,
  type DusunProblem,
} from '../../../shared/domain/dusun.js';
import type { Settings } from '../../../shared/domain/settings.js';
import { officeName } from '../../../shared/domain/wilayah.js';
import { call } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import { errorText } from './error-text.js';

type Message = { problem: boolean; text: string } | null;

/**
 * The admin's dusun of the office's desa (issue 11 §2, the requests report per dusun): each dusun
 * with its RW numbers. The rules are shared/domain/dusun.ts's (unit-tested), checked again by the
 * core on save; the change is audited as every settings change is, and re-tallies nothing.
 */
export function DusunEditor({ settings }: { settings: Settings }) {
  const { t } = useI18n();
  const [rows, setRows] = useState<DusunDraft[]>(() => settings.dusunMap.map(draftOfDusun));
  const [problems, setProblems] = useState<DusunProblem[][]>([]);
  const [message, setMessage] = useState<Message>(null);
  const desa = officeName(settings.officeCode)?.desa ?? settings.officeCode;
  const update = (i: number, patch: Partial<DusunDraft>): void => setRows((r) => r.map((d, j) => (j === i ? { ...d, ...patch } : d)));

  const text = (p: DusunProblem): string => {
    if (p.code === 'name') return t('dusun.error.name', { max: DUSUN_NAME_MAX });
    if (p.code === 'duplicate') return t('dusun.error.duplicate');
    if (p.code === 'empty') return t('dusun.error.empty');
    if (p.code === 'tooMany') return t('dusun.error.tooManyRw', { max: MAX_RW_PER_DUSUN });
    if (p.code === 'rw') return t('dusun.error.rw', { rw: p.rw });
    if (p.code === 'taken') return t('dusun.error.taken', { rw: p.rw, other: p.other });
    return t('dusun.error.fix');
  };

  const save = async (): Promise<void> => {
    setMessage(null);
    const result = dusunFromDrafts(rows);
    if (!result.ok) {
      setProblems(result.rows);
      setMessage({ problem: true, text: result.tooMany ? t('dusun.error.tooMany', { max: MAX_DUSUN }) : t('dusun.error.fix') });
      return;
    }
    setProblems([]);
    try {
      const saved = await call('settings:update', { dusunMap: result.map });
      setRows(saved.dusunMap.map(draftOfDusun));
      setMessage({ problem: false, text: t('settings.saved') });
    } catch (e) {
      setMessage({ problem: true, text: errorText(t, e) });
    }
  };

  const cell = (i: number, field: 'name' | 'rws') => {
    const mine = (problems[i] ?? []).filter((p) => p.field === field);
    const id = `dusun-${i}-${field}`;
    const label = t(field === 'name' ? 'dusun.col.name' : 'dusun.col.rws');
    return (
      <td>
        <input
          id={id}
          className={field === 'rws' ? 'mono' : undefined}
          aria-label={`${label} ${i + 1}`}
          aria-invalid={mine.length > 0 ? true : undefined}
          aria-describedby={mine.length > 0 ? `${id}-problem` : undefined}
          placeholder={field === 'name' ? 'Dusun I' : '1, 2, 3'}
          inputMode={field === 'rws' ? 'numeric' : undefined}
          maxLength={field === 'name' ? DUSUN_NAME_MAX + 10 : 400}
          value={rows[i]![field]}
          onChange={(e) => update(i, { [field]: e.target.value })}
          data-testid={id}
        />
        {mine.length > 0 && (
          <span className="problem" id={`${id}-problem`} data-testid={`${id}-problem`}>
            {mine.map(text).join(' ')}
          </span>
        )}
      </td>
    );
  };

  return (
    <section className="panel dusun-editor" aria-labelledby="dusun-editor-title" data-testid="dusun-editor">
      <h2 id="dusun-editor-title">{t('dusun.title')}</h2>
      <p className="hint">{t('dusun.hint', { desa })}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {rows.length > 0 && (
          <table className="dense dusun-table">
            <thead>
              <tr>
                <th scope="col">{t('dusun.col.name')}</th>
                <th scope="col">{t('dusun.col.rws')}</th>
                <th scope="col">{t('dusun.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((_, i) => (
                <tr key={i} data-testid={`dusun-row-${i}`}>
                  {cell(i, 'name')}
                  {cell(i, 'rws')}
                  <td className="row-actions">
                    <button
                      type="button"
                      onClick={() => {
                        setRows(rows.filter((_, j) => j !== i));
                        setProblems([]);
                      }}
                      data-testid={`dusun-${i}-remove`}
                    >
                      {t('dusun.remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {rows.length === 0 && <p data-testid="dusun-none">{t('dusun.none')}</p>}
        <button type="button" onClick={() => setRows([...rows, { name: '', rws: '' }])} disabled={rows.length >= MAX_DUSUN} data-testid="dusun-add">
          {t('dusun.add')}
        </button>{' '}
        <button type="submit" className="primary" data-testid="dusun-save">
          {t('dusun.save')}
        </button>
        {message && (
          <p className={message.problem ? 'problem' : 'notice'} role={message.problem ? 'alert' : 'status'} data-testid="dusun-message">
            {message.text}
          </p>
        )}
      </form>
    </section>
  );
}
