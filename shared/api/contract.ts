/**
 * The one API between the renderer and the core. Every call the renderer may make and every
 * event it may receive is declared here, with the schema that validates it at runtime. The
 * Electron preload and the headless host both refuse any name that is not in these tables.
 *
 * To add a call: declare it in ./calls/<area>.ts, spread it in below, and give it a handler in
 * main/core/handlers/<area>.ts (the core does not compile until every call has one).
 */
import { z } from 'zod';
import { event } from './define.js';
import type { CallSpec } from './define.js';
import { appCalls } from './calls/app.js';
import { settingsCalls } from './calls/settings.js';
import { submissionCalls } from './calls/submissions.js';
import { catalogueCalls } from './calls/catalogue.js';
import { kioskCalls } from './calls/kiosk.js';
import { voiceCalls } from './calls/voice.js';
import { deviceCalls, deviceEvents } from './calls/devices.js';
import { syncCalls, SyncProgressEvent } from './calls/sync.js';
import { authCalls } from './calls/auth.js';
import { auditCalls } from './calls/audit.js';
import { deskCalls } from './calls/desk.js';
import { letterCalls } from './calls/letters.js';
import { searchCalls } from './calls/search.js';
import { reportCalls } from './calls/reports.js';
import { privacyCalls } from './calls/privacy.js';
import { queueCalls } from './calls/queue.js';
import { usbCalls, UsbProgressEvent } from './calls/usb.js';
import { QueueCall, QueueChanged } from '../queue/board.js';
import { Settings } from '../domain/settings.js';
import type { Result } from './result.js';

export const apiCalls = {
  ...appCalls,
  ...settingsCalls,
  ...submissionCalls,
  ...catalogueCalls,
  ...kioskCalls,
  ...voiceCalls,
  ...deviceCalls,
  ...syncCalls,
  ...authCalls,
  ...auditCalls,
  ...deskCalls,
  ...letterCalls,
  ...searchCalls,
  ...reportCalls,
  ...privacyCalls,
  ...queueCalls,
  ...usbCalls,
} satisfies Record<string, CallSpec<z.ZodType, unknown>>;

export type ApiCalls = typeof apiCalls;
export type CallName = keyof ApiCalls;
export type CallRequest<K extends CallName> = z.input<ApiCalls[K]['request']>;
export type CallParsedRequest<K extends CallName> = z.output<ApiCalls[K]['request']>;
export type CallResponse<K extends CallName> = NonNullable<ApiCalls[K]['response']>;

export const apiEvents = {
  /** A submission was stored or its status changed. */
  'submissions:changed': event(z.object({ id: z.string() })),
  'settings:changed': event(Settings),
  /**
   * A write failed because the device's disk is full or its data folder cannot be written (a
   * call, the sync engine): the desk's health panel asks app:health again at once (issue 14, defect 6).
   */
  'app:storage': event(z.object({ problem: z.enum(['storage_full', 'storage_read_only']) })),
  /** A different service catalogue became active. */
  'catalogue:changed': event(z.object({ revision: z.string() })),
  /** Devices (reader, printer): state changes, card events, print jobs. */
  'devices:status': event(deviceEvents['devices:status']),
  'card:present': event(deviceEvents['card:present']),
  'card:removed': event(deviceEvents['card:removed']),
  /** The card's biodata: only for whoever serves at this device (the resident, or a logged-in desk user). */
  'card:read': event(deviceEvents['card:read'], ['resident', 'requests.create']),
  'card:need-nik': event(deviceEvents['card:need-nik'], ['resident', 'requests.create']),
  'print:job': event(deviceEvents['print:job']),
  /** Store-and-forward progress: bytes, submissions, rate, ETA (main/sync). */
  'sync:progress': event(SyncProgressEvent),
  /** Writing a USB stick: bytes and files (main/usb), for the desk's progress bar. */
  'usb:progress': event(UsbProgressEvent, ['sync.run']),
  /**
   * A ticket was called (or recalled) to a counter: the display shows `displayText` and plays
   * `queue:call-audio` of `id` (chime, then `spokenText`). Numbers only, never a name.
   */
  'queue:called': event(QueueCall, ['display', 'queue.serve']),
  /** Any move, the counters or the running text changed: the whole board (display-safe, small). */
  'queue:changed': event(QueueChanged, ['display', 'queue.serve', 'settings.manage']),
};

export type ApiEvents = typeof apiEvents;
export type EventName = keyof ApiEvents;
export type EventPayload<E extends EventName> = z.output<ApiEvents[E]['payload']>;

export const CALL_NAMES = Object.keys(apiCalls) as CallName[];
export const EVENT_NAMES = Object.keys(apiEvents) as EventName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(apiCalls, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(apiEvents, name);
}

/** What both transports (preload and host) give the renderer. */
export interface AnjunganApi {
  invoke<K extends CallName>(name: K, request: CallRequest<K>): Promise<Result<CallResponse<K>>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}
