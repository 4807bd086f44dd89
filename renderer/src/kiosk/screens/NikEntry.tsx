import { useState } from 'react';
import { checkNikInput, type AnswerProblem } from '../../../../shared/catalogue/answers.js';
import { api } from '../../api/client.js';
import { NumericKeypad } from '../../components/NumericKeypad.js';
import { useI18n } from '../../i18n/i18n.js';
import { addressOf, groupNik } from '../flow/applicant.js';
import type { FlowEvent } from '../flow/machine.js';
import { Nav, NextButton } from '../parts/Nav.js';
import { KeysScreen } from '../parts/KeysScreen.js';
import { Problem } from '../parts/Problem.js';
import { useSpeak } from '../voice.js';

/** The NIK typed on the keypad, checked offline, then looked up: a known NIK skips typing the name. */
export function NikEntry({ value, dispatch }: { value: string; dispatch: (e: FlowEvent) => void }) {
  const { t } = useI18n();
  const [problem, setProblem] = useState<AnswerProblem>();
  useSpeak([{ key: 'kiosk.nik.speak', text: t('kiosk.nik.speak') }]);
  const next = async (): Promise<void> => {
    const p = checkNikInput(value);
    if (p) return setProblem(p);
    const res = await api.invoke('card:manual', { nik: value });
    const known = res.ok ? res.value.biodata : null;
    dispatch({ type: 'nik-checked', nik: value, known: known?.nama && known.alamat ? { nama: known.nama, alamat: addressOf(known) } : null });
  };
  return (
    <KeysScreen
      screen="nik"
      head={<h2>{t('kiosk.nik.title')}</h2>}
      msg={problem && <Problem problem={problem} />}
      main={
        <Nav onBack={() => dispatch({ type: 'back' })}>
          <NextButton onClick={() => void next()} />
        </Nav>
      }
      entry={
        <>
          <output className="entry entry-digits" data-testid="nik-input" aria-label={t('kiosk.confirm.nik')}>
            {groupNik(value) || ' '}
          </output>
          <p className="hint">{t('kiosk.nik.count', { count: value.length })}</p>
        </>
      }
      keys={
        <NumericKeypad
          value={value}
          onChange={(v) => {
            setProblem(undefined);
            dispatch({ type: 'nik-input', value: v });
          }}
          maxLength={16}
        />
      }
    />  );
}
