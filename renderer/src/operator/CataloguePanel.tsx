import { useState } from 'react';
import type { CatalogueView } from '../../../shared/api/calls/catalogue.js';
import { ApiFailure } from '../../../shared/api/result.js';
import { unknownPlaceholderOf } from '../../../shared/letters/template.js';
import { call } from '../api/client.js';
import { useQuery } from '../api/hooks.js';
import { formatDateTime } from '../components/format.js';
import { useI18n } from '../i18n/i18n.js';

/**
 * The catalogue in use and its last load (admin, on Pengaturan): "Muat ulang katalog" reads the
 * service files and letter templates again. Refused files are listed, a letter template's
 * unknown placeholder said in the desk's words with its file and line, the technical line
 * beside it; the last good catalogue stays in use meanwhile.
 */
export function CataloguePanel() {
  const { t, lang } = useI18n();
  const listed = useQuery('catalogue:list', {}, ['catalogue:changed']);
  const [reloaded, setReloaded] = useState<CatalogueView | null>(null);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const view = reloaded ?? listed.data;
  const reload = async (): Promise<void> => {
    setBusy(true);
    setFailed(null);
    try {
      setReloaded(await call('catalogue:reload', {}));
    } catch (e) {
      setFailed(t('catalogue.failed', { message: t(`error.${e instanceof ApiFailure ? e.code : 'internal'}` as 'error.internal') }));
    } finally {
      setBusy(false);
    }
  };
  if (!view) return null;
  return (
    <section className="panel catalogue" aria-labelledby="catalogue-title" data-testid="catalogue-panel" data-errors={view.errors.length}>
      <h2 id="catalogue-title">{t('catalogue.title')}</h2>
      <p>
        {t('catalogue.state', { services: view.services.length, time: formatDateTime(view.loadedAt, lang) })}
        {view.source === 'last-good' && <> {t('catalogue.lastGood')}</>}
      </p>
      <button type="button" disabled={busy} onClick={() => void reload()} data-testid="catalogue-reload">
        {t('catalogue.reload')}
      </button>
      {failed && (
        <p className="problem" role="alert">
          {failed}
        </p>
      )}
      {view.errors.length > 0 ? (
        <div className="problem" role="alert" data-testid="catalogue-errors">
          <p>{t('catalogue.refused', { count: view.errors.length })}</p>
          <ul>
            {view.errors.map((e) => {
              const p = unknownPlaceholderOf(e);
              return (
                <li key={e} data-testid="catalogue-error">
                  {p && <strong>{t('catalogue.placeholder', { file: p.file, line: p.line, placeholder: p.placeholder })} </strong>}
                  <code>{e}</code>
                </li>
              );
            })}
          </ul>
        </div>
      ) : (
        reloaded && (
          <p className="notice" role="status" data-testid="catalogue-ok">
            {t('catalogue.reloaded')}
          </p>
        )
      )}
    </section>
  );
}
