import type { AgencyDefinition } from '../../../../shared/catalogue/agency.js';
import type { ServiceDefinition } from '../../../../shared/catalogue/schema.js';
import { PagedList } from '../../components/Pager.js';
import { useI18n } from '../../i18n/i18n.js';
import type { FlowEvent } from '../flow/machine.js';
import { Nav } from '../parts/Nav.js';
import { Problem } from '../parts/Problem.js';
import { ServiceCard } from '../parts/ServiceCard.js';
import { useSpeak } from '../voice.js';

/** Every service of one agency (or, for "Pengaduan", every complaint service), paged to fit. */
export function ServiceList(props: { agency: AgencyDefinition | undefined; services: ServiceDefinition[]; dispatch: (e: FlowEvent) => void }) {
  const { t } = useI18n();
  const { agency, dispatch } = props;
  useSpeak([{ key: 'kiosk.services.speak', text: t('kiosk.services.speak') }]);
  const list = props.services.filter((s) => (agency ? s.agency === agency.id && s.kind === 'request' : s.kind === 'complaint'));
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
        className="service-list"
        labelledBy="services-title"
        resetKey={agency?.id ?? 'complaint'}
        render={(s) => <ServiceCard service={s} onChoose={(service) => dispatch({ type: 'choose-service', service })} />}
        footer={(pager) => <Nav onBack={() => dispatch({ type: 'back' })} pager={pager} />}
      />
    </section>
  );
}
