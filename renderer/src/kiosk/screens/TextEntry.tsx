import { useState } from 'react';
import type { AnswerProblem } from '../../../../shared/catalogue/answers.js';
import type { MessageKey } from '../../../../shared/i18n/index.js';
import { OnScreenKeyboard } from '../../components/OnScreenKeyboard.js';
import { useI18n } from '../../i18n/i18n.js';
import { Nav, NextButton } from '../parts/Nav.js';
import { KeysScreen } from '../parts/KeysScreen.js';
import { Problem } from '../parts/Problem.js';
import { useSpeak } from '../voice.js';

/** Name or address typed on the on-screen keyboard, with a minimum length. */
export function TextEntry(props: {
  screen: 'name' | 'address';
  title: MessageKey;
  speak: MessageKey;
  value: string;
  min: number;
  problem: MessageKey;
  onChange: (v: string) => void;
  onDone: () => void;
  onBack: () => void;
}) {
  const { t } = useI18n();
  const [problem, setProblem] = useState<AnswerProblem>();
  useSpeak([{ key: props.speak, text: t(props.speak) }]);
  return (
    <KeysScreen
      screen={props.screen}
      head={<h2>{t(props.title)}</h2>}
      msg={problem && <Problem problem={problem} />}
      main={
        <Nav onBack={props.onBack}>
          <NextButton onClick={() => (props.value.trim().length < props.min ? setProblem({ key: props.problem }) : props.onDone())} />
        </Nav>
      }
      entry={
        <output className="entry" data-testid={`${props.screen}-input`}>
          {props.value || ' '}
        </output>
      }
      keys={
        <OnScreenKeyboard
          value={props.value}
          onChange={(v) => {
            setProblem(undefined);
            props.onChange(v);
          }}
          maxLength={120}
        />
      }
    />  );
}
