import { featuredServices, type AgencyDefinition } from '../../../../shared/catalogue/agency.js';
import type { ServiceDefinition } from '../../../../shared/catalogue/schema.js';
import { PagedList } from '../../components/Pager.js';
import { useI18n } from '../../i18n/i18n.js';
import type { FlowEvent } from '../flow/machine.js';
import { ServiceIcon } from '../icons.js';
import { Nav } from '../parts/Nav.js';
import { Problem } from '../parts/Problem.js';
import { useSpeak } from '../voice.js';

/**
 * The one door's first choice: every agency as a tile naming its best-known services. The
 * agency opens its list; a named service is its own button and goes straight to that service.
 */
export function Agencies(props: { agencies: AgencyDefinition[]; services: ServiceDefinition[]; dispatch: (e: FlowEvent) => void }) {
  const { t } = useI18n();
  const { dispatch } = props;
  useSpeak([{ key: 'kiosk.agencies.speak', text: t('kiosk.agencies.speak') }]);
  const requests = props.services.filter((s) => s.kind === 'request');
  const agencies = props.agencies.filter((a) => requests.some((s) => s.agency === a.id));
  return (
    <section className="screen screen-agencies" data-screen="agencies">
      <div className="screen-head">
        <h2 id="agencies-title">{t('kiosk.agencies.title')}</h2>
        <button type="button" className="btn btn-secondary btn-search" onClick={() => dispatch({ type: 'open-search' })} data-testid="service-search">
          <span aria-hidden="true">⌕ </span>
          {t('kiosk.services.search')}
        </button>
      </div>
      {agencies.length === 0 && <Problem problem={{ key: 'kiosk.services.unavailable' }} />}
      <PagedList
        items={agencies}
        itemKey={(a) => a.id}
        className="agency-tiles"
        labelledBy="agencies-title"
        render={(a) => <AgencyTile agency={a} services={requests} dispatch={dispatch} />}
        footer={(pager) => <Nav onBack={() => dispatch({ type: 'back' })} pager={pager} />}
      />
    </section>
  );
}

function AgencyTile({ agency, services, dispatch }: { agency: AgencyDefinition; services: ServiceDefinition[]; dispatch: (e: FlowEvent) => void }) {
  const { t } = useI18n();
  const count = services.filter((s) => s.agency === agency.id).length;
  return (
    <div className="agency-tile" data-agency={agency.id}>
      <button type="button" className="agency-button" onClick={() => dispatch({ type: 'choose-agency', agencyId: agency.id })} data-testid={`agency-${agency.id}`}>
        <ServiceIcon name={agency.icon} />
        <span className="agency-name">{agency.name}</span>
        <span className="sr-note">{t('kiosk.agencies.count', { count })}</span>
      </button>
      <ul className="tile-services" aria-label={t('kiosk.agencies.featured', { name: agency.name })}>
        {featuredServices(agency, services).map((s) => (
          <li key={s.id}>
            <button type="button" className="tile-service" onClick={() => dispatch({ type: 'choose-service', service: s })} data-testid={`service-${s.id}`}>
              {s.short ?? s.title}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
