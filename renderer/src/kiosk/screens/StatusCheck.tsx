import { useCallback, useEffect, useRef, useState } from 'react';
import type { AnswerProblem } from '../../../../shared/catalogue/answers.js';
import type { MessageKey } from '../../../../shared/i18n/index.js';
import { call } from '../../api/client.js';
import { OnScreenKeyboard } from '../../components/OnScreenKeyboard.js';
import { useI18n } from '../../i18n/i18n.js';
import type { FlowEvent, FlowState } from '../flow/machine.js';
import { Nav } from '../parts/Nav.js';
import { KeysScreen } from '../parts/KeysScreen.js';
import { Problem } from '../parts/Problem.js';
import { useSpeak, useVoice } from '../voice.js';
import { StatusResult } from './StatusResult.js';

/** "Cek status": a registration number or tracking code, typed or scanned from the receipt's QR code. */
export function StatusCheck({ status, dispatch }: { status: FlowState['status']; dispatch: (e: FlowEvent) => void }) {
  const { t } = useI18n();
  const { say } = useVoice();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<AnswerProblem>();
  const codeRef = useRef(code);
  codeRef.current = code;
  useSpeak(status.view ? [] : [{ key: 'kiosk.status.speak', text: t('kiosk.status.speak') }]);

  const lookup = useCallback(
    async (value: string, cardNik?: string) => {
      if (value.trim() === '') return setProblem({ key: 'kiosk.status.empty' });
      try {
        const view = await call('kiosk:status', cardNik ? { code: value, cardNik } : { code: value });
        setProblem(undefined);
        dispatch({ type: 'status-found', view });
        say([{ text: t('kiosk.status.resultSpeak', { status: t(`status.${view.status}` as MessageKey) }) }]);
      } catch {
        setProblem({ key: 'kiosk.status.notFound' });
      }
    },
    [dispatch, say, t],
  );

  // A keyboard-wedge QR scanner "types" the code and presses Enter.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Enter') void lookup(codeRef.current);
      else if (/^[0-9A-Za-z-]$/.test(e.key)) setCode((c) => (c + e.key.toUpperCase()).slice(0, 40));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [lookup]);

  // An e-KTP tapped while a result is shown: ask again with its NIK, which reveals the applicant only if it matches.
  const shown = status.view?.trackingCode;
  const { cardNik } = status;
  useEffect(() => {
    if (cardNik && shown) void lookup(shown, cardNik);
  }, [cardNik, shown, lookup]);

  if (status.view) {
    return (
      <StatusResult
        view={status.view}
        onAnother={() => {
          setCode('');
          dispatch({ type: 'status-another' });
        }}
        onHome={() => dispatch({ type: 'finish' })}
      />
    );
  }
  return (
    <KeysScreen
      screen="status"
      head={
        <>
          <h2>{t('kiosk.status.title')}</h2>
          <p className="help">{t('kiosk.status.speak')}</p>
        </>
      }
      msg={problem && <Problem problem={problem} />}
      main={
        <Nav onBack={() => dispatch({ type: 'back' })}>
          <button type="button" className="btn btn-primary" onClick={() => void lookup(code)} data-testid="status-search">
            {t('kiosk.status.search')}
          </button>
        </Nav>
      }
      entry={
        <>
          <label className="field-label" htmlFor="status-code">
            {t('kiosk.status.input')}
          </label>
          <output id="status-code" className="entry entry-digits" data-testid="status-input">
            {code || ' '}
          </output>
        </>
      }
      keys={<OnScreenKeyboard value={code} onChange={(v) => setCode(v.toUpperCase())} maxLength={40} />}
    />  );
}
