import { useMemo, useState } from 'react';
import type { AgencyDefinition } from '../../../../shared/catalogue/agency.js';
import type { ServiceDefinition } from '../../../../shared/catalogue/schema.js';
import { buildIndex, search } from '../../../../shared/catalogue/search.js';
import { OnScreenKeyboard } from '../../components/OnScreenKeyboard.js';
import { PagedList } from '../../components/Pager.js';
import { useI18n } from '../../i18n/i18n.js';
import type { FlowEvent } from '../flow/machine.js';
import { Nav } from '../parts/Nav.js';
import { KeysScreen } from '../parts/KeysScreen.js';
import { Problem } from '../parts/Problem.js';
import { ServiceCard } from '../parts/ServiceCard.js';
import { useSpeak } from '../voice.js';

/** Search by the resident's own words, results as they type, beside the keyboard. */
export function Search(props: { agencies: AgencyDefinition[]; services: ServiceDefinition[]; dispatch: (e: FlowEvent) => void }) {
  const { t } = useI18n();
  const { dispatch } = props;
  const [query, setQuery] = useState('');
  useSpeak([{ key: 'kiosk.search.speak', text: t('kiosk.search.speak') }]);
  const index = useMemo(() => buildIndex(props.services, props.agencies), [props.services, props.agencies]);
  const results = useMemo(() => search(index, query), [index, query]);
  const agencyName = new Map(props.agencies.map((a) => [a.id, a.name]));
  return (
    <KeysScreen
      className="screen-search"
      screen="search"
      head={<h2 id="search-title">{t('kiosk.search.title')}</h2>}
      msg={
        query.trim() === '' ? (
          <p className="hint">{t('kiosk.search.hint')}</p>
        ) : results.length === 0 ? (
          <Problem problem={{ key: 'kiosk.services.none' }} />
        ) : (
          <p className="hint" role="status">
            {t('kiosk.search.count', { count: results.length })}
          </p>
        )
      }
      main={
        <PagedList
          items={results}
          itemKey={(s) => s.id}
          className="service-list service-list-compact"
          labelledBy="search-title"
          resetKey={query}
          render={(s) => <ServiceCard service={s} detail={agencyName.get(s.agency)} onChoose={(service) => dispatch({ type: 'choose-service', service })} />}
          footer={(pager) => <Nav onBack={() => dispatch({ type: 'back' })} pager={pager} />}
        />
      }
      entry={
        <>
          <label className="field-label" htmlFor="service-search">
            {t('kiosk.services.searchLabel')}
          </label>
          <output id="service-search" className="entry" data-testid="search-input">
            {query || ' '}
          </output>
        </>
      }
      keys={<OnScreenKeyboard value={query} onChange={setQuery} maxLength={40} />}
    />  );
}
