import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crossCheckAgencies, validateAgencyFile, type AgencyDefinition } from '../../shared/catalogue/agency.js';
import { crossCheck, validateCatalogueFile, type ServiceDefinition } from '../../shared/catalogue/schema.js';
import type { CatalogueDocument } from '../../shared/sync/protocol.js';

/**
 * The catalogue the kabupaten hub hands down: {version, agencies?, services}. Each agency and
 * service must pass the same schema as a shipped file, and every service's agency must be in the
 * document or already known here; one bad entry refuses the whole document, so the kiosk keeps
 * what it had.
 */
export function validateHubCatalogue(doc: unknown, knownAgencies: readonly string[] = []): { ok: true } | { ok: false; error: string } {
  const errors = hubCatalogueErrors(doc, knownAgencies);
  return errors.length === 0 ? { ok: true } : { ok: false, error: errors.slice(0, 5).join('; ') };
}

/** Every problem of a hub catalogue, one per field ("file X.json: field Y: ..."); empty when valid. */
export function hubCatalogueErrors(doc: unknown, knownAgencies: readonly string[] = []): string[] {
  // null, a list or a scalar is no document (and must answer as one, not throw on its members).
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return ['hub catalogue is not a {version, services} object'];
  const d = doc as { services?: unknown; agencies?: unknown };
  if (!Array.isArray(d.services) || d.services.length === 0) return ['hub catalogue has no services'];
  if (d.agencies !== undefined && !Array.isArray(d.agencies)) return ['hub catalogue agencies must be a list'];
  const errors: string[] = [];
  const agencies: AgencyDefinition[] = [];
  ((d.agencies ?? []) as unknown[]).forEach((agency, i) => {
    const result = validateAgencyFile(`${idOf(agency) ?? `agency-${i}`}.json`, agency);
    if (result.ok) agencies.push(result.agency);
    else errors.push(...result.errors);
  });
  const services: { name: string; service: ServiceDefinition }[] = [];
  d.services.forEach((service, i) => {
    const name = `${idOf(service) ?? `service-${i}`}.json`;
    const result = validateCatalogueFile(name, service);
    if (result.ok) services.push({ name, service: result.service });
    else errors.push(...result.errors);
  });
  if (errors.length === 0) {
    errors.push(...crossCheck(services, new Set([...knownAgencies, ...agencies.map((a) => a.id)])));
    errors.push(...crossCheckAgencies(agencies));
  }
  return errors.slice(0, 100);
}

/** Writes an adopted hub catalogue as one file per agency and service, swapped in whole (never half written). */
export function writeHubCatalogue(dir: string, doc: CatalogueDocument): void {
  const next = `${dir}.next`;
  rmSync(next, { recursive: true, force: true });
  for (const kind of ['agencies', 'services'] as const) {
    mkdirSync(join(next, kind), { recursive: true });
    for (const entry of (doc[kind] ?? []) as { id: string }[]) {
      writeFileSync(join(next, kind, `${entry.id}.json`), `${JSON.stringify(entry, null, 2)}\n`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(next, dir);
}

function idOf(entry: unknown): string | undefined {
  const id = (entry as { id?: unknown } | null)?.id;
  return typeof id === 'string' && /^[a-z0-9-]{1,80}$/.test(id) ? id : undefined;
}
