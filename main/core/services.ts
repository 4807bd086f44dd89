import type { CatalogueService } from '../catalogue/catalogue-service.js';
import type { Accounts } from './auth/accounts.js';
import type { SessionRegistry } from './client-session.js';
import type { WorkflowService } from './workflow-service.js';
import type { UpdateService } from '../update/update-service.js';
import type { Store } from '../db/store.js';
import type { DeviceManager } from '../devices/device-manager.js';
import type { Logger } from '../log.js';
import type { CoreEvents } from './events.js';
import type { SettingsService } from './settings-service.js';
import type { SyncService } from '../sync/service.js';
import type { VoiceService } from '../voice/voice-service.js';
import type { LetterService } from './letters/letter-service.js';
import type { QueueService } from './queue/queue-service.js';
import type { UsbService } from './usb-service.js';

/** What handlers may use. Each capability adds its service here and is built in createCore. */
export interface CoreServices {
  readonly version: string;
  readonly shell: 'electron' | 'host';
  readonly startedAt: Date;
  readonly deviceId: string;
  readonly store: Store;
  readonly events: CoreEvents;
  readonly settings: SettingsService;
  readonly log: Logger;
  /** The service catalogue (main/catalogue): last good set of service definitions. */
  readonly catalogue: CatalogueService;
  /** Spoken prompts (main/voice): voice pack or espeak-ng, cached. */
  readonly voice: VoiceService;
  /** e-KTP reader and receipt printer (main/devices): states, card events, the print queue. */
  readonly devices: DeviceManager;
  /** Store-and-forward sync to the hub (main/sync): status, send now; null engine when disabled. */
  readonly sync: SyncService;
  /** The desk's local accounts (login, lockout, first admin). */
  readonly accounts: Accounts;
  /** The pages and windows using this core, each with its login and its resident's visit. */
  readonly sessions: SessionRegistry;
  /** The desa's own workflow: inbox, request view, moves. */
  readonly workflow: WorkflowService;
  /** Letters (surat) of desa services: issue, preview, print, verify (main/core/letters). */
  readonly letters: LetterService;
  /** Signed app updates from the hub: checked on a schedule, verified, handed to the shell when ready. */
  readonly updates: UpdateService;
  /** The queue (loket): tickets, counters, calls, the display's board (main/core/queue). */
  readonly queue: QueueService;
  /** The USB stick at the desk (main/usb): what it carries and what came back. */
  readonly usb: UsbService;
  /** Injectable so tests can fix dates in registration numbers. */
  readonly now: () => Date;
}
