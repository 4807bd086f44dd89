import { useMemo, useState } from 'react';
import type { AgencyDefinition } from '../../../../shared/catalogue/agency.js';
import type { ServiceDefinition } from '../../../../shared/catalogue/schema.js';
import { buildIndex, search } from '../../../../shared/catalogue/search.js';
import { useI18n } from '../../i18n/i18n.js';

/** At most this many matches under the search box: the desk picks by typing, not by scrolling. */
const SHOWN = 8;

/** The service, chosen by typing its name as residents say it (the kiosk's search), ↑/↓ and Enter. */
export function ServicePicker(props: { services: ServiceDefinition[]; agencies: AgencyDefinition[]; chosen: ServiceDefinition | null; onChoose: (s: ServiceDefinition) => void }) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [at, setAt] = useState(0);
  const requests = useMemo(() => props.services.filter((s) => s.kind === 'request'), [props.services]);
  const index = useMemo(() => buildIndex(requests, props.agencies), [requests, props.agencies]);
  const results = useMemo(() => search(index, query).slice(0, SHOWN), [index, query]);
  const choose = (s: ServiceDefinition | undefined): void => {
    if (!s) return;
    props.onChoose(s);
    setQuery('');
  };
  const onKey = (e: React.KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'ArrowDown') setAt((i) => Math.min(i + 1, results.length - 1));
    else if (e.key === 'ArrowUp') setAt((i) => Math.max(i - 1, 0));
    else if (e.key === 'Enter') {
      // Enter here picks the service; it must not submit the form.
      e.preventDefault();
      if (results.length > 0) {
        choose(results[at]);
        // On to the applicant: the next field in Tab order.
        setTimeout(() => document.getElementById('walk-in-nik')?.focus(), 0);
      }
    } else return;
    e.preventDefault();
  };
  return (
    <div className="desk-field service-picker">
      <label htmlFor="walk-in-service">{t('work.walkIn.service')}</label>
      <input
        id="walk-in-service"
        type="search"
        autoFocus
        autoComplete="off"
        maxLength={60}
        role="combobox"
        aria-expanded={results.length > 0}
        aria-controls="walk-in-service-list"
        aria-activedescendant={results[at] ? `svc-${results[at].id}` : undefined}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setAt(0);
        }}
        onKeyDown={onKey}
        data-testid="walk-in-service"
      />
      <p className="hint">{t('work.walkIn.serviceHint')}</p>
      {query.trim() !== '' && results.length === 0 && <p className="problem">{t('work.walkIn.noService')}</p>}
      {results.length > 0 && (
        <ul id="walk-in-service-list" role="listbox" className="service-results">
          {results.map((s, i) => (
            <li key={s.id} id={`svc-${s.id}`} role="option" aria-selected={i === at} onMouseDown={() => choose(s)} data-testid={`svc-${s.id}`}>
              {s.title}
            </li>
          ))}
        </ul>
      )}
      {props.chosen && (
        <p className="chosen" data-testid="walk-in-chosen" data-service={props.chosen.id}>
          {t('work.walkIn.chosen', { title: props.chosen.title, version: props.chosen.version })}
        </p>
      )}
    </div>
  );
}
