import { EventEmitter } from 'node:events';
import type { Biodata, CardSource, PartialBiodata } from '../../shared/devices/biodata.js';

/**
 * The one face every e-KTP reader driver shows the core, whatever the hardware. The core never
 * talks to a port; it listens to these events and calls start/stop.
 */
export type ReaderState = 'connecting' | 'connected' | 'disconnected' | 'not_responding' | 'reading' | 'error';

export interface ReaderError {
  /** Stable, English, snake_case: read_timeout, bad_checksum, card_removed, port_open_failed, ... */
  code: string;
  message: string;
  /** True when the driver is already retrying or will recover by itself. */
  recoverable: boolean;
}

export interface CardRead {
  biodata: Biodata | PartialBiodata;
  source: CardSource;
  uid?: string;
  /** performance.now() when the driver had the complete frame, for the latency figure. */
  at: number;
}

export interface ReaderEvents {
  connected: [];
  disconnected: [reason: string];
  'card-present': [{ uid?: string }];
  'card-removed': [];
  'card-read': [CardRead];
  /** UID-only readers: the chip's UID, for the core to look the resident up locally. */
  'card-uid': [{ uid: string }];
  error: [ReaderError];
  /** Every state change, for the device panel. */
  state: [ReaderState];
}

export abstract class ReaderDriver extends EventEmitter<ReaderEvents> {
  abstract readonly kind: string;
  protected current: ReaderState = 'disconnected';

  constructor() {
    super();
    // Device errors are reported, not thrown: without this, EventEmitter throws on an unheard 'error'.
    this.on('error', () => undefined);
  }

  get state(): ReaderState {
    return this.current;
  }

  protected setState(next: ReaderState): void {
    if (next === this.current) return;
    const was = this.current;
    this.current = next;
    this.emit('state', next);
    if (next === 'connected' && (was === 'connecting' || was === 'disconnected' || was === 'not_responding')) this.emit('connected');
  }

  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;
}
