import { z } from 'zod';
import { Icon, issuePath, Slug, Text } from './schema.js';

/**
 * An agency (OPD) of the one door, as data: each file under the catalogue's `agencies/` folder
 * is one agency (`<id>.json`), like services. Adding an agency and its services needs no code.
 */
export const AgencyDefinition = z
  .object({
    id: Slug,
    /** The name residents know it by, short enough for a tile ("Dukcapil", "Kantor Desa"). */
    name: Text(40),
    /** The official name, shown under the short one. */
    fullName: Text(160),
    icon: Icon,
    /** Place on the agencies screen; lower first. */
    order: z.number().int().min(0).max(999),
    /**
   * Services named on the agency's tile (2 or 3 of the best known); default: the first by order.
   * A soft reference: an id that is not (or no longer) a service of this agency is skipped.
   */
    featured: z.array(Slug).max(3).optional(),
    /** Other words residents use for the agency ("capil", "disnaker"). */
    keywords: z.array(Text(40)).max(20).default([]),
  })
  .strict();
export type AgencyDefinition = z.infer<typeof AgencyDefinition>;
export type AgencyDefinitionInput = z.input<typeof AgencyDefinition>;

export type AgencyFileResult = { ok: true; agency: AgencyDefinition } | { ok: false; errors: string[] };

/** Validates one agency file; problems read `file agencies/<name>: field <path>: <problem>`. */
export function validateAgencyFile(name: string, json: unknown): AgencyFileResult {
  const parsed = AgencyDefinition.safeParse(json);
  const label = `agencies/${name.split(/[\\/]/).pop() ?? name}`;
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => `file ${label}: field ${issuePath(i.path)}: ${i.message}`) };
  }
  if (name.endsWith('.json') && !name.endsWith(`${parsed.data.id}.json`)) {
    return { ok: false, errors: [`file ${label}: field id: "${parsed.data.id}" must match the file name (${parsed.data.id}.json)`] };
  }
  return { ok: true, agency: parsed.data };
}

/** Agency ids unique (a document may list one twice; files cannot). */
export function crossCheckAgencies(agencies: AgencyDefinition[]): string[] {
  const seen = new Set<string>();
  const errors: string[] = [];
  for (const a of agencies) {
    if (seen.has(a.id)) errors.push(`file agencies/${a.id}.json: field id: "${a.id}" is defined twice`);
    seen.add(a.id);
  }
  return errors;
}

/** The services an agency's tile names: its featured ones, else its first by order. */
export function featuredServices<S extends { id: string; agency: string; order: number; title: string }>(agency: AgencyDefinition, services: S[], count = 3): S[] {
  const own = services.filter((s) => s.agency === agency.id);
  const named = (agency.featured ?? []).map((id) => own.find((s) => s.id === id)).filter((s): s is S => s !== undefined);
  return named.length > 0 ? named.slice(0, count) : [...own].sort(byOrder).slice(0, count);
}

export function byOrder<T extends { order: number; title?: string; name?: string }>(a: T, b: T): number {
  return a.order - b.order || (a.title ?? a.name ?? '').localeCompare(b.title ?? b.name ?? '', 'id');
}
