import { useEffect, useState } from 'react';
import { ApiFailure } from '../../../shared/api/result.js';
import type { Biodata, PartialBiodata } from '../../../shared/devices/biodata.js';
import { api, call } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';

/**
 * The identity from the last e-KTP tapped at the desk, so the operator can fill a request for a
 * walk-in. Held only in this component's state; "Hapus" (or the next card) replaces it.
 */
export function CardPanel({ canReadRequests = false }: { canReadRequests?: boolean }) {
  const { t } = useI18n();
  const [card, setCard] = useState<Biodata | PartialBiodata | null>(null);
  useEffect(() => {
    const offRead = api.on('card:read', (e) => setCard(e.biodata));
    return offRead;
  }, []);
  const cardNik = card?.nik;
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
          {canReadRequests && <SubjectReport key={cardNik} />}
        </>
      ) : (
        <p>{t('operator.card.none')}</p>
      )}
    </section>
  );
}

/**
 * UU 27/2022: the resident at the desk asks what the office holds about them. The core reads
 * the NIK from the card on this desk's reader itself; the page sends nothing but the click.
 */
function SubjectReport() {
  const { t } = useI18n();
  const [state, setState] = useState<{ url: string; n: number } | { problem: string } | null>(null);
  useEffect(() => () => void (state && 'url' in state && URL.revokeObjectURL(state.url)), [state]);
  const ask = async (): Promise<void> => {
    try {
      const r = await call('privacy:subject-report', {});
      const bytes = Uint8Array.from(atob(r.pdfBase64), (c) => c.charCodeAt(0));
      setState({ url: URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' })), n: r.report.requests.length });
    } catch (e) {
      setState({ problem: t(e instanceof ApiFailure && e.code === 'not_found' ? 'operator.card.subjectReport.noCard' : 'error.internal') });
    }
  };
  return (
    <div className="subject-report" data-testid="subject-report">
      <button type="button" onClick={() => void ask()}>
        {t('operator.card.subjectReport')}
      </button>
      {state && 'url' in state && (
        <p role="status">
          {t('operator.card.subjectReport.ready', { n: state.n })}{' '}
          <a href={state.url} target="_blank" rel="noreferrer" download="data-pribadi.pdf">
            {t('operator.card.subjectReport.open')}
          </a>
        </p>
      )}
      {state && 'problem' in state && <p role="alert">{state.problem}</p>}
    </div>
  );
}

function formatAddress(b: PartialBiodata): string {
  const rtRw = b.rt && b.rw ? `RT ${b.rt}/RW ${b.rw}` : undefined;
  return [b.alamat, rtRw, b.kelDesa, b.kecamatan].filter(Boolean).join(', ');
}
