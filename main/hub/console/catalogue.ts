import { readCatalogue } from '../../catalogue/catalogue-service.js';
import { HubWorkflow } from '../../../shared/catalogue/schema.js';
import { overallSlaFor, stateSlaFor, workflowFor } from '../../../shared/domain/hub-workflow.js';
import { hubCatalogueErrors } from '../../catalogue/hub-catalogue.js';
import { CATALOGUE_DIR } from '../../paths.js';
import type { CatalogueDocument } from '../../../shared/sync/protocol.js';
import type { HubBackend } from '../backend.js';
import { actorOf, type ConsoleUser } from './accounts.js';
import { appendHubAudit } from './audit.js';
import type { ServiceInfo } from './inbox.js';
import { ConsoleError } from './inbox.js';

/** Versions listed in the console. */
const HISTORY = 50;

export class CatalogueInvalidError extends Error {
  constructor(readonly errors: string[]) {
    super(`the catalogue is not valid: ${errors.slice(0, 3).join('; ')}`);
  }
}

type RawService = { id?: unknown; agency?: unknown; title?: unknown; kind?: unknown; sla?: { days?: unknown }; hubWorkflow?: unknown };

/** A service's SLA at the hub as its catalogue entry sets it: days per open state and overall. */
function slaOf(raw: RawService): { states: Record<string, number>; overall: number } {
  const w = HubWorkflow.safeParse(raw.hubWorkflow).data;
  return { states: stateSlaFor(w), overall: overallSlaFor(w, typeof raw.sla?.days === 'number' ? raw.sla.days : 10) };
}

/** The services whose SLA at the hub differs between two documents, with the days before and after (for the audit). */
export function slaChanges(before: readonly RawService[], after: readonly RawService[]) {
  const was = new Map(before.filter((s) => typeof s.id === 'string').map((s) => [s.id as string, slaOf(s)]));
  return after
    .filter((s): s is RawService & { id: string } => typeof s.id === 'string')
    .map((s) => ({ id: s.id, from: was.get(s.id) ?? null, to: slaOf(s) }))
    .filter((c) => JSON.stringify(c.from) !== JSON.stringify(c.to));
}

/** Whether a version targeted at `targets` (["all"] or office prefixes) goes to a device of `office`. */
export function targetsOffice(targets: readonly string[], office: string | null): boolean {
  if (targets.includes('all')) return true;
  return office !== null && targets.some((t) => office === t || office.startsWith(`${t}.`));
}

/**
 * The catalogue the hub hands down: versions published in the console (newest first, each for
 * all kiosks or chosen kecamatan/desa), else the operator's catalogue file. Every publication is
 * validated with the kiosk's own schema before it is kept; a rollback republishes an old document
 * under a new, higher version (kiosks only ever move forward).
 */
export function consoleCatalogue(backend: HubBackend, file: () => Promise<CatalogueDocument | null>) {
  const shipped = readCatalogue([CATALOGUE_DIR]);
  const knownAgencies = shipped.agencies.map((a) => a.id);

  /** The newest document for a device of `office` (null when none). */
  const forOffice = async (office: string | null): Promise<CatalogueDocument | null> => {
    const list = await backend.run((q) => q.catalogueVersions(HISTORY));
    const pick = list.find((v) => targetsOffice(JSON.parse(v.targets) as string[], office));
    if (pick) {
      const row = await backend.run((q) => q.catalogueVersion(pick.version));
      if (row) return JSON.parse(row.document) as CatalogueDocument;
    }
    return file();
  };

  const publishAs = async (u: ConsoleUser, doc: Record<string, unknown>, targets: string[], note: string | null, action: string) => {
    const errors = hubCatalogueErrors({ ...doc, version: 1 }, knownAgencies);
    if (errors.length) throw new CatalogueInvalidError(errors);
    const fromFile = (await file())?.version ?? 0;
    // Before: the shipped services, overridden by the document served now (as the directory reads them).
    const previous = [...shipped.services, ...((await forOffice(null).catch(() => null))?.services ?? [])] as RawService[];
    const changed = slaChanges(previous, (Array.isArray(doc['services']) ? doc['services'] : []) as RawService[]);
    const at = new Date().toISOString();
    return backend.transaction(async (q) => {
      await q.lockAuditHead(); // serialises publishers: the version number is taken under this lock
      const latest = await q.latestCatalogueVersion();
      const version = Math.max(latest?.version ?? 0, fromFile) + 1;
      const document = JSON.stringify({ ...doc, version });
      await q.insertCatalogueVersion({ version, document, targets: JSON.stringify(targets), note, published_by: actorOf(u), published_at: at });
      await appendHubAudit(q, actorOf(u), action, `catalogue:${version}`, { targets, note }, at);
      // A service's SLA at the hub (per state, overall) is a change of its workflow: audited on its own, before and after.
      for (const c of changed) await appendHubAudit(q, actorOf(u), 'service.sla', `service:${c.id}`, { version, from: c.from, to: c.to }, at);
      return { version };
    });
  };

  return {
    forOffice,
    async history() {
      return (await backend.run((q) => q.catalogueVersions(HISTORY))).map((v) => ({
        version: v.version,
        targets: JSON.parse(v.targets) as string[],
        note: v.note,
        publishedBy: v.published_by,
        publishedAt: v.published_at,
      }));
    },
    async current(): Promise<CatalogueDocument | null> {
      return forOffice(null);
    },
    publish: (u: ConsoleUser, doc: Record<string, unknown>, targets: string[], note: string | null) => publishAs(u, doc, targets, note, 'catalogue.publish'),
    async rollback(u: ConsoleUser, version: number) {
      const row = await backend.run((q) => q.catalogueVersion(version));
      if (!row) throw new ConsoleError(404, `no catalogue version ${version}`);
      return publishAs(u, JSON.parse(row.document) as Record<string, unknown>, JSON.parse(row.targets) as string[], `rollback to ${version}`, 'catalogue.rollback');
    },
    /** Service → agency, title and SLA: the shipped catalogue, overridden by the one the hub serves. */
    async directory(): Promise<Map<string, ServiceInfo>> {
      const map = new Map<string, ServiceInfo>();
      for (const s of shipped.services) {
        const w = s.hubWorkflow;
        map.set(s.id, { id: s.id, agency: s.agency, title: s.title, slaDays: overallSlaFor(w, s.sla.days), stateSla: stateSlaFor(w), kind: s.kind, workflow: workflowFor(w) });
      }
      const doc = await this.current().catch(() => null);
      for (const raw of (doc?.services ?? []) as RawService[]) {
        if (typeof raw.id === 'string' && typeof raw.agency === 'string') {
          // Validated when published; a document that slipped past keeps the default workflow and SLA.
          const w = HubWorkflow.safeParse(raw.hubWorkflow).data;
          map.set(raw.id, {
            id: raw.id,
            agency: raw.agency,
            title: typeof raw.title === 'string' ? raw.title : raw.id,
            slaDays: overallSlaFor(w, typeof raw.sla?.days === 'number' ? raw.sla.days : 10),
            stateSla: stateSlaFor(w),
            kind: raw.kind === 'complaint' ? 'complaint' : 'request',
            workflow: workflowFor(w),
          });
        }
      }
      return map;
    },
    /** Agency id → name: the shipped agencies, overridden by the served document's. */
    async agencies(): Promise<Map<string, string>> {
      const map = new Map<string, string>(shipped.agencies.map((a) => [a.id, a.name]));
      const doc = await this.current().catch(() => null);
      for (const raw of (doc?.agencies ?? []) as { id?: unknown; name?: unknown }[]) {
        if (typeof raw.id === 'string' && typeof raw.name === 'string') map.set(raw.id, raw.name);
      }
      return map;
    },
  };
}

export type ConsoleCatalogue = ReturnType<typeof consoleCatalogue>;
