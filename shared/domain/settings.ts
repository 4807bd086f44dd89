import { z } from 'zod';
import { LetterNumberPattern } from '../letters/number.js';
import { SyncLinks } from '../sync/links.js';
import { DusunMap } from './dusun.js';

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
  /** The kiosk's voice at the start of every visit: volume 1-5, or 0 to start silent (the resident may still turn it on). */
  voiceVolume: z.number().int().min(0).max(5),
  // --- Letters (surat): the kop, the number series and the signature (main/core/letters) ---
  /** The desa office's address on the kop surat. */
  letterOfficeAddress: z.string().trim().min(5).max(160),
  /** A PNG or JPEG logo for the kop (absolute path, at most 512 KiB); null: the kop has no logo. */
  letterLogoFile: z.string().trim().min(1).max(500).nullable(),
  /** The letter number: {kode} (the template's), {nomor}, {kode desa}, {bulan romawi}, {tahun}, {perangkat}. */
  letterNumberPattern: LetterNumberPattern,
  /** Who signs, as printed under the signature. */
  letterSignatoryName: z.string().trim().min(3).max(80),
  /** "Kepala Desa", or "a.n. Kepala Desa" on one line and the signer's own position on the next. */
  letterSignatoryPosition: z.string().trim().min(3).max(120),
  /** A CUPS printer for letters (`lp -d NAME`); null: letters are kept as PDF only. */
  letterPrinter: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'a CUPS printer name: letters, digits, ".", "_" or "-"').nullable(),
  // --- end of letters ---
  /** The waiting-room display in a second Electron window: on a second monitor when there is one, always, or never. */
  displayWindow: z.enum(['auto', 'always', 'never']),
  /** Where the desk looks for USB sticks on Linux: a path whose parts may be `*` (Windows lists its removable drives). */
  usbMountRoot: z.string().trim().min(1).max(500).regex(/^\//, 'an absolute path such as /media/*/*'),
  /** The ways up in order (LAN hub, kecamatan relay, mobile…), each with a daily budget and windows; empty: the start's upstream. */
  syncLinks: SyncLinks,
  /** The dusun of the office's desa, each with its RW (the services report per dusun); empty: none set. */
  dusunMap: DusunMap,
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  role: 'kiosk',
  officeCode: '36.04.05.2001',
  language: 'id',
  idleTimeoutSeconds: 60,
  idleCountdownSeconds: 30,
  deskLockMinutes: 10,
  voiceVolume: 4,
  letterOfficeAddress: 'Jalan Raya Kramatwatu, Kecamatan Kramatwatu, Kabupaten Serang, Banten',
  letterLogoFile: null,
  letterNumberPattern: '{kode}/{nomor}/{kode desa}/{bulan romawi}/{tahun}',
  letterSignatoryName: '(nama penanda tangan)',
  letterSignatoryPosition: 'Kepala Desa',
  letterPrinter: null,
  displayWindow: 'auto',
  usbMountRoot: '/media/*/*',
  syncLinks: [],
  dusunMap: [],
};

export const SettingsPatch = Settings.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;
