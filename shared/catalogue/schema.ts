import { z } from 'zod';
import { HUB_MOVE_IDS, HUB_SLA_MAX_DAYS, HUB_SLA_MIN_DAYS, HUB_SLA_STATES, HUB_WORKER_ROLES } from '../domain/hub-workflow.js';

/**
 * A service of the catalogue, as data. Each file under main/catalogue/services/ is one service
 * (`<id>.json`); a new service is a new file. The schema is strict: an unknown key is an error,
 * so a typo in a file is found when it is loaded, not when a resident meets it.
 */

/** Icons the kiosk can draw (renderer/src/kiosk/icons.tsx). */
export const ICONS = [
  'id-card',
  'id-card-broken',
  'family',
  'family-edit',
  'baby',
  'move',
  'briefcase',
  'home',
  'wallet',
  'shop',
  'rings',
  'flower',
  'tax',
  'aid',
  'megaphone',
  'lightbulb',
  'document',
  // Agencies' own symbols (a catalogue of ~30 OPD).
  'office',
  'health',
  'school',
  'building',
  'leaf',
  'road',
  'water',
  'farm',
  'fish',
  'bus',
  'shield',
  'people',
  'scale',
  'book',
  'factory',
  'heart',
  'sport',
  'tree',
] as const;
export const Icon = z.enum(ICONS);
export type Icon = z.infer<typeof Icon>;

export const FIELD_TYPES = ['text', 'textarea', 'number', 'date', 'select', 'yesno', 'nik', 'phone', 'kecamatan', 'desa'] as const;
export const FieldType = z.enum(FIELD_TYPES);
export type FieldType = z.infer<typeof FieldType>;

export const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{1,79}$/, 'use lower-case letters, digits and "-" (for example ktp-el-baru)');
const FieldId = z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/, 'use a camelCase name starting with a letter (for example keperluan)');
export const Text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);

export const Option = z.object({ value: z.string().regex(/^[a-z0-9-]{1,40}$/, 'use lower-case letters, digits and "-"'), label: Text(80) }).strict();

export const Condition = z
  .object({
    /** Id of an earlier field. */
    field: FieldId,
    /** Shown when that field's answer is one of these values ("ya"/"tidak" for yesno). */
    in: z.array(z.string().min(1)).min(1),
  })
  .strict();
export type Condition = z.infer<typeof Condition>;

export const Validation = z
  .object({
    minLength: z.number().int().min(0).optional(),
    maxLength: z.number().int().min(1).max(2000).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    /** A regular expression the whole answer must match; give `patternHelp` so the resident knows what to do. */
    pattern: z.string().optional(),
    patternHelp: Text(160).optional(),
    /** For dates: whether the date may lie in the future. */
    allowFuture: z.boolean().optional(),
  })
  .strict();

export const Field = z
  .object({
    id: FieldId,
    type: FieldType,
    label: Text(120),
    help: Text(240).optional(),
    required: z.boolean().default(true),
    options: z.array(Option).min(2, 'a choice needs at least 2 options').optional(),
    validation: Validation.optional(),
    visibleIf: Condition.optional(),
    /** For `desa`: the id of the `kecamatan` field whose answer narrows the list. */
    kecamatanField: FieldId.optional(),
  })
  .strict();
export type Field = z.infer<typeof Field>;

export const Requirement = z.object({ id: Slug, text: Text(160), optional: z.boolean().default(false) }).strict();
export type Requirement = z.infer<typeof Requirement>;

/** Bounds of a retention period: at least a month (time to collect, complain), at most ten years. */
export const MIN_RETENTION_DAYS = 30;
export const MAX_RETENTION_DAYS = 3650;
export const Retention = z
  .object({
    days: z.number().int().min(MIN_RETENTION_DAYS).max(MAX_RETENTION_DAYS),
    /** Why the office keeps it that long (shown in the data-subject report). */
    basis: Text(200),
  })
  .strict();
export type Retention = z.infer<typeof Retention>;
/** For a service file that names none: a year after it is finished. */
export const DEFAULT_RETENTION: Retention = { days: 365, basis: 'Bukti layanan desa selama satu tahun setelah selesai.' };

/** Working days of a service's own SLA at the hub (a state's or the overall one). */
export const HubSlaDays = z.number().int().min(HUB_SLA_MIN_DAYS).max(HUB_SLA_MAX_DAYS);
/** A service's own SLA at the hub (HubSlaConfig): days per open state, and overall; what it leaves out keeps the defaults. */
export const HubSla = z
  .object({
    states: z.partialRecord(z.enum(HUB_SLA_STATES), HubSlaDays).optional(),
    overall: HubSlaDays.optional(),
  })
  .strict();

/** A service's own workflow at the hub (HubWorkflowConfig): no verification step, or who may make a move. */
export const HubWorkflow = z
  .object({
    verification: z.boolean().optional(),
    roles: z.partialRecord(z.enum(HUB_MOVE_IDS), z.array(z.enum(HUB_WORKER_ROLES)).min(1).max(3)).optional(),
    sla: HubSla.optional(),
  })
  .strict();

export const ServiceDefinition = z
  .object({
    id: Slug,
    version: z.number().int().min(1),
    /** Id of the agency (OPD) that owns the service: an agency file of the catalogue (see agency.ts). */
    agency: Slug,
    /** Letter of the queue number printed on the receipt (one per service group, e.g. A for Dukcapil). */
    queueGroup: z.string().regex(/^[A-Z]$/, 'one capital letter'),
    /** 'request': a service application; 'complaint': pengaduan / kritik & saran. */
    kind: z.enum(['request', 'complaint']).default('request'),
    title: Text(60),
    /** The name on its agency's tile, as residents say it and short ("KTP-el baru", "SKTM"); default: the title. */
    short: Text(24).optional(),
    summary: Text(200),
    icon: Icon,
    /** Words residents use for it ("KTP", "kartu kuning", "akte"): search finds the service by them. */
    keywords: z.array(Text(40)).max(20).default([]),
    /** Place within its agency's list; lower first (the best-known services first). */
    order: z.number().int().min(0).max(999).default(100),
    fields: z.array(Field).max(30),
    requirements: z.array(Requirement).max(20),
    /** 'checklist': the resident ticks what they brought; 'info': shown as information only. */
    requirementsMode: z.enum(['checklist', 'info']).default('checklist'),
    fee: z.object({ amount: z.number().int().min(0), note: Text(160).optional() }).strict(),
    sla: z.object({ days: z.number().int().min(0).max(90), text: Text(120) }).strict(),
    /** 'desa': completed by the desa office itself; 'forward': sent on to the OPD named in forwardTo. */
    completion: z.enum(['desa', 'forward']),
    forwardTo: Text(120).optional(),
    /** A legal basis or note for the operator. */
    basis: Text(300).optional(),
    /** The letter the desa issues for it: a template of the catalogue, `letters/<id>.txt` (desa services only). */
    letter: Slug.optional(),
    /**
     * UU 27/2022 (PDP): how long this office keeps the applicant's personal data once the request
     * is finished and the hub has acknowledged it; then the kiosk's purge job minimises the record
     * (main/core/privacy). The hub keeps the record of account.
     */
    retention: Retention.default(DEFAULT_RETENTION),
    /** Its own workflow at the hub's console, over the default (shared/domain/hub-workflow.ts); kiosks ignore it. */
    hubWorkflow: HubWorkflow.optional(),
  })
  .strict()
  .superRefine((svc, ctx) => {
    const seen = new Map<string, Field>();
    svc.fields.forEach((f, i) => {
      const at = (key: string): (string | number)[] => ['fields', i, key];
      if (seen.has(f.id)) ctx.addIssue({ code: 'custom', path: at('id'), message: `duplicate field id "${f.id}"` });
      if (f.type === 'select' && !f.options) {
        ctx.addIssue({ code: 'custom', path: at('options'), message: 'a select field needs options' });
      }
      if (f.type !== 'select' && f.options) {
        ctx.addIssue({ code: 'custom', path: at('options'), message: `options are only allowed on select fields, not ${f.type}` });
      }
      if (f.options) {
        const values = f.options.map((o) => o.value);
        const dup = values.find((v, j) => values.indexOf(v) !== j);
        if (dup) ctx.addIssue({ code: 'custom', path: at('options'), message: `duplicate option value "${dup}"` });
      }
      if (f.validation?.pattern !== undefined) {
        try {
          new RegExp(f.validation.pattern);
        } catch {
          ctx.addIssue({ code: 'custom', path: ['fields', i, 'validation', 'pattern'], message: 'not a valid regular expression' });
        }
        if (!f.validation.patternHelp) {
          ctx.addIssue({ code: 'custom', path: ['fields', i, 'validation', 'patternHelp'], message: 'a pattern needs a patternHelp that says what to type' });
        }
      }
      if (f.visibleIf) {
        const dep = seen.get(f.visibleIf.field);
        if (!dep) {
          ctx.addIssue({ code: 'custom', path: ['fields', i, 'visibleIf', 'field'], message: `"${f.visibleIf.field}" is not an earlier field` });
        } else {
          const allowed = allowedValues(dep);
          const bad = allowed && f.visibleIf.in.find((v) => !allowed.includes(v));
          if (bad) {
            ctx.addIssue({ code: 'custom', path: ['fields', i, 'visibleIf', 'in'], message: `"${bad}" is not a value of field "${dep.id}"` });
          }
        }
      }
      if (f.type === 'desa') {
        const kec = f.kecamatanField ? seen.get(f.kecamatanField) : undefined;
        if (!kec || kec.type !== 'kecamatan') {
          ctx.addIssue({ code: 'custom', path: at('kecamatanField'), message: 'a desa field needs kecamatanField naming an earlier kecamatan field' });
        }
      } else if (f.kecamatanField) {
        ctx.addIssue({ code: 'custom', path: at('kecamatanField'), message: 'kecamatanField is only allowed on desa fields' });
      }
      seen.set(f.id, f);
    });
    const reqIds = svc.requirements.map((r) => r.id);
    const dupReq = reqIds.find((v, j) => reqIds.indexOf(v) !== j);
    if (dupReq) ctx.addIssue({ code: 'custom', path: ['requirements'], message: `duplicate requirement id "${dupReq}"` });
    if (svc.letter !== undefined && svc.completion !== 'desa') {
      ctx.addIssue({ code: 'custom', path: ['letter'], message: 'only a service the desa completes itself (completion "desa") issues a letter' });
    }
    if (svc.completion === 'forward' && !svc.forwardTo) {
      ctx.addIssue({ code: 'custom', path: ['forwardTo'], message: 'a forwarded service must name the agency in forwardTo' });
    }
  });
export type ServiceDefinition = z.infer<typeof ServiceDefinition>;
export type ServiceDefinitionInput = z.input<typeof ServiceDefinition>;

function allowedValues(f: Field): string[] | undefined {
  if (f.type === 'select') return f.options?.map((o) => o.value);
  if (f.type === 'yesno') return ['ya', 'tidak'];
  return undefined;
}

export type CatalogueFileResult =
  | { ok: true; service: ServiceDefinition }
  | { ok: false; errors: string[] };

/** A zod issue path as a file author reads it: fields[2].options. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * Validates one catalogue file's parsed JSON. Every problem is reported as
 * `file <name>: field <path>: <problem>`, so an office knows exactly what to fix.
 */
export function validateCatalogueFile(name: string, json: unknown): CatalogueFileResult {
  const parsed = ServiceDefinition.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => `file ${name}: field ${issuePath(i.path)}: ${i.message}`),
    };
  }
  const expected = `${parsed.data.id}.json`;
  if (name.endsWith('.json') && baseName(name) !== expected) {
    return { ok: false, errors: [`file ${name}: field id: "${parsed.data.id}" must match the file name (${expected})`] };
  }
  return { ok: true, service: parsed.data };
}

function baseName(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1] ?? p;
}

/**
 * Checks across files: service ids unique, every service's agency defined. Returns problems in
 * the same `file X: field Y: ...` form.
 */
export function crossCheck(files: { name: string; service: ServiceDefinition }[], agencyIds: ReadonlySet<string>): string[] {
  const errors: string[] = [];
  const byId = new Map<string, string>();
  for (const f of files) {
    const other = byId.get(f.service.id);
    if (other) errors.push(`file ${f.name}: field id: "${f.service.id}" is already used by ${other}`);
    else byId.set(f.service.id, f.name);
    if (!agencyIds.has(f.service.agency)) errors.push(`file ${f.name}: field agency: no agency "${f.service.agency}" in the catalogue (add agencies/${f.service.agency}.json)`);
  }
  return errors;
}
