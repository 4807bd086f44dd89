import type { SyncProgress, SyncState } from './engine-types.js';

/** How often a pass's progress is reported at most, unless a step forces it (a state, a phase, an ack). */
const EVERY_MS = 250;

/** A pass's progress as the desk's sync panel and `anjungan sync` show it: bytes, submissions, rate, ETA. */
export class ProgressMeter {
  private p: Omit<SyncProgress, 'state'> = { phase: 'done', bytesSent: 0, bytesTotal: 0, submissionsSent: 0, submissionsTotal: 0, bytesPerSecond: 0, etaSeconds: null };
  private lastAt = 0;

  constructor(
    private readonly onProgress: ((p: SyncProgress) => void) | undefined,
    private readonly state: () => SyncState,
  ) {}

  /** A pass begins with this many submissions to send. */
  start(submissions: number): void {
    this.p = { phase: 'upload', bytesSent: 0, bytesTotal: 0, submissionsSent: 0, submissionsTotal: submissions, bytesPerSecond: 0, etaSeconds: null };
    this.emit(true);
  }

  /** The pass moves on (reported at once unless `report` is false: the caller reports it with its state). */
  phase(phase: SyncProgress['phase'], report = true): void {
    this.p = { ...this.p, phase, ...(phase === 'done' ? { etaSeconds: 0 } : {}) };
    if (report) this.emit(true);
  }

  /** A batch joins what this pass sends. */
  batch(bytes: number): void {
    this.p.bytesTotal += bytes;
  }

  /** Bytes went up; `rate` is the upload's bytes/s once it has run long enough to say. */
  sent(bytes: number, rate: number | null): void {
    this.p.bytesSent += bytes;
    if (rate !== null) this.p.bytesPerSecond = Math.round(rate);
    const left = this.p.bytesTotal - this.p.bytesSent;
    this.p.etaSeconds = this.p.bytesPerSecond > 0 ? Math.round(left / this.p.bytesPerSecond) : null;
    this.emit();
  }

  /** The hub answered for this many (delivered or parked). */
  answered(submissions: number): void {
    this.p.submissionsSent += submissions;
    this.emit(true);
  }

  emit(force = false): void {
    if (!this.onProgress) return;
    const now = Date.now();
    if (!force && now - this.lastAt < EVERY_MS) return;
    this.lastAt = now;
    this.onProgress({ ...this.p, state: this.state() });
  }
}
