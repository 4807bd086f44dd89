import type { AgencyDefinition } from '../../../../shared/catalogue/agency.js';
import type { ServiceDefinition } from '../../../../shared/catalogue/schema.js';
import { PagedList } from '../../components/Pager.js';
import { useFit } from '../../components/use-fit.js';
import { useI18n } from '../../i18n/i18n.js';
import type { FlowEvent } from '../flow/machine.js';
import { Nav } from '../parts/Nav.js';
import { Problem } from '../parts/Problem.js';
import { ServiceCard } from '../parts/ServiceCard.js';
import { useSpeak } from '../voice.js';

/** The list's layouts, densest first (kiosk-screens.css). */
const LAYOUTS = ['services-columns', 'services-titles', 'services-cards'] as const;

/**
 * Every service of one agency (or, for "Pengaduan", every complaint service) on one page: cards
 * with their summaries when they fit, else titles only, else titles in more columns (useFit);
 * paged only when even that does not fit (large text).
 */
export function ServiceList(props: { agency: AgencyDefinition | undefined; services: ServiceDefinition[]; dispatch: (e: FlowEvent) => void }) {
  const { t } = useI18n();
  const { agency, dispatch } = props;
  useSpeak([{ key: 'kiosk.services.speak', text: t('kiosk.services.speak') }]);
  const list = props.services.filter((s) => (agency ? s.agency === agency.id && s.kind === 'request' : s.kind === 'complaint'));
  const fit = useFit(LAYOUTS.length - 1, agency?.id ?? 'complaint');
  return (
    <section className="screen screen-services" data-screen="services" data-agency={agency?.id}>
      <div className="screen-head">
        <h2 id="services-title">{agency ? agency.name : t('kiosk.services.complaintTitle')}</h2>
        {agency && <p className="subhead">{agency.fullName}</p>}
      </div>
      {list.length === 0 && <Problem problem={{ key: 'kiosk.services.unavailable' }} />}
      <PagedList
        items={list}
        itemKey={(s) => s.id}
        className={`service-list ${LAYOUTS[fit.level]}`}
        labelledBy="services-title"
        resetKey={agency?.id ?? 'complaint'}
        layoutKey={String(fit.level)}
        onMeasured={fit.onMeasured}
        render={(s) => <ServiceCard service={s} onChoose={(service) => dispatch({ type: 'choose-service', service })} />}
        footer={(pager) => <Nav onBack={() => dispatch({ type: 'back' })} pager={pager} />}
      />
    </section>
  );
}
