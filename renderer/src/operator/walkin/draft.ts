import { checkNikInput, validateAnswers, type AnswerProblem, type Answers } from '../../../../shared/catalogue/answers.js';
import { CONSENT_VERSION } from '../../../../shared/catalogue/consent.js';
import type { ServiceDefinition } from '../../../../shared/catalogue/schema.js';
import type { Applicant, RequestDraft } from '../../../../shared/domain/request.js';
import { answerOf } from './FieldInput.js';

/** The walk-in form's contents, in the renderer's memory until saved. */
export interface WalkInForm {
  id: string;
  nik: string;
  nama: string;
  alamat: string;
  /** The card's extra fields (birth date, RT/RW...) when the e-KTP filled the form. */
  card: Partial<Applicant> | null;
  answers: Answers;
  requirements: string[];
  consent: boolean;
}

export function emptyForm(): WalkInForm {
  return { id: crypto.randomUUID(), nik: '', nama: '', alamat: '', card: null, answers: {}, requirements: [], consent: false };
}

/** Every problem of the form, keyed by input ("applicant.nik", a field id, "consent"): the kiosk's rules. */
export function formProblems(svc: ServiceDefinition, form: WalkInForm, today: string): Record<string, AnswerProblem> {
  const out: Record<string, AnswerProblem> = {};
  const nik = checkNikInput(form.nik.replace(/\s/g, ''));
  if (nik) out['applicant.nik'] = nik;
  if (form.nama.trim().length < 3) out['applicant.nama'] = { key: 'validate.name' };
  if (form.alamat.trim().length < 5) out['applicant.alamat'] = { key: 'validate.address' };
  Object.assign(out, validateAnswers(svc, storedAnswers(svc, form.answers), today));
  if (!form.consent) out['consent'] = { key: 'work.walkIn.consentNeeded' };
  return out;
}

function storedAnswers(svc: ServiceDefinition, answers: Answers): Answers {
  const out: Answers = {};
  for (const f of svc.fields) if (answers[f.id] !== undefined) out[f.id] = answerOf(f, answers[f.id]!);
  return out;
}

/** The draft desk:submit takes: the same model as the kiosk's. */
export function draftOf(svc: ServiceDefinition, form: WalkInForm): RequestDraft {
  const fromCard = form.card !== null && form.card.nik === form.nik;
  const applicant: Applicant = {
    ...(fromCard ? form.card : {}),
    nik: form.nik.replace(/\s/g, ''),
    nama: form.nama.trim().toUpperCase(),
    alamat: form.alamat.trim(),
    source: fromCard ? 'card' : 'manual',
  };
  return {
    id: form.id,
    serviceId: svc.id,
    serviceVersion: svc.version,
    applicant,
    answers: storedAnswers(svc, form.answers),
    requirementsChecked: form.requirements,
    consent: { accepted: form.consent, statementVersion: CONSENT_VERSION },
  };
}
