import type { CatalogueDocument } from '../../shared/sync/protocol.js';
import type { LinkStatus, SyncLink } from '../../shared/sync/links.js';
import type { Logger } from '../log.js';
import type { Effort } from './codec.js';
import type { Dictionaries } from './dictionaries.js';
import type { Timers } from './pass-scheduler.js';
import type { KioskSyncDb } from './kiosk-db.js';
import type { LetterKeyExchange } from './letter-keys.js';
import type { SettingsHooks } from './settings-down.js';

/** The sync engine's public shapes: its options, status, progress events and a pass's result. */
export type SyncState = 'idle' | 'sending' | 'backoff' | 'offline' | 'disabled';

export interface SyncStatus {
  backlog: number;
  /** Of the backlog, held durably by a relay ("di kecamatan"), waiting for the hub's ack. */
  atRelay: number;
  parked: number;
  lastSuccessAt: string | null;
  lastError: { kind: string; code: string; message: string; at: string } | null;
  state: SyncState;
  upstream: string | null;
  /** The link of the pass in progress, or of the last one (its name); null before the first pass. */
  link: string | null;
  /** Every configured link: in use, ready, down, closed (outside its windows) or over its budget. */
  links: LinkStatus[];
  /** What the backlog weighs on the wire, about. */
  backlogBytes: number;
  /** When the backlog will be through at the link's measured speed; null before a link was timed. */
  etaSeconds: number | null;
}

export interface SyncProgress {
  state: SyncState;
  phase: 'upload' | 'status' | 'catalogue' | 'done';
  bytesSent: number;
  bytesTotal: number;
  submissionsSent: number;
  submissionsTotal: number;
  bytesPerSecond: number;
  etaSeconds: number | null;
}

export type CatalogueValidator = (doc: unknown) => { ok: true } | { ok: false; error: string };

export interface SyncEngineOptions {
  kiosk: KioskSyncDb;
  upstream: string | null;
  /** The office's links in order (read each pass, so a settings change takes effect); none: the one upstream. */
  links?: () => readonly SyncLink[];
  /** The clock for windows and budgets (tests inject one). */
  now?: () => Date;
  /** The scheduler's timers (debounce, interval, backoff); a test injects a virtual clock's. */
  timers?: Timers;
  log: Logger;
  enrolmentCode?: string | null;
  label?: string | null;
  /** Names a local storage problem behind a failure (default: from the error code; the core also asks the disk). */
  storageProblemOf?: (err: unknown) => 'storage_full' | 'storage_read_only' | null;
  /** Raw (uncompressed) bytes per batch. */
  maxBatchBytes?: number;
  /** No bytes moving for this long is a network error. */
  stallTimeoutMs?: number;
  /** Ask for the compact batch ack (default true; false acts as a kiosk from before it: the full ack). */
  compactAcks?: boolean;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  debounceMs?: number;
  intervalMs?: number;
  /** How soon to ask a relay again for the hub's ack of batches it holds (default 3 s). */
  relayPollMs?: number;
  /** The records dictionaries this device holds (default: those shipped, main/sync/dictionaries.ts); an empty set acts as a kiosk from before them. */
  dictionaries?: Dictionaries;
  /** 'auto' picks by the link: fast zstd on a LAN, zstd-19 on a slow link. */
  effort?: Effort | 'auto';
  validateCatalogue?: CatalogueValidator;
  onCatalogue?: (doc: CatalogueDocument) => void;
  /** Settings the hub pushed, verified: the core applies them (main/sync/settings-down.ts). */
  onSettings?: SettingsHooks['onSettings'];
  /** Publish this device's letter key and cache the office's (after the catalogue, each pass). */
  letterKeys?: LetterKeyExchange;
  onProgress?: (p: SyncProgress) => void;
  /** Reported to the hub with the backlog and the clock, for the console's device list. */
  appVersion?: string;
  /** Ids whose status or delivery changed (for 'submissions:changed'). */
  onChanged?: (ids: string[]) => void;
}

export interface RunResult {
  delivered: number;
  parked: number;
  statuses: number;
  batches: number;
  requests: number;
}
