import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ManualCardResult, PrintJob } from '../../shared/api/calls/devices.js';
import type { Biodata, CardSource, PartialBiodata } from '../../shared/devices/biodata.js';
import type { PaperColumns, ReceiptData } from '../../shared/devices/receipt.js';
import { printerBlocker, type DeviceError, type DeviceState, type DeviceStateName, type DevicesStatus } from '../../shared/devices/state.js';
import { validateNik } from '../../shared/domain/nik.js';
import { EscPosPrinter } from '../../native/printer/driver.js';
import { PrinterSimulator, type SimPrinterState } from '../../native/printer/simulator.js';
import { PtyPair } from '../../native/pty.js';
import type { ReaderDriver } from '../../native/reader/driver.js';
import { biodataFromNik } from '../../native/reader/manual-driver.js';
import { SerialReaderDriver, type SerialReaderTimings } from '../../native/reader/serial-driver.js';
import { DEFAULT_SIM_CARDS } from '../../native/reader/sim-cards.js';
import { ReaderSimulator } from '../../native/reader/simulator.js';
import { UidReaderDriver } from '../../native/reader/uid-driver.js';
import type { CardUidQueries } from '../db/queries/card-uids.js';
import type { PrintJobQueries } from '../db/queries/print-jobs.js';
import type { Logger } from '../log.js';
import type { CoreEvents } from '../core/events.js';
import { PrintQueue } from './print-queue.js';

/** 'sim' | 'none' | 'serial:/dev/ttyUSB0' | 'uid:/dev/ttyACM0' (reader) | 'tcp://host:port' | 'serial:/dev/ttyS0' (printer). */
export interface DeviceConfig {
  reader: string;
  printer: string;
}

export interface DeviceManagerOptions {
  config: DeviceConfig;
  dataDir: string;
  jobs: PrintJobQueries;
  cardUids: CardUidQueries;
  events: CoreEvents;
  log: Logger;
  now: () => Date;
  columns?: PaperColumns;
  readerTimings?: Partial<SerialReaderTimings>;
  printerPollMs?: number;
  printRetryMs?: number;
}

export interface LastCard {
  biodata: Biodata | PartialBiodata;
  source: CardSource;
  at: string;
}

const READER_SPEC = /^(sim|none|serial:.+|uid:.+)$/;
const PRINTER_SPEC = /^(sim|none|tcp:\/\/.+|serial:.+)$/;

export function checkDeviceConfig(c: DeviceConfig): void {
  if (!READER_SPEC.test(c.reader)) throw new Error(`reader must be sim, none, serial:/dev/ttyX or uid:/dev/ttyX, got "${c.reader}"`);
  if (!PRINTER_SPEC.test(c.printer)) throw new Error(`printer must be sim, none, tcp://host:port or serial:/dev/ttyX, got "${c.printer}"`);
}

/**
 * Owns the reader and the printer the configuration names (starting the simulators for `sim`),
 * turns their events into core events and device states, and runs the print queue.
 */
export class DeviceManager {
  readonly queue: PrintQueue;
  reader: ReaderDriver | null = null;
  printer: EscPosPrinter | null = null;
  simReader: ReaderSimulator | null = null;
  simPrinter: PrinterSimulator | null = null;
  /** The last card read, for the identity screen; a resident's data, so the kiosk wipe clears it. */
  private lastCardRead: LastCard | null = null;
  /** ms from the driver holding a complete card frame to the core event (for the bench). */
  readonly cardLatencies: number[] = [];

  get lastCard(): LastCard | null {
    return this.lastCardRead;
  }

  /** Forgets the last resident's card (end of a kiosk session). */
  clearLastCard(): void {
    this.lastCardRead = null;
  }
  private pty: PtyPair | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private readonly states: Record<'reader' | 'printer', DeviceState>;
  private closed = false;
  private polling: Promise<void> | null = null;

  constructor(private readonly o: DeviceManagerOptions) {
    checkDeviceConfig(o.config);
    const initial = (device: 'reader' | 'printer', spec: string): DeviceState => ({
      driver: spec,
      state: spec === 'none' ? 'disabled' : 'connecting',
      messageKey: `${device}.${spec === 'none' ? 'disabled' : 'connecting'}`,
      lastError: null,
    });
    this.states = { reader: initial('reader', o.config.reader), printer: initial('printer', o.config.printer) };
    this.queue = new PrintQueue({
      jobs: o.jobs,
      printer: null,
      columns: o.columns ?? 48,
      log: o.log.child('print'),
      now: o.now,
      onJob: (job) => o.events.emit('print:job', { job }),
      onPrinterResult: (r) => {
        if (r.ok) this.setState('printer', 'connected');
        else this.setState('printer', r.notReady ? (r.reason as DeviceStateName) : 'disconnected', { code: r.notReady ? `printer_${r.reason}` : 'printer_disconnected', message: r.reason });
      },
      ...(o.printRetryMs !== undefined ? { retryMs: o.printRetryMs } : {}),
    });
  }

  async start(): Promise<void> {
    await this.startReader();
    await this.startPrinter();
  }

  status(): DevicesStatus {
    return { reader: { ...this.states.reader }, printer: { ...this.states.printer } };
  }

  private setState(device: 'reader' | 'printer', state: DeviceStateName, error?: { code: string; message: string }, messageKey?: string): void {
    const prev = this.states[device];
    const lastError: DeviceError | null = error ? { ...error, at: this.o.now().toISOString() } : prev.lastError;
    const next = { ...prev, state, messageKey: messageKey ?? `${device}.${state}`, lastError };
    if (prev.state === next.state && prev.messageKey === next.messageKey && prev.lastError === next.lastError) return;
    this.states[device] = next;
    this.o.events.emit('devices:status', this.status());
  }

  private async startReader(): Promise<void> {
    const spec = this.o.config.reader;
    const log = this.o.log.child('reader');
    if (spec === 'none') return;
    let driver: ReaderDriver;
    if (spec === 'sim') {
      const dir = join(this.o.dataDir, 'sim-reader');
      mkdirSync(dir, { recursive: true });
      this.pty = new PtyPair(join(dir, 'reader'), join(dir, 'sim'));
      await this.pty.start();
      this.simReader = new ReaderSimulator(this.pty.linkB, DEFAULT_SIM_CARDS, { log: log.child('sim') });
      await this.simReader.start();
      driver = new SerialReaderDriver(this.pty.linkA, { log, ...(this.o.readerTimings ? { timings: this.o.readerTimings } : {}) });
    } else if (spec.startsWith('uid:')) driver = new UidReaderDriver(spec.slice(4), { log });
    else driver = new SerialReaderDriver(spec.slice('serial:'.length), { log, ...(this.o.readerTimings ? { timings: this.o.readerTimings } : {}) });
    const source: CardSource = spec === 'sim' ? 'sim' : spec.startsWith('uid:') ? 'uid' : 'serial';
    driver.on('state', (s) => this.setState('reader', s));
    driver.on('error', (e) => {
      log.warn('reader problem', { code: e.code, message: e.message, recoverable: e.recoverable });
      const key = e.code === 'card_removed' ? 'reader.card_removed' : e.code === 'read_timeout' || e.code === 'bad_checksum' || e.code === 'biodata_invalid' ? 'reader.read_failed' : undefined;
      this.setState('reader', driver.state, { code: e.code, message: e.message }, key);
    });
    driver.on('card-present', () => this.o.events.emit('card:present', {}));
    driver.on('card-removed', () => this.o.events.emit('card:removed', {}));
    driver.on('card-read', (card) => {
      this.lastCardRead = { biodata: card.biodata, source, at: this.o.now().toISOString() };
      this.o.events.emit('card:read', { biodata: card.biodata, source });
      this.cardLatencies.push(performance.now() - card.at);
      if (this.cardLatencies.length > 1000) this.cardLatencies.shift();
    });
    driver.on('card-uid', ({ uid }) => {
      const nik = this.o.cardUids.nikFor(uid);
      if (!nik) {
        this.setState('reader', driver.state, undefined, 'reader.uid_unknown');
        this.o.events.emit('card:need-nik', { uid });
        return;
      }
      const biodata = biodataFromNik(validateNik(nik, { now: this.o.now() })) ?? { nik };
      this.lastCardRead = { biodata, source: 'uid', at: this.o.now().toISOString() };
      this.o.events.emit('card:read', { biodata, source: 'uid' });
    });
    this.reader = driver;
    await driver.start();
  }

  private async startPrinter(): Promise<void> {
    const spec = this.o.config.printer;
    const log = this.o.log.child('printer');
    if (spec === 'none') return;
    let uri = spec;
    if (spec === 'sim') {
      this.simPrinter = new PrinterSimulator(join(this.o.dataDir, 'sim-printer'), this.o.columns ?? 48, { log: log.child('sim') });
      uri = `tcp://127.0.0.1:${await this.simPrinter.listenTcp(0)}`;
    }
    this.printer = new EscPosPrinter(uri, { log });
    this.queue.attach(this.printer);
    const poll = (): void => {
      this.pollTimer = setTimeout(() => {
        this.polling = this.pollPrinter().finally(() => {
          this.polling = null;
          if (!this.closed) poll();
        });
      }, this.o.printerPollMs ?? 3000);
    };
    await this.pollPrinter();
    poll();
  }

  /** DLE EOT poll: keeps the panel current and restarts the queue when the printer is back. */
  async pollPrinter(): Promise<void> {
    if (!this.printer || this.closed) return;
    try {
      const st = await this.printer.status();
      const blocker = printerBlocker(st);
      if (blocker) {
        this.queue.printerBlocked(blocker);
        this.setState('printer', blocker, { code: `printer_${blocker}`, message: `printer reports ${blocker}` });
      } else {
        this.setState('printer', st.paperNearEnd ? 'paper_near_end' : 'connected');
        this.queue.printerReady();
      }
    } catch (err) {
      this.setState('printer', 'disconnected', { code: 'printer_unreachable', message: err instanceof Error ? err.message : String(err) });
    }
  }

  printReceipt(submissionId: string, receipt: ReceiptData): PrintJob {
    return this.queue.enqueue(submissionId, receipt);
  }

  /** A queue ticket taken without a request ("Ambil nomor antrean"), in the same print queue. */
  printTicket(ticketId: string, receipt: ReceiptData): PrintJob {
    return this.queue.enqueue({ ticketId }, receipt);
  }

  manual(nik: string, uid?: string): ManualCardResult {
    const validation = validateNik(nik, { now: this.o.now() });
    const biodata = biodataFromNik(validation);
    if (biodata) {
      if (uid) this.o.cardUids.remember(uid.toUpperCase(), biodata.nik, this.o.now().toISOString());
      this.lastCardRead = { biodata, source: 'manual', at: this.o.now().toISOString() };
      this.o.events.emit('card:read', { biodata, source: 'manual' });
    }
    return { validation, biodata };
  }

  setSimPrinter(patch: Partial<SimPrinterState>): SimPrinterState | null {
    if (!this.simPrinter) return null;
    this.simPrinter.setState(patch);
    void this.pollPrinter();
    return this.simPrinter.simState;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    await this.polling;
    await this.queue.close();
    await this.reader?.stop();
    await this.simReader?.stop();
    await this.pty?.stop();
    await this.simPrinter?.close();
  }
}
