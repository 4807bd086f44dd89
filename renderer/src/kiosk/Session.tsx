import type { CatalogueView } from '../../../shared/api/calls/catalogue.js';
import { visibleFields } from '../../../shared/catalogue/answers.js';
import type { FlowEvent, FlowState } from './flow/machine.js';
import { Agencies } from './screens/Agencies.js';
import { Confirm } from './screens/Confirm.js';
import { Consent } from './screens/Consent.js';
import { Done } from './screens/Done.js';
import { Identity } from './screens/Identity.js';
import { NikEntry } from './screens/NikEntry.js';
import { QueueLane } from './screens/QueueLane.js';
import { QueueTicket } from './screens/QueueTicket.js';
import { Question } from './screens/Question.js';
import { Receipt } from './screens/Receipt.js';
import { Requirements } from './screens/Requirements.js';
import { Review } from './screens/Review.js';
import { Search } from './screens/Search.js';
import { ServiceList } from './screens/ServiceList.js';
import { StatusCheck } from './screens/StatusCheck.js';
import { Survey } from './screens/Survey.js';
import { TextEntry } from './screens/TextEntry.js';
import { VerifyLetter } from './screens/VerifyLetter.js';
import { Welcome } from './screens/Welcome.js';

export interface SessionProps {
  flow: FlowState;
  dispatch: (event: FlowEvent) => void;
  catalogue: Pick<CatalogueView, 'agencies' | 'services'>;
}

/** One resident's visit: the screen for the flow's state. All state lives in the flow (flow/machine.ts). */
export function KioskSession({ flow, dispatch, catalogue }: SessionProps) {
  const { step, service, applicant, drafts } = flow;
  const back = (): void => dispatch({ type: 'back' });
  switch (step.screen) {
    case 'welcome':
      return <Welcome cardError={flow.cardError} dispatch={dispatch} />;
    case 'agencies':
      return <Agencies agencies={catalogue.agencies} services={catalogue.services} dispatch={dispatch} />;
    case 'services':
      return <ServiceList agency={catalogue.agencies.find((a) => a.id === step.agencyId)} services={catalogue.services} dispatch={dispatch} />;
    case 'search':
      return <Search agencies={catalogue.agencies} services={catalogue.services} dispatch={dispatch} />;
    case 'identity':
      return <Identity cardError={flow.cardError} dispatch={dispatch} />;
    case 'nik':
      return <NikEntry value={drafts.nik} dispatch={dispatch} />;
    case 'name':
      return (
        <TextEntry
          screen="name"
          title="kiosk.name.title"
          speak="kiosk.name.speak"
          value={drafts.name}
          min={3}
          problem="validate.name"
          onChange={(value) => dispatch({ type: 'name-input', value })}
          onDone={() => dispatch({ type: 'name-done' })}
          onBack={back}
        />
      );
    case 'address':
      return (
        <TextEntry
          screen="address"
          title="kiosk.address.title"
          speak="kiosk.address.speak"
          value={drafts.address}
          min={5}
          problem="validate.address"
          onChange={(value) => dispatch({ type: 'address-input', value })}
          onDone={() => dispatch({ type: 'address-done' })}
          onBack={back}
        />
      );
    case 'confirm':
      return applicant ? <Confirm applicant={applicant} dispatch={dispatch} /> : null;
    case 'form': {
      const fields = service ? visibleFields(service, flow.answers) : [];
      const field = fields[step.fieldIndex];
      if (!field) return null;
      return (
        <Question
          key={`${field.id}-${step.fieldIndex}`}
          field={field}
          index={step.fieldIndex}
          total={fields.length}
          answers={flow.answers}
          onAnswer={(value) => dispatch({ type: 'answer', value })}
          onBack={back}
        />
      );
    }
    case 'requirements':
      return service ? <Requirements service={service} checked={flow.checked} dispatch={dispatch} /> : null;
    case 'consent':
      return <Consent dispatch={dispatch} />;
    case 'review':
      return <Review flow={flow} dispatch={dispatch} />;
    case 'receipt':
      return flow.receipt ? <Receipt receipt={flow.receipt} dispatch={dispatch} /> : null;
    case 'survey':
      return <Survey survey={flow.survey} receipt={flow.receipt} dispatch={dispatch} />;
    case 'done':
      return <Done dispatch={dispatch} />;
    case 'status':
      return <StatusCheck status={flow.status} dispatch={dispatch} />;
    case 'verify-letter':
      return <VerifyLetter letter={flow.letter} dispatch={dispatch} />;
    case 'queue':
      return <QueueLane queue={flow.queue} dispatch={dispatch} />;
    case 'queue-ticket':
      return flow.queue.ticket ? <QueueTicket ticket={flow.queue.ticket} print={flow.queue.print} dispatch={dispatch} /> : null;
  }
}
