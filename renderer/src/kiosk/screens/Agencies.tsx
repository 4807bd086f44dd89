import { featuredServices, type AgencyDefinition } from '../../../../shared/catalogue/agency.js';
import type { ServiceDefinition } from '../../../../shared/catalogue/schema.js';
import { PagedList } from '../../components/Pager.js';
import { useFit } from '../../components/use-fit.js';
import { useI18n } from '../../i18n/i18n.js';
import type { FlowEvent } from '../flow/machine.js';
import { ServiceIcon } from '../icons.js';
import { Nav } from '../parts/Nav.js';
import { Problem } from '../parts/Problem.js';
import { useSpeak } from '../voice.js';

/**
 * The one door's first choice: every agency on one screen, so any service is three taps from
 * home ("Ajukan layanan", the agency, the service). The first agencies (by order) get a tile
 * naming their best-known services, each its own button straight to that service; as many as
 * the screen holds (useFit), the rest as a compact button with the agency's name.
 */
export function Agencies(props: { agencies: AgencyDefinition[]; services: ServiceDefinition[]; dispatch: (e: FlowEvent) => void }) {
  const { t } = useI18n();
  const { dispatch } = props;
  useSpeak([{ key: 'kiosk.agencies.speak', text: t('kiosk.agencies.speak') }]);
  const requests = props.services.filter((s) => s.kind === 'request');
  const agencies = props.agencies.filter((a) => requests.some((s) => s.agency === a.id));
  const fit = useFit(agencies.length);
  const full = new Set(agencies.slice(0, fit.level).map((a) => a.id));
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
        layoutKey={String(fit.level)}
        onMeasured={fit.onMeasured}
        render={(a) => <AgencyTile agency={a} services={requests} named={full.has(a.id)} dispatch={dispatch} />}
        footer={(pager) => <Nav onBack={() => dispatch({ type: 'back' })} pager={pager} />}
      />
    </section>
  );
}

function AgencyTile(props: { agency: AgencyDefinition; services: ServiceDefinition[]; named: boolean; dispatch: (e: FlowEvent) => void }) {
  const { t } = useI18n();
  const { agency, services, dispatch } = props;
  const count = services.filter((s) => s.agency === agency.id).length;
  return (
    <div className={props.named ? 'agency-tile' : 'agency-tile agency-compact'} data-agency={agency.id}>
      <button type="button" className="agency-button" onClick={() => dispatch({ type: 'choose-agency', agencyId: agency.id })} data-testid={`agency-${agency.id}`}>
        <ServiceIcon name={agency.icon} />
        <span className="agency-name">{agency.name}</span>
        <span className="sr-note">{t('kiosk.agencies.count', { count })}</span>
      </button>
      {props.named && (
        <ul className="tile-services" aria-label={t('kiosk.agencies.featured', { name: agency.name })}>
          {featuredServices(agency, services).map((s) => (
            <li key={s.id}>
              <button type="button" className="tile-service" onClick={() => dispatch({ type: 'choose-service', service: s })} data-testid={`service-${s.id}`}>
                {s.short ?? s.title}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
