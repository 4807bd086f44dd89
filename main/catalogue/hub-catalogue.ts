import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { validateCatalogueFile } from '../../shared/catalogue/schema.js';
import type { CatalogueDocument } from '../../shared/sync/protocol.js';

/**
 * The catalogue the kabupaten hub hands down. Each service must pass the same schema as a
 * shipped file; one bad service refuses the whole document, so the kiosk keeps what it had.
 */
export function validateHubCatalogue(doc: unknown): { ok: true } | { ok: false; error: string } {
  const services = (doc as { services?: unknown }).services;
  if (!Array.isArray(services) || services.length === 0) return { ok: false, error: 'hub catalogue has no services' };
  const errors: string[] = [];
  services.forEach((service, i) => {
    const id = (service as { id?: unknown }).id;
    const result = validateCatalogueFile(`${typeof id === 'string' ? id : `service-${i}`}.json`, service);
    if (!result.ok) errors.push(...result.errors);
  });
  return errors.length === 0 ? { ok: true } : { ok: false, error: errors.slice(0, 5).join('; ') };
}

/** Writes an adopted hub catalogue as one file per service, swapped in whole (never half written). */
export function writeHubCatalogue(dir: string, doc: CatalogueDocument): void {
  const next = `${dir}.next`;
  rmSync(next, { recursive: true, force: true });
  mkdirSync(next, { recursive: true });
  for (const service of doc.services as { id: string }[]) {
    writeFileSync(`${next}/${service.id}.json`, `${JSON.stringify(service, null, 2)}\n`);
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(next, dir);
}
