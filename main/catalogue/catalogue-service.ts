import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { byOrder, crossCheckAgencies, validateAgencyFile, type AgencyDefinition } from '../../shared/catalogue/agency.js';
import { crossCheck, validateCatalogueFile, type ServiceDefinition } from '../../shared/catalogue/schema.js';
import { TEMPLATE_LIMITS, type LetterTemplate } from '../../shared/letters/template.js';
import type { Logger } from '../log.js';
import { readLetterTemplates, type TemplateSet } from './letter-templates.js';

export interface CatalogueState {
  /** The agencies (OPD), in display order. */
  agencies: AgencyDefinition[];
  services: ServiceDefinition[];
  /** Hash of the active catalogue: changes whenever a different catalogue becomes active. */
  revision: string;
  loadedAt: string;
  /** Problems of the last load attempt (empty when it succeeded); the active catalogue is the last good one. */
  errors: string[];
  /** Where the active catalogue came from: the folders, or the last good copy saved in the data folder. */
  source: 'files' | 'last-good' | 'none';
}

export interface CatalogueOptions {
  /**
   * Catalogue folders read in order, each with `services/` and `agencies/` (one JSON file per
   * service or agency); a later folder's file with the same name replaces an earlier one (office overrides).
   */
  dirs: string[];
  /** Where the last good catalogue is kept, so a bad file after a restart still leaves a working kiosk. */
  lastGoodFile: string;
  log: Logger;
  onChange?: (state: CatalogueState) => void;
}

/**
 * The service catalogue: every agency and service file of the catalogue folders, validated by the shared
 * schema. A load with any bad file is refused as a whole: the problems are kept (each names
 * its file and field) and the last good catalogue stays active.
 */
export class CatalogueService {
  private state: CatalogueState = { agencies: [], services: [], revision: '', loadedAt: new Date(0).toISOString(), errors: [], source: 'none' };
  /** Letter templates of the active catalogue, by id (kept apart from the state the screens receive). */
  private templates: TemplateSet = { texts: {}, parsed: new Map() };
  private watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: CatalogueOptions) {}

  get(): CatalogueState {
    return this.state;
  }

  find(id: string): ServiceDefinition | undefined {
    return this.state.services.find((s) => s.id === id);
  }

  agency(id: string): AgencyDefinition | undefined {
    return this.state.agencies.find((a) => a.id === id);
  }

  /** The parsed letter template of the active catalogue (checked against every service that names it). */
  letterTemplate(id: string): LetterTemplate | undefined {
    return this.templates.parsed.get(id);
  }

  /** Reads the folders again. Returns the state: `errors` non-empty means the new files were refused. */
  reload(): CatalogueState {
    const { log } = this.options;
    const result = readCatalogue(this.options.dirs);
    if (result.errors.length === 0 && result.services.length > 0) {
      const revision = revisionOf(result);
      const changed = revision !== this.state.revision;
      this.state = { agencies: result.agencies, services: result.services, revision, loadedAt: new Date().toISOString(), errors: [], source: 'files' };
      this.templates = result.letters;
      if (changed) {
        this.saveLastGood();
        log.info('catalogue loaded', { services: result.services.length, revision });
        this.options.onChange?.(this.state);
      }
      return this.state;
    }
    const errors = result.errors.length > 0 ? result.errors : ['catalogue: no service files found'];
    for (const e of errors) log.warn('catalogue file refused', { problem: e });
    if (this.state.source === 'none') {
      const lastGood = this.readLastGood();
      if (lastGood) {
        this.state = { agencies: lastGood.agencies, services: lastGood.services, revision: revisionOf(lastGood), loadedAt: new Date().toISOString(), errors, source: 'last-good' };
        this.templates = lastGood.letters;
        this.options.onChange?.(this.state);
        return this.state;
      }
    }
    this.state = { ...this.state, errors };
    return this.state;
  }

  /** Reloads (debounced) whenever a catalogue folder changes. */
  watch(): void {
    for (const dir of this.options.dirs.flatMap((d) => [join(d, 'services'), join(d, 'agencies'), join(d, 'letters')])) {
      if (!existsSync(dir)) continue;
      try {
        const w = watch(dir, () => {
          clearTimeout(this.timer);
          this.timer = setTimeout(() => this.reload(), 300);
        });
        w.on('error', () => w.close());
        this.watchers.push(w);
      } catch (err) {
        this.options.log.warn('cannot watch catalogue folder', { dir, error: err });
      }
    }
  }

  close(): void {
    clearTimeout(this.timer);
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }

  private saveLastGood(): void {
    try {
      const file = this.options.lastGoodFile;
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(`${file}.tmp`, JSON.stringify({ agencies: this.state.agencies, services: this.state.services, letters: this.templates.texts }));
      renameSync(`${file}.tmp`, file);
    } catch (err) {
      this.options.log.warn('cannot save last good catalogue', { error: err });
    }
  }

  private readLastGood(): { agencies: AgencyDefinition[]; services: ServiceDefinition[]; letters: TemplateSet } | undefined {
    try {
      if (!existsSync(this.options.lastGoodFile)) return undefined;
      const saved = JSON.parse(readFileSync(this.options.lastGoodFile, 'utf8')) as { agencies?: unknown[]; services?: unknown[]; letters?: Record<string, unknown> };
      const agencies: AgencyDefinition[] = [];
      const services: ServiceDefinition[] = [];
      for (const item of saved.agencies ?? []) {
        const r = validateAgencyFile('last-good', item);
        if (!r.ok) return undefined;
        agencies.push(r.agency);
      }
      for (const item of saved.services ?? []) {
        const r = validateCatalogueFile('last-good', item);
        if (!r.ok) return undefined;
        services.push(r.service);
      }
      if (crossCheck(services.map((service) => ({ name: 'last-good', service })), new Set(agencies.map((a) => a.id))).length > 0) return undefined;
      const texts = Object.fromEntries(Object.entries(saved.letters ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
      const letters = readLetterTemplates(texts, services);
      if (letters.errors.length > 0) return undefined;
      return { agencies, services, letters: letters.set };
    } catch {
      return undefined;
    }
  }
}

/** All files of the folders, validated; exported for the CLI and tests. */
export function readCatalogue(dirs: string[]): { agencies: AgencyDefinition[]; services: ServiceDefinition[]; letters: TemplateSet; errors: string[] } {
  const errors: string[] = [];
  const agencies: AgencyDefinition[] = [];
  for (const [name, json] of readJsonFiles(dirs, 'agencies', errors)) {
    const r = validateAgencyFile(name, json);
    if (r.ok) agencies.push(r.agency);
    else errors.push(...r.errors);
  }
  const ok: { name: string; service: ServiceDefinition }[] = [];
  for (const [name, json] of readJsonFiles(dirs, 'services', errors)) {
    const r = validateCatalogueFile(name, json);
    if (r.ok) ok.push({ name, service: r.service });
    else errors.push(...r.errors);
  }
  errors.push(...crossCheck(ok, new Set(agencies.map((a) => a.id))));
  const services = ok.map((f) => f.service);
  errors.push(...crossCheckAgencies(agencies));
  agencies.sort(byOrder);
  const rank = new Map(agencies.map((a, i) => [a.id, i]));
  services.sort((a, b) => (rank.get(a.agency) ?? 0) - (rank.get(b.agency) ?? 0) || byOrder(a, b));
  const letters = readLetterTemplates(readTemplateFiles(dirs, errors), services);
  errors.push(...letters.errors);
  return { agencies, services, letters: letters.set, errors };
}

/** The `letters/*.txt` of the folders, as text; later folders win by file name (bounded in size). */
function readTemplateFiles(dirs: string[], errors: string[]): Record<string, string> {
  const files = new Map<string, string>();
  for (const dir of dirs) {
    const sub = join(dir, 'letters');
    if (!existsSync(sub)) continue;
    for (const name of readdirSync(sub).sort()) if (name.endsWith('.txt')) files.set(name, join(sub, name));
  }
  const out: Record<string, string> = {};
  for (const [name, path] of files) {
    try {
      if (statSync(path).size > TEMPLATE_LIMITS.bytes) errors.push(`file letters/${name}: larger than ${TEMPLATE_LIMITS.bytes} bytes`);
      else out[name.slice(0, -4)] = readFileSync(path, 'utf8');
    } catch (err) {
      errors.push(`file letters/${name}: cannot be read (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  return out;
}

/** The parsed `*.json` of one kind (`services` or `agencies`) across the folders; later folders win by file name. */
function readJsonFiles(dirs: string[], kind: 'services' | 'agencies', errors: string[]): [string, unknown][] {
  const files = new Map<string, string>();
  for (const dir of dirs) {
    const sub = join(dir, kind);
    if (!existsSync(sub)) continue;
    for (const name of readdirSync(sub).sort()) if (name.endsWith('.json')) files.set(name, join(sub, name));
  }
  const out: [string, unknown][] = [];
  for (const [name, path] of files) {
    try {
      out.push([name, JSON.parse(readFileSync(path, 'utf8'))]);
    } catch (err) {
      const label = kind === 'agencies' ? `agencies/${name}` : name;
      errors.push(`file ${label}: field (root): not valid JSON (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  return out;
}

function revisionOf(c: { agencies: AgencyDefinition[]; services: ServiceDefinition[]; letters: TemplateSet }): string {
  return createHash('sha256').update(JSON.stringify([c.agencies, c.services, c.letters.texts])).digest('hex').slice(0, 16);
}
