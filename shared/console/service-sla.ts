import { HubSla } from '../catalogue/schema.js';
import { HUB_SLA_MAX_DAYS, HUB_SLA_MIN_DAYS, HUB_SLA_STATES, HUB_STATE_SLA_DAYS, type HubSlaConfig, type HubSlaState } from '../domain/hub-workflow.js';
import { ct } from '../i18n/console-id.js';

/**
 * The console's SLA editor (issue 13 §2): a service's own working days per open state and
 * overall, as its catalogue entry's `hubWorkflow.sla`. An empty field keeps the default (the
 * hub's days for the state; the catalogue's promise `sla.days` overall). Checked with the
 * catalogue's own schema (HubSla), errors by field in Bahasa Indonesia; the hub checks the whole
 * document again when it is published.
 */
export type SlaField = HubSlaState | 'overall';
export const SLA_FIELDS: readonly SlaField[] = [...HUB_SLA_STATES, 'overall'];
export type SlaForm = Record<SlaField, string>;

type Entry = Record<string, unknown>;
const slaOfEntry = (service: Entry): HubSlaConfig => {
  const w = service['hubWorkflow'];
  const sla = w !== null && typeof w === 'object' ? (w as { sla?: unknown }).sla : undefined;
  return HubSla.safeParse(sla).data ?? {};
};

/** The form for a service: its own days, '' where it keeps the default. */
export function slaFormOf(service: Entry): SlaForm {
  const sla = slaOfEntry(service);
  const form = Object.fromEntries(SLA_FIELDS.map((f) => [f, ''])) as SlaForm;
  for (const s of HUB_SLA_STATES) if (sla.states?.[s] !== undefined) form[s] = String(sla.states[s]);
  if (sla.overall !== undefined) form.overall = String(sla.overall);
  return form;
}

/** What an empty field means for this service. */
export function slaDefaultsOf(service: Entry): Record<SlaField, number> {
  const promised = (service['sla'] as { days?: unknown } | undefined)?.days;
  return { ...(HUB_STATE_SLA_DAYS as Record<HubSlaState, number>), overall: typeof promised === 'number' ? promised : 10 };
}

/** The form read back: the service's own SLA (undefined when every field keeps its default), or the errors by field. */
export function slaFromForm(form: SlaForm): { ok: true; sla: HubSlaConfig | undefined } | { ok: false; errors: Partial<Record<SlaField, string>> } {
  const errors: Partial<Record<SlaField, string>> = {};
  const read = (f: SlaField): number | undefined => {
    const t = form[f].trim();
    if (t === '') return undefined;
    if (!/^\d+$/.test(t)) {
      errors[f] = ct('console.sla.notWhole');
      return undefined;
    }
    return Number(t);
  };
  const states: Partial<Record<HubSlaState, number>> = {};
  for (const s of HUB_SLA_STATES) {
    const n = read(s);
    if (n !== undefined) states[s] = n;
  }
  const overall = read('overall');
  const sla: HubSlaConfig = { ...(Object.keys(states).length ? { states } : {}), ...(overall !== undefined ? { overall } : {}) };
  const parsed = HubSla.safeParse(sla);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = (issue.path[0] === 'overall' ? 'overall' : issue.path[1]) as SlaField;
      errors[field] ??= ct('console.sla.range', { min: HUB_SLA_MIN_DAYS, max: HUB_SLA_MAX_DAYS });
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, sla: Object.keys(sla).length ? sla : undefined };
}

/** The service entry with its own SLA set (or removed: back to the defaults); a new object. */
export function withSla(service: Entry, sla: HubSlaConfig | undefined): Entry {
  const w = service['hubWorkflow'] !== null && typeof service['hubWorkflow'] === 'object' ? { ...(service['hubWorkflow'] as Entry) } : {};
  if (sla) w['sla'] = sla;
  else delete w['sla'];
  const { hubWorkflow: _old, ...rest } = service;
  return Object.keys(w).length ? { ...rest, hubWorkflow: w } : rest;
}
