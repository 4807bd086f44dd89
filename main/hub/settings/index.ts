import { OfficeCode } from '../../../shared/sync/protocol.js';
import { SettingsPushBody, type SettingsPushDocument, type SettingsScope, type SettingsVersions } from '../../../shared/sync/settings-push.js';
import type { HubBackend } from '../backend.js';
import type { SettingsDocRow } from './rows.js';

export class SettingsPublishError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsPublishError';
  }
}

/** The documents a device should hold: its office's and its own (each null when none is published). */
export interface DeviceSettingsDocs {
  office: SettingsDocRow | null;
  device: SettingsDocRow | null;
}

/**
 * Settings pushed from the hub (hub migration 320): the kabupaten's admin publishes a document
 * for an office or one device, each publish the next version of that scope and target. Devices
 * learn the versions on their status page and fetch only what is newer (main/sync/settings-down.ts).
 */
export function hubSettings(backend: HubBackend) {
  const docsFor = async (deviceId: string, officeCode: string | null): Promise<DeviceSettingsDocs> =>
    backend.run(async (q) => ({
      office: officeCode ? await q.selectSettingsDoc('office', officeCode) : null,
      device: await q.selectSettingsDoc('device', deviceId),
    }));
  return {
    /** Validates the body and stores it as the next version; throws SettingsPublishError with a clear reason. */
    async publish(scope: SettingsScope, target: string, body: unknown, at: string): Promise<SettingsPushDocument> {
      const parsed = SettingsPushBody.safeParse(body);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        const where = first?.path.length ? `${first.path.join('.')}: ` : '';
        throw new SettingsPublishError(`the settings document is not valid: ${where}${first?.message ?? 'unknown problem'}`);
      }
      if (scope === 'office' && !OfficeCode.safeParse(target).success) throw new SettingsPublishError(`not an office code: ${target} (expected a desa code such as 36.04.05.2001)`);
      return backend.transaction(async (q) => {
        if (scope === 'device' && !(await q.selectDevice(target))) throw new SettingsPublishError(`no device ${target} is enrolled at this hub`);
        const held = await q.selectSettingsDoc(scope, target);
        const doc: SettingsPushDocument = { scope, target, version: (held ? Number(held.version) : 0) + 1, publishedAt: at, ...parsed.data };
        await q.upsertSettingsDoc({ scope, target, version: doc.version, document: JSON.stringify(doc), published_at: at });
        return doc;
      });
    },
    docsFor,
    /** The versions a device should hold (0: none), for the hint on its status page. */
    async versionsFor(deviceId: string, officeCode: string | null): Promise<SettingsVersions> {
      const d = await docsFor(deviceId, officeCode);
      return { office: d.office ? Number(d.office.version) : 0, device: d.device ? Number(d.device.version) : 0 };
    },
    list: (): Promise<SettingsDocRow[]> => backend.run((q) => q.listSettingsDocs()),
  };
}
export type HubSettings = ReturnType<typeof hubSettings>;
