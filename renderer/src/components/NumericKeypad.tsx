import { useI18n } from '../i18n/i18n.js';

/** A large on-screen numeric keypad: digits, delete, clear. Taps only. */
export function NumericKeypad({ value, onChange, maxLength }: { value: string; onChange: (v: string) => void; maxLength: number }) {
  const { t } = useI18n();
  const press = (d: string): void => {
    if (value.length < maxLength) onChange(value + d);
  };
  const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
  return (
    <div className="keypad" role="group" data-testid="keypad">
      {keys.map((k) => (
        <button type="button" key={k} className="key" onClick={() => press(k)} data-testid={`key-${k}`}>
          {k}
        </button>
      ))}
      <button type="button" className="key key-action" onClick={() => onChange('')} data-testid="key-clear">
        {t('kiosk.keypad.clear')}
      </button>
      <button type="button" className="key" onClick={() => press('0')} data-testid="key-0">
        0
      </button>
      <button type="button" className="key key-action" onClick={() => onChange(value.slice(0, -1))} data-testid="key-delete">
        {t('kiosk.keypad.delete')}
      </button>
    </div>
  );
}
