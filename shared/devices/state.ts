import { z } from 'zod';

/**
 * What the operator's device panel and the kiosk see of a device. `messageKey` is an i18n key
 * (Bahasa on screen); `lastError.message` is English for the log.
 */
export const DeviceStateName = z.enum([
  'disabled',
  'connecting',
  'connected',
  'disconnected',
  'not_responding',
  'reading',
  'printing',
  'paper_out',
  'paper_near_end',
  'cover_open',
  'offline',
  'error',
]);
export type DeviceStateName = z.infer<typeof DeviceStateName>;

export const DeviceError = z.object({ code: z.string(), message: z.string(), at: z.string() });
export type DeviceError = z.infer<typeof DeviceError>;

export const DeviceState = z.object({
  driver: z.string(),
  state: DeviceStateName,
  /** A key of the message catalogue (shared/i18n): `device.<state>` or a more specific one. */
  messageKey: z.string(),
  lastError: DeviceError.nullable(),
});
export type DeviceState = z.infer<typeof DeviceState>;

export const DevicesStatus = z.object({ reader: DeviceState, printer: DeviceState });
export type DevicesStatus = z.infer<typeof DevicesStatus>;

/** Printer status from DLE EOT, decoded. */
export interface PrinterStatus {
  online: boolean;
  coverOpen: boolean;
  paperEnd: boolean;
  paperNearEnd: boolean;
  error: boolean;
}

/** The first reason a printer cannot take a job, or null when it can. Paper near-end still prints. */
export function printerBlocker(s: PrinterStatus): 'paper_out' | 'cover_open' | 'offline' | 'error' | null {
  if (s.coverOpen) return 'cover_open';
  if (s.paperEnd) return 'paper_out';
  if (s.error) return 'error';
  if (!s.online) return 'offline';
  return null;
}
