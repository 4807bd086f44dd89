import type { AnswerProblem, Answers } from '../../../../shared/catalogue/answers.js';
import type { Field } from '../../../../shared/catalogue/schema.js';
import { desaOf, kecamatanList } from '../../../../shared/domain/wilayah.js';
import { useI18n } from '../../i18n/i18n.js';

/**
 * One catalogue field as a dense desk input: a native input or select, so Tab, typing and the
 * arrow keys work as in any form. The kiosk's touch screens are not reused: they are one field
 * a screen; the rules (visibility, validation) are the same shared ones.
 */
export function FieldInput(props: { field: Field; value: string; answers: Answers; problem?: AnswerProblem; onChange: (v: string) => void }) {
  const { t } = useI18n();
  const { field, value } = props;
  const id = `f-${field.id}`;
  const errId = `${id}-err`;
  const common = {
    id,
    name: field.id,
    'aria-invalid': props.problem ? true : undefined,
    'aria-describedby': props.problem ? errId : undefined,
    'data-testid': `field-${field.id}`,
  } as const;
  const options = optionsOf(field, props.answers, t('work.walkIn.yes'), t('work.walkIn.no'));
  let input;
  if (options) {
    input = (
      <select {...common} value={value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">{t('work.walkIn.choose')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else if (field.type === 'textarea') {
    input = <textarea {...common} rows={2} maxLength={field.validation?.maxLength ?? 2000} value={value} onChange={(e) => props.onChange(e.target.value)} />;
  } else {
    const numeric = field.type === 'number' || field.type === 'nik' || field.type === 'phone';
    input = (
      <input
        {...common}
        type="text"
        inputMode={numeric ? 'numeric' : undefined}
        placeholder={field.type === 'date' ? 'HH-BB-TTTT' : undefined}
        maxLength={field.type === 'nik' ? 16 : (field.validation?.maxLength ?? 2000)}
        value={value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    );
  }
  return (
    <div className={`desk-field ${props.problem ? 'has-problem' : ''}`} data-field={field.id}>
      <label htmlFor={id}>
        {field.label} {!field.required && <span className="hint">{t('work.walkIn.optional')}</span>}
      </label>
      {input}
      {props.problem && (
        <p className="problem" id={errId} role="alert">
          {t(props.problem.key, props.problem.values)}
        </p>
      )}
    </div>
  );
}

/** The choices of a select, yes/no, kecamatan or desa field (null: a typed answer). */
function optionsOf(field: Field, answers: Answers, yes: string, no: string): { value: string; label: string }[] | null {
  switch (field.type) {
    case 'select':
      return field.options ?? [];
    case 'yesno':
      return [
        { value: 'ya', label: yes },
        { value: 'tidak', label: no },
      ];
    case 'kecamatan':
      return kecamatanList().map((r) => ({ value: r.code, label: r.name }));
    case 'desa': {
      const kec = field.kecamatanField ? answers[field.kecamatanField] : undefined;
      return kec ? desaOf(kec).map((r) => ({ value: r.code, label: r.name })) : [];
    }
    default:
      return null;
  }
}

/** What a date field stores: the desk types dd-mm-yyyy (or yyyy-mm-dd); the shared rules check the result. */
export function answerOf(field: Field, raw: string): string {
  const v = raw.trim();
  if (field.type !== 'date' || v === '' || /^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  const m = /^(\d{1,2})[-/. ]?(\d{1,2})[-/. ]?(\d{4})$/.exec(v);
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : 'invalid';
}
