import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { crossCheck, validateCatalogueFile, type ServiceDefinition } from '../../shared/catalogue/schema.js';
import type { Logger } from '../log.js';

export interface CatalogueState {
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
  /** Folders read in order; a later folder's file with the same name replaces an earlier one (office overrides). */
  dirs: string[];
  /** Where the last good catalogue is kept, so a bad file after a restart still leaves a working kiosk. */
  lastGoodFile: string;
  log: Logger;
  onChange?: (state: CatalogueState) => void;
}

/**
 * The service catalogue: every `*.json` of the catalogue folders, validated by the shared
 * schema. A load with any bad file is refused as a whole: the problems are kept (each names
 * its file and field) and the last good catalogue stays active.
 */
export class CatalogueService {
  private state: CatalogueState = { services: [], revision: '', loadedAt: new Date(0).toISOString(), errors: [], source: 'none' };
  private watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: CatalogueOptions) {}

  get(): CatalogueState {
    return this.state;
  }

  find(id: string): ServiceDefinition | undefined {
    return this.state.services.find((s) => s.id === id);
  }

  /** Reads the folders again. Returns the state: `errors` non-empty means the new files were refused. */
  reload(): CatalogueState {
    const { log } = this.options;
    const result = readCatalogue(this.options.dirs);
    if (result.errors.length === 0 && result.services.length > 0) {
      const revision = revisionOf(result.services);
      const changed = revision !== this.state.revision;
      this.state = { services: result.services, revision, loadedAt: new Date().toISOString(), errors: [], source: 'files' };
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
        this.state = { services: lastGood, revision: revisionOf(lastGood), loadedAt: new Date().toISOString(), errors, source: 'last-good' };
        this.options.onChange?.(this.state);
        return this.state;
      }
    }
    this.state = { ...this.state, errors };
    return this.state;
  }

  /** Reloads (debounced) whenever a catalogue folder changes. */
  watch(): void {
    for (const dir of this.options.dirs) {
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
      writeFileSync(`${file}.tmp`, JSON.stringify(this.state.services));
      renameSync(`${file}.tmp`, file);
    } catch (err) {
      this.options.log.warn('cannot save last good catalogue', { error: err });
    }
  }

  private readLastGood(): ServiceDefinition[] | undefined {
    try {
      if (!existsSync(this.options.lastGoodFile)) return undefined;
      const list = JSON.parse(readFileSync(this.options.lastGoodFile, 'utf8')) as unknown[];
      const services: ServiceDefinition[] = [];
      for (const item of list) {
        const r = validateCatalogueFile('last-good', item);
        if (!r.ok) return undefined;
        services.push(r.service);
      }
      return services;
    } catch {
      return undefined;
    }
  }
}

/** All files of the folders, validated; exported for the CLI and tests. */
export function readCatalogue(dirs: string[]): { services: ServiceDefinition[]; errors: string[] } {
  const files = new Map<string, string>();
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) if (name.endsWith('.json')) files.set(name, join(dir, name));
  }
  const errors: string[] = [];
  const ok: { name: string; service: ServiceDefinition }[] = [];
  for (const [name, path] of files) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      errors.push(`file ${name}: field (root): not valid JSON (${err instanceof Error ? err.message : String(err)})`);
      continue;
    }
    const r = validateCatalogueFile(name, json);
    if (r.ok) ok.push({ name, service: r.service });
    else errors.push(...r.errors);
  }
  errors.push(...crossCheck(ok));
  const services = ok.map((f) => f.service).sort((a, b) => a.opd.localeCompare(b.opd) || a.title.localeCompare(b.title, 'id'));
  return { services, errors };
}

function revisionOf(services: ServiceDefinition[]): string {
  return createHash('sha256').update(JSON.stringify(services)).digest('hex').slice(0, 16);
}
