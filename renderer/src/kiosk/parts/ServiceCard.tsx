import type { ServiceDefinition } from '../../../../shared/catalogue/schema.js';
import { ServiceIcon } from '../icons.js';

/** One service as a large button: icon, title, and below it the summary (or, in search results, the agency). */
export function ServiceCard({ service, detail, onChoose }: { service: ServiceDefinition; detail?: string; onChoose: (s: ServiceDefinition) => void }) {
  return (
    <button type="button" className="service-card" onClick={() => onChoose(service)} data-testid={`service-${service.id}`}>
      <ServiceIcon name={service.icon} />
      <span className="service-text">
        <span className="service-title">{service.title}</span>
        <span className="service-summary">{detail ?? service.summary}</span>
      </span>
    </button>
  );
}
