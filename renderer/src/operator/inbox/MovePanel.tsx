import { useState } from 'react';
import type { DeskRequestView } from '../../../../shared/api/calls/desk.js';
import { ApiFailure } from '../../../../shared/api/result.js';
import type { MoveId } from '../../../../shared/domain/workflow.js';
import { call } from '../../api/client.js';
import { useI18n } from '../../i18n/i18n.js';

type Move = DeskRequestView['moves'][number];

/**
 * The moves this user's role may make now, as the core lists them. A move that needs words
 * ("perlu dilengkapi": what is missing; "ditolak": the reason) opens a note first; Enter saves.
 */
export function MovePanel({ view, onMoved }: { view: DeskRequestView; onMoved: (v: DeskRequestView) => void }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState<Move | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ problem: boolean; text: string } | null>(null);

  const run = async (move: Move, text: string): Promise<void> => {
    if (move.note !== 'optional' && text.trim().length < 3) {
      setMessage({ problem: true, text: t('work.move.note.short') });
      return;
    }
    setBusy(true);
    try {
      const next = await call('desk:move', { id: view.id, move: move.id, ...(text.trim() ? { note: text.trim() } : {}) });
      setAsking(null);
      setNote('');
      setMessage({ problem: false, text: t('work.request.moved', { status: t(`status.${next.status}`) }) });
      onMoved(next);
    } catch (e) {
      const code = e instanceof ApiFailure ? e.code : 'internal';
      setMessage({ problem: true, text: moveFailure(e, code, t) });
    } finally {
      setBusy(false);
    }
  };
  const choose = (m: Move): void => {
    setMessage(null);
    if (m.note === 'optional') void run(m, '');
    else {
      setAsking(m);
      setNote('');
    }
  };
  return (
    <div className="moves" data-testid="moves">
      <h3>{t('work.request.moves')}</h3>
      {view.moves.length === 0 && <p>{t('work.request.noMoves')}</p>}
      {!asking && (
        <div className="move-buttons">
          {view.moves.map((m) => (
            <button key={m.id} type="button" disabled={busy} className={m.id === 'reject' ? 'danger' : undefined} onClick={() => choose(m)} data-testid={`move-${m.id}`}>
              {t(`work.move.${m.id satisfies MoveId}`)}
            </button>
          ))}
        </div>
      )}
      {asking && (
        <form
          className="move-note"
          onSubmit={(e) => {
            e.preventDefault();
            void run(asking, note);
          }}
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            e.preventDefault();
            e.stopPropagation();
            setAsking(null);
          }}
        >
          <label htmlFor="move-note">{t(`work.move.note.${asking.note}`)}</label>
          <input id="move-note" type="text" autoFocus maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} data-testid="move-note" />
          <button type="submit" disabled={busy} data-testid="move-confirm">
            {t('work.move.confirm')}
          </button>{' '}
          <button type="button" onClick={() => setAsking(null)}>
            {t('work.move.cancel')}
          </button>
        </form>
      )}
      {message && (
        <p className={message.problem ? 'problem' : 'notice'} role={message.problem ? 'alert' : 'status'} data-testid="move-message">
          {message.text}
        </p>
      )}
    </div>
  );
}

/** Why a move was refused, in the desk's words; signing with a broken letter template says which (no number was used). */
function moveFailure(e: unknown, code: string, t: ReturnType<typeof useI18n>['t']): string {
  const details = (e instanceof ApiFailure ? e.details : undefined) as { template?: unknown; problems?: unknown } | undefined;
  if (code === 'catalogue_invalid' && typeof details?.template === 'string') {
    const problems = Array.isArray(details.problems) ? details.problems.filter((p): p is string => typeof p === 'string') : [];
    return t('letters.error.template', { problem: problems.length ? problems.join('; ') : `letters/${details.template}.txt` });
  }
  return t(`error.${code}` as 'error.internal') + (e instanceof ApiFailure && code === 'invalid_request' ? ` (${e.message})` : '');
}
