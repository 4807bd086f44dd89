import { desaOf, findRegion } from '../domain/wilayah.js';
import type { MessageKey } from '../i18n/id.js';
import type { Field, ServiceDefinition } from './schema.js';

/** Answers of one form, kept only in the kiosk's memory until submitted. */
export type Answers = Record<string, string>;

/** A validation problem as a message key (plain Bahasa in the catalogue; each one says what to do). */
export interface AnswerProblem {
  key: MessageKey;
  values?: Record<string, string | number>;
}

export function isVisible(field: Field, answers: Answers): boolean {
  if (!field.visibleIf) return true;
  const v = answers[field.visibleIf.field];
  return v !== undefined && field.visibleIf.in.includes(v);
}

/** The fields to ask, in order, given the answers so far (a hidden field's dependants are hidden too). */
export function visibleFields(service: ServiceDefinition, answers: Answers): Field[] {
  const shown = new Set<string>();
  const out: Field[] = [];
  for (const f of service.fields) {
    if (f.visibleIf && !shown.has(f.visibleIf.field)) continue;
    if (!isVisible(f, answers)) continue;
    shown.add(f.id);
    out.push(f);
  }
  return out;
}

/** Only the answers of visible fields, trimmed: what is stored. */
export function cleanAnswers(service: ServiceDefinition, answers: Answers): Answers {
  const out: Answers = {};
  for (const f of visibleFields(service, answers)) {
    const v = answers[f.id]?.trim();
    if (v !== undefined && v !== '') out[f.id] = v;
  }
  return out;
}

export function validateAnswer(field: Field, raw: string | undefined, answers: Answers, today: string): AnswerProblem | null {
  const value = (raw ?? '').trim();
  if (value === '') return field.required ? { key: field.type === 'select' || field.type === 'yesno' || field.type === 'kecamatan' || field.type === 'desa' ? 'validate.choose' : 'validate.required' } : null;
  const v = field.validation ?? {};
  switch (field.type) {
    case 'number': {
      if (!/^\d+$/.test(value)) return { key: 'validate.number' };
      const n = Number(value);
      if (v.min !== undefined && n < v.min) return { key: 'validate.min', values: { min: v.min } };
      if (v.max !== undefined && n > v.max) return { key: 'validate.max', values: { max: v.max } };
      break;
    }
    case 'date': {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !validDate(value)) return { key: 'validate.date' };
      if (!v.allowFuture && value > today) return { key: 'validate.date.future' };
      break;
    }
    case 'nik':
      if (!/^\d{16}$/.test(value)) return { key: 'validate.nik.length' };
      break;
    case 'phone':
      if (!/^(\+62|62|0)8\d{7,11}$/.test(value.replace(/[\s-]/g, ''))) return { key: 'validate.phone' };
      break;
    case 'select':
      if (!field.options?.some((o) => o.value === value)) return { key: 'validate.choose' };
      break;
    case 'yesno':
      if (value !== 'ya' && value !== 'tidak') return { key: 'validate.choose' };
      break;
    case 'kecamatan': {
      const r = findRegion(value);
      if (!r || r.level !== 'kecamatan') return { key: 'validate.choose' };
      break;
    }
    case 'desa': {
      const kec = field.kecamatanField ? answers[field.kecamatanField] : undefined;
      if (!kec || !desaOf(kec).some((d) => d.code === value)) return { key: 'validate.choose' };
      break;
    }
    default:
      break;
  }
  if (v.minLength !== undefined && value.length < v.minLength) return { key: 'validate.minLength', values: { min: v.minLength } };
  if (v.maxLength !== undefined && value.length > v.maxLength) return { key: 'validate.maxLength', values: { max: v.maxLength } };
  if (v.pattern !== undefined && !new RegExp(`^(?:${v.pattern})$`).test(value)) {
    return { key: 'validate.pattern', values: { help: v.patternHelp ?? '' } };
  }
  return null;
}

/** Every problem of a whole form, by field id (the core checks this again on submit). */
export function validateAnswers(service: ServiceDefinition, answers: Answers, today: string): Record<string, AnswerProblem> {
  const problems: Record<string, AnswerProblem> = {};
  for (const f of visibleFields(service, answers)) {
    const p = validateAnswer(f, answers[f.id], answers, today);
    if (p) problems[f.id] = p;
  }
  return problems;
}

function validDate(iso: string): boolean {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d && y >= 1900;
}

/** The display form of an answer (labels for choices, region names for codes). */
export function answerLabel(field: Field, value: string): string {
  if (field.type === 'select') return field.options?.find((o) => o.value === value)?.label ?? value;
  if (field.type === 'yesno') return value === 'ya' ? 'Ya' : 'Tidak';
  if (field.type === 'kecamatan' || field.type === 'desa') return findRegion(value)?.name ?? value;
  return value;
}

/** "Budi Santoso" -> "B. S.": what the status screen shows of the applicant. */
export function initials(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `${w[0]!.toUpperCase()}.`)
    .join(' ');
}

/**
 * Plain offline checks of a typed NIK (structure only; there is no check digit and offline
 * validation cannot prove that a NIK exists). Returns a message key that says what to do.
 */
export function checkNikInput(nik: string): AnswerProblem | null {
  if (!/^\d*$/.test(nik)) return { key: 'validate.nik.digits' };
  if (nik.length !== 16) return { key: 'validate.nik.length' };
  const prov = Number(nik.slice(0, 2));
  if (prov < 11 || prov > 96) return { key: 'validate.nik.region' };
  const dd = Number(nik.slice(6, 8));
  const mm = Number(nik.slice(8, 10));
  const day = dd > 40 ? dd - 40 : dd;
  if (day < 1 || day > 31 || mm < 1 || mm > 12) return { key: 'validate.nik.date' };
  if (nik.slice(12) === '0000') return { key: 'validate.nik.serial' };
  return null;
}
