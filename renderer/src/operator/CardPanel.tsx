import { useEffect, useState } from 'react';
import type { Biodata, PartialBiodata } from '../../../shared/devices/biodata.js';
import { api } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';

/**
 * The identity from the last e-KTP tapped at the desk, so the operator can fill a request for a
 * walk-in. Held only in this component's state; "Hapus" (or the next card) replaces it.
 */
export function CardPanel() {
  const { t } = useI18n();
  const [card, setCard] = useState<Biodata | PartialBiodata | null>(null);
  useEffect(() => {
    const offRead = api.on('card:read', (e) => setCard(e.biodata));
    return offRead;
  }, []);
  return (
    <section className="panel card" aria-labelledby="card-title" data-testid="card-panel">
      <h2 id="card-title">{t('operator.card')}</h2>
      {card ? (
        <>
          <dl data-testid="card-identity">
            <dt>NIK</dt>
            <dd className="mono">{card.nik}</dd>
            {card.nama && (
              <>
                <dt>{t('operator.card.name')}</dt>
                <dd>{card.nama}</dd>
              </>
            )}
            {card.alamat && (
              <>
                <dt>{t('operator.card.address')}</dt>
                <dd>{formatAddress(card)}</dd>
              </>
            )}
          </dl>
          <button type="button" onClick={() => setCard(null)}>
            {t('operator.card.clear')}
          </button>
        </>
      ) : (
        <p>{t('operator.card.none')}</p>
      )}
    </section>
  );
}

function formatAddress(b: PartialBiodata): string {
  const rtRw = b.rt && b.rw ? `RT ${b.rt}/RW ${b.rw}` : undefined;
  return [b.alamat, rtRw, b.kelDesa, b.kecamatan].filter(Boolean).join(', ');
}
