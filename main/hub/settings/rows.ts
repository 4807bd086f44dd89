import type { SettingsScope } from '../../../shared/sync/settings-push.js';

/** One published settings document (hub migration 320): the newest per scope and target. */
export interface SettingsDocRow {
  scope: SettingsScope;
  target: string;
  version: number;
  /** The document's exact JSON text, as signed. */
  document: string;
  published_at: string;
}

/** The SQL the hub's settings rules need, one implementation per backend. */
export interface SettingsQueries {
  selectSettingsDoc(scope: SettingsScope, target: string): Promise<SettingsDocRow | null>;
  /** Replaces the scope and target's document. */
  upsertSettingsDoc(row: SettingsDocRow): Promise<void>;
  listSettingsDocs(): Promise<SettingsDocRow[]>;
}
