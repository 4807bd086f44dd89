import { z } from 'zod';

export const DeviceRole = z.enum(['kiosk', 'operator']);
export type DeviceRole = z.infer<typeof DeviceRole>;

export const Language = z.enum(['id', 'en']);
export type Language = z.infer<typeof Language>;

/** A desa code of Kabupaten Serang as written in Kepmendagri data: 36.04.KK.2NNN. */
export const DesaCode = z.string().regex(/^36\.04\.\d{2}\.\d{4}$/, 'expected a desa code such as 36.04.05.2001');

/** Everything an office may configure. Defaults make `anjungan start` work with no setup. */
export const Settings = z.object({
  role: DeviceRole,
  officeCode: DesaCode,
  language: Language,
  /** Seconds without a touch before the kiosk warns that it will wipe the session. */
  idleTimeoutSeconds: z.number().int().min(15).max(3600),
  /** Seconds the warning counts down before the wipe. */
  idleCountdownSeconds: z.number().int().min(30).max(300),
  /** Minutes without a key or a touch before the desk locks and the next user must log in. */
  deskLockMinutes: z.number().int().min(1).max(240),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  role: 'kiosk',
  officeCode: '36.04.05.2001',
  language: 'id',
  idleTimeoutSeconds: 60,
  idleCountdownSeconds: 30,
  deskLockMinutes: 10,
};

export const SettingsPatch = Settings.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;
