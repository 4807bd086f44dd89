import {
  effectiveSettings,
  SettingsPushDocument,
  SettingsReply,
  settingsSigningText,
  SignedSettings,
  type SettingsScope,
  type SettingsVersions,
} from '../../shared/sync/settings-push.js';
import { openSignedJson } from './catalogue-verify.js';
import type { Logger } from '../log.js';
import type { HubClient } from './client.js';
import type { KioskSyncDb } from './kiosk-db.js';

/** The documents a device holds (sync_state), and what it adopts from them. */
export interface HeldSettings {
  office: SettingsPushDocument | null;
  device: SettingsPushDocument | null;
}
export type AdoptedSettings = ReturnType<typeof effectiveSettings> & { versions: SettingsVersions };

export interface SettingsHooks {
  /** Applies what the hub pushed (the core: settings, counters, running text). Throws to refuse it. */
  onSettings?: (adopted: AdoptedSettings) => void;
}

const HELD = 'settings-push';
const REFUSED = 'settings-push-refused';

export type SettingsVerdict = { ok: true; doc: SettingsPushDocument } | { ok: false; error: string };

/** A document the hub handed down, trusted only when its signature verifies with the enrolled hub key and it is addressed here. Never throws. */
export function openSignedSettings(reply: unknown, hubKeys: unknown, scope: SettingsScope, deviceId: string): SettingsVerdict {
  const opened = openSignedJson(reply, hubKeys, SignedSettings, settingsSigningText, 'settings');
  if (!opened.ok) return opened;
  const doc = SettingsPushDocument.safeParse(opened.value);
  if (!doc.success) return { ok: false, error: 'not a settings document this version of Anjungan understands' };
  if (doc.data.scope !== scope) return { ok: false, error: `a ${doc.data.scope} document where a ${scope} one was expected` };
  if (scope === 'device' && doc.data.target !== deviceId) return { ok: false, error: `a document for device ${doc.data.target}, not this one` };
  return { ok: true, doc: doc.data };
}

export function heldSettings(k: Pick<KioskSyncDb, 'sync'>): HeldSettings {
  return k.sync.getState<HeldSettings>(HELD) ?? { office: null, device: null };
}

/** The versions held or refused (a refused version is not fetched again). */
function versionsKnown(k: Pick<KioskSyncDb, 'sync'>): SettingsVersions {
  const held = heldSettings(k);
  const refused = k.sync.getState<SettingsVersions>(REFUSED) ?? { office: 0, device: 0 };
  return { office: Math.max(held.office?.version ?? 0, refused.office), device: Math.max(held.device?.version ?? 0, refused.device) };
}

/**
 * After the status pages: when the hub's hint (on the last page) names a newer version than the
 * device knows, one GET fetches the newer documents; each verified, then applied (office, then
 * the device's on top) through the hook and kept. Returns the requests made (0 when nothing is newer).
 */
export async function pullSettings(hub: HubClient, k: KioskSyncDb, up: string, log: Logger, o: SettingsHooks, hint: SettingsVersions | undefined): Promise<number> {
  if (!o.onSettings || !hint) return 0;
  const known = versionsKnown(k);
  if (hint.office <= known.office && hint.device <= known.device) return 0;
  const reply = SettingsReply.safeParse(await hub.settings(known));
  if (!reply.success) {
    log.warn('hub settings reply malformed; keeping the current settings', { upstream: up });
    return 1;
  }
  const held = heldSettings(k);
  const next: HeldSettings = { ...held };
  const refused = k.sync.getState<SettingsVersions>(REFUSED) ?? { office: 0, device: 0 };
  for (const scope of ['office', 'device'] as const) {
    const signed = reply.data[scope];
    if (!signed) continue;
    const opened = openSignedSettings(signed, k.sync.getState(`hub-keys:${up}`), scope, k.deviceId);
    if (!opened.ok) {
      log.warn('hub settings refused (signature or address); keeping the current ones', { upstream: up, scope, error: opened.error });
      continue;
    }
    if (opened.doc.version > (held[scope]?.version ?? 0)) next[scope] = opened.doc;
  }
  if (next.office === held.office && next.device === held.device) return 1;
  const versions = { office: next.office?.version ?? 0, device: next.device?.version ?? 0 };
  try {
    o.onSettings({ ...effectiveSettings(next.office, next.device), versions });
  } catch (err) {
    // Not applicable here (say, a counter list the device's groups cannot take): not fetched again until a newer version.
    log.warn('hub settings could not be applied; keeping the current ones', { versions, error: (err as Error).message });
    k.sync.setState(REFUSED, { office: Math.max(refused.office, versions.office), device: Math.max(refused.device, versions.device) });
    return 1;
  }
  k.sync.setState(HELD, next);
  log.info('settings adopted from the hub', versions);
  return 1;
}
