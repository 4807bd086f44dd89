import { useState } from 'react';
import { validateAnswer, type AnswerProblem, type Answers } from '../../../../shared/catalogue/answers.js';
import type { Field } from '../../../../shared/catalogue/schema.js';
import { desaOf, kecamatanList } from '../../../../shared/domain/wilayah.js';
import { NumericKeypad } from '../../components/NumericKeypad.js';
import { OnScreenKeyboard } from '../../components/OnScreenKeyboard.js';
import { PagedList } from '../../components/Pager.js';
import { useI18n } from '../../i18n/i18n.js';
import { dateDraftToIso, formatDateDraft, isoToDateDraft, todayIso } from '../flow/dates.js';
import { Nav, NextButton } from '../parts/Nav.js';
import { KeysScreen } from '../parts/KeysScreen.js';
import { Problem } from '../parts/Problem.js';
import { useSpeak } from '../voice.js';

interface Choice {
  value: string;
  label: string;
}

/** One question of the form: a choice to tap, or an answer typed on the keypad or keyboard. */
export function Question(props: { field: Field; index: number; total: number; answers: Answers; onAnswer: (value: string) => void; onBack: () => void }) {
  const { t } = useI18n();
  const { field } = props;
  const initial = props.answers[field.id] ?? '';
  const [draft, setDraft] = useState(field.type === 'date' ? isoToDateDraft(initial) : initial);
  const [problem, setProblem] = useState<AnswerProblem>();
  useSpeak([{ text: field.label }, ...(field.help ? [{ text: field.help }] : [])]);

  const submit = (value: string): void => {
    const p = validateAnswer(field, value, props.answers, todayIso());
    if (p) setProblem(p);
    else props.onAnswer(value.trim());
  };
  const choices = choicesOf(field, props.answers, t('kiosk.form.yes'), t('kiosk.form.no'));
  const numeric = field.type === 'number' || field.type === 'nik' || field.type === 'phone' || field.type === 'date';
  const edit = (v: string): void => {
    setProblem(undefined);
    setDraft(v);
  };
  const head = (
    <>
      <p className="step">{t('kiosk.form.step', { n: props.index + 1, total: props.total })}</p>
      <h2 id={`q-${field.id}`}>{field.label}</h2>
      {field.help && <p className="help">{field.help}</p>}
      {!field.required && <p className="hint">{t('kiosk.form.optional')}</p>}
      {field.type === 'date' && <p className="hint">{t('kiosk.form.dateHelp')}</p>}
    </>
  );

  if (choices) {
    const grid = field.type === 'kecamatan' || field.type === 'desa';
    return (
      <section className="screen screen-choices" data-screen="form" data-field={field.id}>
        <div className="area-head">{head}</div>
        <Problem problem={problem} />
        <PagedList
          items={choices}
          itemKey={(o) => o.value}
          className={`choices ${grid ? 'choices-grid' : ''}`}
          labelledBy={`q-${field.id}`}
          render={(o) => (
            <button type="button" className="choice" aria-pressed={initial === o.value} onClick={() => submit(o.value)} data-testid={`choice-${o.value}`}>
              <span className="choice-mark" aria-hidden="true">{initial === o.value ? '●' : '○'}</span>
              {o.label}
              {initial === o.value && <span className="sr-note"> ({t('kiosk.form.chosen')})</span>}
            </button>
          )}
          footer={(pager) => (
            <Nav onBack={props.onBack} pager={pager}>
              {!field.required && <NextButton onClick={() => props.onAnswer('')} />}
            </Nav>
          )}
        />
      </section>
    );
  }
  return (
    <KeysScreen
      screen="form"
      field={field.id}
      head={head}
      msg={problem && <Problem problem={problem} />}
      main={
        <Nav onBack={props.onBack}>
          <NextButton onClick={() => submit(field.type === 'date' ? dateDraftToIso(draft) : draft)} />
        </Nav>
      }
      entry={
        <output className={`entry ${numeric ? 'entry-digits' : ''} ${field.type === 'textarea' ? 'entry-long' : ''}`} data-testid="answer-input">
          {(field.type === 'date' ? formatDateDraft(draft) : draft) || ' '}
        </output>
      }
      keys={
        numeric ? (
          <NumericKeypad value={draft} onChange={edit} maxLength={field.type === 'date' ? 8 : field.type === 'nik' ? 16 : field.type === 'phone' ? 14 : 6} />
        ) : (
          <OnScreenKeyboard value={draft} onChange={edit} maxLength={field.validation?.maxLength ?? (field.type === 'textarea' ? 1000 : 120)} />
        )
      }
    />  );
}

/** The options to tap, or undefined for a typed answer. */
function choicesOf(field: Field, answers: Answers, yes: string, no: string): Choice[] | undefined {
  switch (field.type) {
    case 'select':
      return field.options;
    case 'yesno':
      return [
        { value: 'ya', label: yes },
        { value: 'tidak', label: no },
      ];
    case 'kecamatan':
      return kecamatanList().map((r) => ({ value: r.code, label: r.name }));
    case 'desa':
      return desaOf(answers[field.kecamatanField ?? ''] ?? '').map((r) => ({ value: r.code, label: r.name }));
    default:
      return undefined;
  }
}
