import { z } from 'zod';
import { MAX_RUNNING_TEXT, QueueCounter } from '../queue/board.js';
import { Settings } from '../domain/settings.js';

/**
 * Settings pushed from the hub (issue 15): a signed document per office or per device, adopted
 * like the catalogue. An office's document applies to every device of the office; a device's
 * own document applies on top of it. Each scope has its own version, counting up from 1.
 *
 * What the hub may set is what an office's admin sets (idle times, the desk lock, voice language,
 * letters' kop, the display window), the queue's counters and running text. Two settings stay
 * local: the device's role (a hub never turns a kiosk into an operator PC) and its office (learned
 * at setup; a device's office is who it serves).
 */
export const PushableSettings = Settings.omit({ role: true, officeCode: true }).partial().strict();
export type PushableSettings = z.infer<typeof PushableSettings>;

export const SettingsScope = z.enum(['office', 'device']);
export type SettingsScope = z.infer<typeof SettingsScope>;

/** What an admin writes (the file given to `anjungan hub settings publish`). At least one thing set. */
export const SettingsPushBody = z
  .object({
    settings: PushableSettings.default({}),
    /** The whole list of counters (loket): it replaces the device's list. */
    counters: z.array(QueueCounter).min(1).max(50).optional(),
    runningText: z.string().max(MAX_RUNNING_TEXT).optional(),
  })
  .strict()
  .refine((b) => Object.keys(b.settings).length > 0 || b.counters !== undefined || b.runningText !== undefined, {
    message: 'the document sets nothing: give settings, counters or runningText',
  });
export type SettingsPushBody = z.infer<typeof SettingsPushBody>;

/** The document as the hub signs it: the body with its scope, target and version. */
export const SettingsPushDocument = z
  .object({
    scope: SettingsScope,
    /** An office code for scope office, a device id for scope device. */
    target: z.string().min(1).max(100),
    version: z.number().int().min(1),
    publishedAt: z.string().max(40),
    settings: PushableSettings,
    counters: z.array(QueueCounter).min(1).max(50).optional(),
    runningText: z.string().max(MAX_RUNNING_TEXT).optional(),
  })
  .strict();
export type SettingsPushDocument = z.infer<typeof SettingsPushDocument>;

export const MAX_SETTINGS_DOCUMENT_BYTES = 64 * 1024;

/** A document's exact JSON text and the hub's Ed25519 signature over settingsSigningText(text). */
export const SignedSettings = z.object({ document: z.string().min(2).max(MAX_SETTINGS_DOCUMENT_BYTES), signature: z.string().min(1).max(200) }).strict();
export type SignedSettings = z.infer<typeof SignedSettings>;

/** What the hub signs for a settings document (a prefix of its own, so no other signed text passes for one). */
export function settingsSigningText(documentText: string): string {
  return `anjungan-settings-v1\n${documentText}`;
}

/** The versions a device holds (0: none), sent as ?office=N&device=N. */
export const SettingsVersions = z.object({ office: z.number().int().min(0), device: z.number().int().min(0) }).strict();
export type SettingsVersions = z.infer<typeof SettingsVersions>;

/** GET /v1/settings: the documents newer than the device's, each null when it has the newest (or there is none). */
export const SettingsReply = z.object({ office: SignedSettings.nullable(), device: SignedSettings.nullable() }).strict();
export type SettingsReply = z.infer<typeof SettingsReply>;

/** The office's document, then the device's on top: what the device adopts. Counters and running text: the device's if it sets them. */
export function effectiveSettings(office: SettingsPushDocument | null, device: SettingsPushDocument | null): Omit<SettingsPushBody, 'settings'> & { settings: PushableSettings } {
  const out: Omit<SettingsPushBody, 'settings'> & { settings: PushableSettings } = { settings: { ...office?.settings, ...device?.settings } };
  const counters = device?.counters ?? office?.counters;
  const runningText = device?.runningText ?? office?.runningText;
  if (counters) out.counters = counters;
  if (runningText !== undefined) out.runningText = runningText;
  return out;
}
