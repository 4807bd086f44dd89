import { visibleFields } from '../../../../shared/catalogue/answers.js';
import { CONSENT_VERSION } from '../../../../shared/catalogue/consent.js';
import { SKM_UNSUR } from '../../../../shared/catalogue/skm.js';
import type { RequestDraft } from '../../../../shared/domain/request.js';
import { applicantFromCard } from './applicant.js';
import { CARD_SCREENS, initialFlow, type FlowEvent, type FlowState, type Screen, type Step } from './state.js';

export { CARD_SCREENS, initialFlow };
export type { FlowEvent, FlowState, Screen, Step };

/**
 * The kiosk flow as a pure reducer: (state, event) -> state, no React, no DOM, no I/O. The
 * screens dispatch events and do the calls (card:manual, kiosk:submit, ...), reporting the
 * outcome as another event; an event that does not fit the current screen changes nothing,
 * so a late answer (a submit after a wipe, a card on the review screen) is harmless.
 */
export function reduce(state: FlowState, event: FlowEvent): FlowState {
  const { screen } = state.step;
  switch (event.type) {
    case 'idle-wipe':
    case 'finish':
      return wipe(state);
    case 'back':
      return back(state);
    case 'card-read':
      return cardRead(state, event.biodata);

    case 'apply':
      return screen === 'welcome' ? go({ ...state, mode: 'apply' }, 'agencies') : state;
    case 'complaint':
      return screen === 'welcome' ? go({ ...state, mode: 'complaint' }, 'services') : state;
    case 'check-status':
      return screen === 'welcome' ? go(state, 'status') : state;
    case 'verify-letter':
      return screen === 'welcome' ? go(state, 'verify-letter') : state;
    case 'letter-verified':
      return screen === 'verify-letter' ? { ...state, letter: { verdict: event.verdict } } : state;
    case 'letter-another':
      return screen === 'verify-letter' ? { ...state, letter: {} } : state;
    case 'queue':
      return screen === 'welcome' ? go({ ...state, queue: { taking: 'idle', print: 'none' } }, 'queue') : state;
    case 'queue-take':
      return screen === 'queue' && state.queue.taking !== 'busy' ? { ...state, queue: { ...state.queue, taking: 'busy' } } : state;
    case 'queue-taken':
      // The ticket is taken: no way back to take a second one by mistake.
      if (screen !== 'queue' || state.queue.taking !== 'busy') return state;
      return replace({ ...state, queue: { taking: 'idle', ticket: event.ticket, print: event.ticket.printing ? 'printing' : 'none' } }, 'queue-ticket');
    case 'queue-failed':
      return screen === 'queue' && state.queue.taking === 'busy' ? { ...state, queue: { ...state.queue, taking: 'failed' } } : state;
    case 'queue-printed':
      return screen === 'queue-ticket' && state.queue.print === 'printing' ? { ...state, queue: { ...state.queue, print: event.outcome } } : state;
    case 'type-nik':
      if (screen === 'welcome') return go({ ...state, mode: 'apply' }, 'nik');
      return screen === 'identity' ? go(state, 'nik') : state;

    case 'open-search':
      return screen === 'agencies' ? go(state, 'search') : state;
    case 'choose-agency':
      return screen === 'agencies' ? push(state, { screen: 'services', fieldIndex: 0, agencyId: event.agencyId }) : state;
    case 'choose-service': {
      if (screen !== 'agencies' && screen !== 'services' && screen !== 'search') return state;
      const next = { ...state, service: event.service, answers: {}, checked: [] };
      return next.applicant ? toField(next, 0) : go(next, 'identity');
    }

    case 'nik-input':
      return screen === 'nik' ? { ...state, drafts: { ...state.drafts, nik: event.value } } : state;
    case 'nik-checked': {
      if (screen !== 'nik' || event.nik !== state.drafts.nik) return state;
      if (!event.known) return go({ ...state, applicant: undefined }, 'name');
      return go({ ...state, applicant: { nik: event.nik, ...event.known, source: 'manual' } }, 'confirm');
    }
    case 'name-input':
      return screen === 'name' ? { ...state, drafts: { ...state.drafts, name: event.value } } : state;
    case 'name-done':
      return screen === 'name' && state.drafts.name.trim().length >= 3 ? go(state, 'address') : state;
    case 'address-input':
      return screen === 'address' ? { ...state, drafts: { ...state.drafts, address: event.value } } : state;
    case 'address-done': {
      const { nik, name, address } = state.drafts;
      if (screen !== 'address' || address.trim().length < 5) return state;
      return go({ ...state, applicant: { nik, nama: name.trim(), alamat: address.trim(), source: 'manual' } }, 'confirm');
    }
    case 'confirm-yes':
      if (screen !== 'confirm' || !state.applicant) return state;
      return state.service ? toField(state, 0) : go(state, 'agencies');
    case 'confirm-no': {
      if (screen !== 'confirm') return state;
      const cleared = { ...state, applicant: undefined, drafts: { nik: '', name: '', address: '' } };
      return { ...cleared, stack: [], step: { screen: cleared.service ? 'identity' : 'welcome', fieldIndex: 0 } };
    }

    case 'answer': {
      const field = currentField(state);
      if (!field || !state.service) return state;
      const answers = { ...state.answers, [field.id]: event.value };
      return toField({ ...state, answers }, state.step.fieldIndex + 1);
    }
    case 'edit':
      return screen === 'review' && state.submit !== 'busy' && state.service ? toField(state, event.fieldIndex) : state;
    case 'toggle-requirement': {
      if (screen !== 'requirements') return state;
      const has = state.checked.includes(event.id);
      return { ...state, checked: has ? state.checked.filter((x) => x !== event.id) : [...state.checked, event.id] };
    }
    case 'requirements-done':
      return screen === 'requirements' ? go(state, 'consent') : state;
    case 'consent-agreed':
      return screen === 'consent' ? go({ ...state, submit: 'idle' }, 'review') : state;
    case 'submit-start':
      return screen === 'review' && state.submit !== 'busy' && state.service && state.applicant ? { ...state, submit: 'busy' } : state;
    case 'submit-ok':
      return screen === 'review' && state.submit === 'busy' ? replace({ ...state, submit: 'idle', receipt: event.receipt }, 'receipt') : state;
    case 'submit-failed':
      return screen === 'review' && state.submit === 'busy' ? { ...state, submit: event.storage ? 'storage' : 'failed' } : state;
    case 'receipt-done':
      return screen === 'receipt' ? replace({ ...state, survey: { index: -1, scores: {}, sending: false } }, 'survey') : state;

    case 'survey-start':
      return screen === 'survey' && state.survey.index === -1 ? { ...state, survey: { ...state.survey, index: 0 } } : state;
    case 'survey-skip':
      return screen === 'survey' && state.survey.index === -1 ? replace(state, 'done') : state;
    case 'survey-answer': {
      const { index, scores, sending } = state.survey;
      const unsur = SKM_UNSUR[index];
      if (screen !== 'survey' || !unsur || sending) return state;
      const next = { ...scores, [unsur]: event.score };
      const last = index + 1 >= SKM_UNSUR.length;
      return { ...state, survey: { index: last ? index : index + 1, scores: next, sending: last } };
    }
    case 'survey-sent':
      return screen === 'survey' && state.survey.sending ? replace(state, 'done') : state;

    case 'status-found':
      return screen === 'status' ? { ...state, status: { ...state.status, view: event.view } } : state;
    case 'status-another':
      return screen === 'status' ? { ...state, status: {} } : state;
  }
}

/** The request to submit from what the resident entered, or undefined when something is missing. */
export function requestDraft(state: FlowState, id: string): RequestDraft | undefined {
  const { service, applicant } = state;
  if (!service || !applicant) return undefined;
  return {
    id,
    serviceId: service.id,
    serviceVersion: service.version,
    applicant,
    answers: state.answers,
    requirementsChecked: state.checked,
    consent: { accepted: true, statementVersion: CONSENT_VERSION },
  };
}

/** The question on screen, if the form is showing one. */
export function currentField(state: FlowState) {
  if (state.step.screen !== 'form' || !state.service) return undefined;
  return visibleFields(state.service, state.answers)[state.step.fieldIndex];
}

/** A new session: nothing of the resident is carried over, only the count of sessions. */
function wipe(state: FlowState): FlowState {
  return initialFlow(state.session + 1);
}

function push(state: FlowState, step: Step): FlowState {
  return { ...state, stack: [...state.stack, state.step], step };
}

function go(state: FlowState, screen: Screen): FlowState {
  return push(state, { screen, fieldIndex: 0 });
}

/** A step that cannot be gone back from (after the submit: the request is stored). */
function replace(state: FlowState, screen: Screen): FlowState {
  return { ...state, stack: [], step: { screen, fieldIndex: 0 } };
}

/** The form's question `index`, or the requirements once every visible question is answered. */
function toField(state: FlowState, index: number): FlowState {
  const fields = state.service ? visibleFields(state.service, state.answers) : [];
  return index < fields.length ? push(state, { screen: 'form', fieldIndex: index }) : go(state, 'requirements');
}

function back(state: FlowState): FlowState {
  const { screen } = state.step;
  if (state.submit === 'busy' || state.survey.sending || (screen === 'queue' && state.queue.taking === 'busy')) return state;
  if (screen === 'survey') {
    return state.survey.index >= 0 ? { ...state, survey: { ...state.survey, index: state.survey.index - 1 } } : state;
  }
  const previous = state.stack[state.stack.length - 1];
  if (!previous) return wipe(state);
  const left = { ...state, stack: state.stack.slice(0, -1), step: previous };
  // Leaving "Cek status" or "Cek keaslian surat" forgets what it showed.
  if (screen === 'verify-letter') return { ...left, letter: {} };
  return screen === 'status' ? { ...left, status: {} } : left;
}

/** A tapped e-KTP: identifies the resident where a card is expected; on "Cek status" it may reveal the applicant. */
function cardRead(state: FlowState, biodata: Parameters<typeof applicantFromCard>[0]): FlowState {
  const { screen } = state.step;
  if (!CARD_SCREENS.includes(screen)) return state;
  if (screen === 'status') return { ...state, status: { ...state.status, cardNik: biodata.nik } };
  const applicant = applicantFromCard(biodata);
  if (!applicant) return { ...state, cardError: true };
  return go({ ...state, cardError: false, applicant }, 'confirm');
}
