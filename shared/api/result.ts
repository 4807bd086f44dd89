/**
 * What every API call answers. Handlers never throw across the boundary: a failure is a value.
 * `code` is stable and machine-readable; `message` is English for logs (the UI maps codes to
 * Bahasa Indonesia through the message catalogue).
 */
export type ErrorCode =
  | 'invalid_request'
  | 'unknown_call'
  | 'not_found'
  | 'conflict'
  | 'unauthorized'
  /** The caller's principal may not make this call (kiosk session, or a role without the permission). */
  | 'forbidden'
  /** The session's login ended (idle lock, logout, restart): log in again. */
  | 'session_expired'
  /** Too many failed logins: wait details.retryAfterSeconds. */
  | 'locked'
  /** Too many calls of this kind in a short time: wait and try again. */
  | 'rate_limited'
  /** The disk is full: nothing was stored. */
  | 'storage_full'
  /** The data folder or database cannot be written (read-only, immutable, wrong owner). */
  | 'storage_read_only'
  | 'device_unavailable'
  | 'printer_not_ready'
  | 'catalogue_invalid'
  | 'sync_failed'
  /** A USB stick that cannot be used as it is (details.reason: shared/api/calls/usb.ts); nothing was changed. */
  | 'usb_refused'
  | 'internal';

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Optional structured detail, e.g. the failing field paths of a validation error. */
  details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, details?: unknown): Result<never> => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
});

/** Thrown inside the core to end a call with a specific code; the handler wrapper turns it into a Result. */
export class ApiFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}
