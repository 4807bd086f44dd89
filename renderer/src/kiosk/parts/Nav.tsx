import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n.js';

/**
 * The bottom row of a screen: "Kembali" on the left (when there is a way back), the pager of the
 * screen's list if it has pages, the screen's main action on the right.
 */
export function Nav({ onBack, pager, children }: { onBack?: (() => void) | undefined; pager?: ReactNode; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="nav-row">
      {onBack ? (
        <button type="button" className="btn btn-secondary" onClick={onBack} data-testid="back">
          <span aria-hidden="true">← </span>
          {t('kiosk.nav.back')}
        </button>
      ) : (
        <span />
      )}
      {pager}
      {children}
    </div>
  );
}

/** "Lanjut →": the usual main action. */
export function NextButton({ onClick, disabled }: { onClick: () => void; disabled?: boolean }) {
  const { t } = useI18n();
  return (
    <button type="button" className="btn btn-primary" onClick={onClick} disabled={disabled} data-testid="next">
      {t('kiosk.nav.next')}
      <span aria-hidden="true"> →</span>
    </button>
  );
}
