import { useI18n } from '../i18n/i18n.js';

const ROWS = ['1234567890', 'QWERTYUIOP', 'ASDFGHJKL-', 'ZXCVBNM.,/'];

/** A large on-screen keyboard (upper case, as on the e-KTP). Taps only; no shift, no gestures. */
export function OnScreenKeyboard({ value, onChange, maxLength }: { value: string; onChange: (v: string) => void; maxLength: number }) {
  const { t } = useI18n();
  const press = (c: string): void => {
    if (value.length < maxLength) onChange(value + c);
  };
  return (
    <div className="keyboard" role="group" data-testid="keyboard">
      {ROWS.map((row) => (
        <div className="keyboard-row" key={row}>
          {[...row].map((c) => (
            <button type="button" key={c} className="kb-key" onClick={() => press(c)} data-testid={`kb-${c}`} aria-label={c === '-' ? 'tanda hubung' : c === '.' ? 'titik' : c === ',' ? 'koma' : c === '/' ? 'garis miring' : c}>
              {c}
            </button>
          ))}
        </div>
      ))}
      <div className="keyboard-row">
        <button type="button" className="kb-key kb-wide" onClick={() => onChange('')} data-testid="kb-clear">
          {t('kiosk.keypad.clear')}
        </button>
        <button type="button" className="kb-key kb-space" onClick={() => press(' ')} data-testid="kb-space">
          {t('kiosk.keyboard.space')}
        </button>
        <button type="button" className="kb-key kb-wide" onClick={() => onChange(value.slice(0, -1))} data-testid="kb-delete">
          {t('kiosk.keypad.delete')}
        </button>
      </div>
    </div>
  );
}
