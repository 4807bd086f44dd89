import { DEFAULT_SETTINGS, Settings, type SettingsPatch } from '../../shared/domain/settings.js';
import type { Logger } from '../log.js';
import type { Store } from '../db/store.js';
import type { CoreEvents } from './events.js';

/**
 * Settings = built-in defaults overlaid with what the office stored. A stored value that no
 * longer validates (say, after a manual edit) falls back to its default and is logged, so the
 * kiosk still starts.
 */
export class SettingsService {
  private cached: Settings | undefined;

  constructor(
    private readonly store: Store,
    private readonly events: CoreEvents,
    private readonly log: Logger,
  ) {}

  get(): Settings {
    if (this.cached) return this.cached;
    const stored = this.store.settings.readAll();
    const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const [key, value] of Object.entries(stored)) {
      if (!(key in DEFAULT_SETTINGS)) continue;
      const candidate = { ...merged, [key]: value };
      if (Settings.safeParse(candidate).success) merged[key] = value;
      else this.log.warn('stored setting is invalid; using the default', { key });
    }
    this.cached = Settings.parse(merged);
    return this.cached;
  }

  update(given: SettingsPatch, actor: string): Settings {
    // A key present as undefined (IPC carries it; found by the issue 14 fuzz) means "unchanged", not "erase".
    const patch = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as SettingsPatch;
    const next = Settings.parse({ ...this.get(), ...patch });
    this.store.transaction(() => {
      this.store.settings.writeMany(patch);
      this.store.audit.append(actor, 'settings.update', null, { keys: Object.keys(patch) });
    });
    this.cached = next;
    this.events.emit('settings:changed', next);
    return next;
  }
}
