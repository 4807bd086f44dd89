import { isCompactAck, type WireAck } from '../../shared/sync/ack-compact.js';
import type { RunResult, SyncEngineOptions, SyncProgress, SyncState, SyncStatus } from './engine-types.js';
import type { OpenBatch } from '../db/queries/sync.js';
import type { Logger } from '../log.js';
import { storageProblem } from '../db/storage-problem.js';
import { buildNextBatch, DEFAULT_BATCH_BYTES } from './build.js';
import { HubClient, SyncError } from './client.js';
import type { Effort } from './codec.js';
import type { KioskSyncDb } from './kiosk-db.js';
import { deviceIdentity, type DeviceIdentity } from './keys.js';
import { pullCatalogue, pullStatuses, pushStatusUpdates } from './downstream.js';
import { pullSettings } from './settings-down.js';
import { exchangeLetterKeys } from './letter-keys.js';
import { pushSkm } from './skm-sync.js';
import { pushQueueTickets } from './queue-sync.js';
import { resolveAck } from './ack-verify.js';
import { effortFor, linkProfile, rttRecorder } from './link-profile.js';

export type { CatalogueValidator, RunResult, SyncEngineOptions, SyncProgress, SyncState, SyncStatus } from './engine-types.js';

const STATE_LAST_SUCCESS = 'last_success_at';

/**
 * The kiosk's store-and-forward pump. One pass (`runOnce`): finish any batch already built
 * (resuming where the hub's copy ends), build and send new ones until nothing is due, then pull
 * status changes and the catalogue. The scheduler (`start`) runs one pass at a time, debounced
 * on new data, on a timer, and after failures with capped exponential backoff and jitter.
 */
export class SyncEngine {
  private readonly k: KioskSyncDb;
  private readonly log: Logger;
  private id: DeviceIdentity | null = null;
  private client: HubClient | null = null;
  private state: SyncState;
  private lastError: SyncStatus['lastError'] = null;
  private failures = 0;
  private running: Promise<RunResult> | null = null;
  private rerun = false;
  private debounce: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private interval: NodeJS.Timeout | null = null;
  private stopped = true;
  private splitLimit = Infinity;
  private readonly fresh = new Set<string>();
  private progress: SyncProgress = { state: 'idle', phase: 'done', bytesSent: 0, bytesTotal: 0, submissionsSent: 0, submissionsTotal: 0, bytesPerSecond: 0, etaSeconds: null };
  private lastProgressAt = 0;
  readonly counters = { requests: 0, bytesUp: 0, bodyBytes: 0, batches: 0, resumes: 0 };

  constructor(private readonly o: SyncEngineOptions) {
    this.k = o.kiosk;
    this.log = o.log;
    this.state = o.upstream ? 'idle' : 'disabled';
  }

  get upstream(): string | null {
    return this.o.upstream;
  }

  status(): SyncStatus {
    return {
      backlog: this.k.sync.backlog(),
      atRelay: this.k.sync.counts().atRelay,
      parked: this.k.sync.parkedCount(),
      lastSuccessAt: this.k.sync.getState<string>(STATE_LAST_SUCCESS) ?? null,
      lastError: this.lastError,
      state: this.state,
      upstream: this.o.upstream,
    };
  }

  private identity(): DeviceIdentity {
    return (this.id ??= deviceIdentity(this.k.deviceId, this.k.sync));
  }

  private hub(): HubClient {
    if (!this.o.upstream) throw new SyncError('rejected', 'disabled', 'sync is disabled (no upstream hub)');
    return (this.client ??= new HubClient(this.o.upstream, this.identity(), this.o.stallTimeoutMs ?? 30_000, { compactAcks: this.o.compactAcks ?? true, onRtt: rttRecorder(this.k.sync, this.o.upstream) }));
  }

  private setState(s: SyncState): void {
    if (this.state === s) return;
    this.state = s;
    this.emitProgress(true);
  }

  private emitProgress(force = false): void {
    if (!this.o.onProgress) return;
    const now = Date.now();
    if (!force && now - this.lastProgressAt < 250) return;
    this.lastProgressAt = now;
    this.o.onProgress({ ...this.progress, state: this.state });
  }

  /** One pass. Throws SyncError when the hub cannot be reached or refuses (the scheduler retries). */
  async runOnce(): Promise<RunResult> {
    const hub = this.hub();
    const up = this.o.upstream!;
    const result: RunResult = { delivered: 0, parked: 0, statuses: 0, batches: 0, requests: 0 };
    const req0 = this.counters.requests;
    this.setState('sending');
    const started = performance.now();
    const bytesAtStart = this.counters.bytesUp;
    this.progress = { ...this.progress, phase: 'upload', bytesSent: 0, bytesTotal: 0, submissionsSent: 0, submissionsTotal: this.k.sync.backlog(), bytesPerSecond: 0, etaSeconds: null };
    this.emitProgress(true);

    await this.ensureEnrolled(hub, up);
    const effort = await this.chooseEffort(hub, up);

    for (const b of this.k.sync.openBatches()) await this.upload(hub, b, result);
    for (;;) {
      const b = await this.buildBatch(effort);
      if (!b) break;
      this.fresh.add(b.batch_id);
      await this.upload(hub, b, result);
    }
    const secs = (performance.now() - started) / 1000;
    const sent = this.counters.bytesUp - bytesAtStart;
    if (sent > 32 * 1024 && secs > 0) this.k.sync.setState(`link:${up}`, { bytesPerSecond: Math.round(sent / secs), at: new Date().toISOString() });

    this.progress = { ...this.progress, phase: 'status' };
    this.emitProgress(true);
    this.counters.requests += await pushStatusUpdates(hub, this.k, this.log);
    this.counters.requests += await pushSkm(hub, this.k.kiosk);
    this.counters.requests += await pushQueueTickets(hub, this.k.queue);
    const pulled = await pullStatuses(hub, this.k, up, this.o.onChanged, { backlog: this.k.sync.backlog(), version: this.o.appVersion ?? null, clockMs: Date.now() });
    this.counters.requests += pulled.requests;
    result.statuses = pulled.applied;
    this.progress = { ...this.progress, phase: 'catalogue' };
    this.counters.requests += await pullCatalogue(hub, this.k, up, this.log, this.o);
    this.counters.requests += await pullSettings(hub, this.k, up, this.log, this.o, pulled.settings);
    if (this.o.letterKeys) {
      this.counters.requests += 2;
      await exchangeLetterKeys(hub, this.k.sync, this.o.letterKeys, up, this.log);
    }

    this.splitLimit = Infinity;
    this.k.sync.setState(STATE_LAST_SUCCESS, new Date().toISOString());
    this.lastError = null;
    this.failures = 0;
    result.requests = this.counters.requests - req0;
    this.progress = { ...this.progress, phase: 'done', etaSeconds: 0 };
    this.setState('idle');
    this.emitProgress(true);
    return result;
  }

  private async ensureEnrolled(hub: HubClient, up: string): Promise<void> {
    if (this.k.sync.getState<boolean>(`enrolled:${up}`)) return;
    this.counters.requests++;
    const keys = await hub.enrol(this.o.enrolmentCode ?? null, this.o.label ?? null);
    // The hub's keys, learned once: signed documents are checked against the first, USB sticks sealed to the second.
    this.k.sync.setState(`hub-keys:${up}`, keys);
    this.k.sync.setState(`enrolled:${up}`, true);
    this.log.info('enrolled at hub', { upstream: up, deviceId: this.k.deviceId });
  }

  private async chooseEffort(hub: HubClient, up: string): Promise<Effort> {
    const e = this.o.effort ?? 'auto';
    if (e !== 'auto') return e;
    // What earlier exchanges taught (the enrolment, last pass's pulls): no round trip of its own.
    const known = effortFor(linkProfile(this.k.sync, up));
    if (known) return known;
    if (this.k.sync.backlog() === 0) return 'small';
    this.counters.requests++;
    await hub.hello();
    return effortFor(linkProfile(this.k.sync, up)) ?? 'small';
  }

  private async buildBatch(effort: Effort): Promise<OpenBatch | null> {
    const b = await buildNextBatch(this.k.sync, this.k.deviceId, effort, this.o.maxBatchBytes ?? DEFAULT_BATCH_BYTES, this.splitLimit);
    if (b) this.log.debug('batch built', { batchId: b.batch_id, records: b.records, raw: b.raw_bytes, wire: b.body.length, effort });
    return b;
  }

  /** Sends one batch to the end, resuming after cuts; applies the ack in one transaction. */
  private async upload(hub: HubClient, b: OpenBatch, result: RunResult): Promise<void> {
    let offset = 0;
    let needState = !this.fresh.delete(b.batch_id);
    let quick = 0;
    let mismatches = 0;
    this.progress.bytesTotal += b.body.length;
    this.counters.bodyBytes += b.body.length;
    let counted = 0;
    for (;;) {
      try {
        if (needState) {
          this.counters.requests++;
          const st = await hub.batchState(b.batch_id);
          needState = false;
          if (st.committed && st.ack) return this.applied(b, st.ack, result);
          if (st.atRelay) return this.k.sync.markAtRelay(b.batch_id, st.atRelay.relayId, st.atRelay.at);
          // A relay that held it no longer does (lost, or refused upstream): send it again.
          if (this.k.sync.isAtRelay(b.batch_id)) this.k.sync.clearRelay(b.batch_id);
          if (st.received > offset) quick = 0;
          offset = st.received;
          if (offset > 0) this.counters.resumes++;
        }
        this.counters.requests++;
        const sentBefore = counted;
        const t0 = performance.now();
        const res = await hub.putBatch(b.batch_id, b.body, b.digest, offset, (n) => {
          this.counters.bytesUp += n;
          counted += n;
          this.progress.bytesSent += n;
          const secs = (performance.now() - t0) / 1000;
          if (secs > 0.2) this.progress.bytesPerSecond = Math.round((counted - sentBefore) / secs);
          const left = this.progress.bytesTotal - this.progress.bytesSent;
          this.progress.etaSeconds = this.progress.bytesPerSecond > 0 ? Math.round(left / this.progress.bytesPerSecond) : null;
          this.emitProgress();
        }, this.k.sync.getState<{ bytesPerSecond: number }>(`link:${this.o.upstream}`)?.bytesPerSecond);
        if ('batchId' in res) return this.applied(b, res, result);
        if (res.atRelay) {
          this.k.sync.markAtRelay(b.batch_id, res.atRelay.relayId, res.atRelay.at);
          this.o.onChanged?.(this.k.sync.members(b.batch_id));
          return;
        }
        offset = res.received;
      } catch (err) {
        if (!(err instanceof SyncError)) throw err;
        if (err.code === 'bad_offset' && err.received !== null) {
          offset = err.received;
          continue;
        }
        if (err.code === 'digest_mismatch') {
          if (++mismatches > 2) {
            this.k.sync.dropBatch(b.batch_id);
            throw err;
          }
          offset = 0;
          continue;
        }
        if (err.kind === 'network' && quick < 4) {
          // A cut: ask the hub what it kept and send only the rest.
          quick++;
          needState = true;
          await sleep(Math.min(2000, 100 * 2 ** quick) * (0.5 + Math.random() / 2));
          continue;
        }
        if (err.kind === 'rejected') {
          // The hub refused the batch as a whole: isolate the record that causes it.
          const ids = this.k.sync.dropBatch(b.batch_id);
          if (ids.length === 1) {
            this.k.sync.park(ids[0]!, `hub refused: ${err.code}: ${err.message}`);
            result.parked++;
            this.log.warn('submission parked', { id: ids[0], code: err.code, reason: err.message });
          } else this.splitLimit = Math.max(1, Math.ceil(ids.length / 2));
          return;
        }
        if (err.kind === 'auth' && err.code === 'unknown_device') this.k.sync.setState(`enrolled:${this.o.upstream}`, false);
        throw err;
      }
    }
  }

  private applied(b: OpenBatch, wire: WireAck, result: RunResult): void {
    // Delivered only on the hub's own signed ack, whoever carried it down; a compact one only if it matches this batch's members.
    const verdict = resolveAck(this.k.deviceId, wire, this.k.sync.members(b.batch_id), this.k.sync.getState(`hub-keys:${this.o.upstream}`));
    if (!verdict.ok && isCompactAck(wire)) this.client?.preferFullAck(b.batch_id); // the next answer comes whole
    if (!verdict.ok) throw new SyncError('busy', 'bad_ack', `ack for batch ${b.batch_id} refused: ${verdict.error}`);
    const ack = verdict.ack;
    const r = this.k.sync.applyAck(b.batch_id, ack, new Date().toISOString());
    result.delivered += r.delivered;
    result.parked += r.parked;
    result.batches++;
    this.counters.batches++;
    this.progress.submissionsSent += r.delivered + r.parked;
    this.emitProgress(true);
    if (ack.rejected.length) this.log.warn('hub rejected submissions', { batchId: b.batch_id, rejected: ack.rejected.slice(0, 10) });
    this.o.onChanged?.([...ack.accepted, ...ack.duplicate, ...ack.rejected.map((x) => x.id)]);
  }

  private backoffMs(err: unknown): number {
    const base = this.o.backoffBaseMs ?? 1000;
    const max = this.o.backoffMaxMs ?? 5 * 60_000;
    if (err instanceof SyncError && err.retryAfterMs) return Math.min(max, err.retryAfterMs);
    const exp = Math.min(max, base * 2 ** Math.min(this.failures, 20));
    return Math.round(exp * (0.5 + Math.random() / 2));
  }

  private noteFailure(err: unknown): number {
    this.failures++;
    const e = err instanceof SyncError ? err : localError(err, this.o.storageProblemOf ?? storageProblem);
    this.lastError = { kind: e.kind, code: e.code, message: e.message, at: new Date().toISOString() };
    this.setState(e.kind === 'network' ? 'offline' : 'backoff');
    const delay = e.kind === 'auth' ? this.o.backoffMaxMs ?? 5 * 60_000 : this.backoffMs(err);
    this.log.warn('sync failed', { kind: e.kind, code: e.code, error: e.message, retryInMs: delay });
    return delay;
  }

  /**
   * For `anjungan sync`: passes until everything due is acknowledged, retrying what can recover
   * until the deadline. ok=false when time ran out or the failure needs a person.
   */
  async syncUntilDone(deadlineMs: number): Promise<{ ok: boolean; error: SyncStatus['lastError']; delivered: number; parked: number }> {
    const end = Date.now() + deadlineMs;
    let delivered = 0;
    let parked = 0;
    for (;;) {
      try {
        const r = await this.runOnce();
        delivered += r.delivered;
        parked += r.parked;
        if (this.k.sync.backlog() === 0) return { ok: true, error: null, delivered, parked };
        if (Date.now() > end) return { ok: false, error: this.lastError, delivered, parked };
        // Held at a relay: ask again for the hub's ack a little later, not in a tight loop.
        if (r.delivered === 0 && this.k.sync.counts().atRelay > 0) await sleep(Math.min(this.o.relayPollMs ?? 300, 1000));
      } catch (err) {
        const delay = this.noteFailure(err);
        const fatal = err instanceof SyncError && err.kind === 'auth' && err.code !== 'unknown_device';
        if (fatal || Date.now() + delay > end) return { ok: false, error: this.lastError, delivered, parked };
        await sleep(delay);
      }
    }
  }

  /** Starts the scheduler: a pass now, on trigger (debounced), every intervalMs, and after backoff. */
  start(): void {
    if (!this.o.upstream || !this.stopped) return;
    this.stopped = false;
    this.interval = setInterval(() => this.trigger(), this.o.intervalMs ?? 60_000);
    this.interval.unref();
    this.trigger(0);
  }

  /** New data or an operator's "send now": a pass after the debounce (one pass at a time). */
  trigger(delayMs = this.o.debounceMs ?? 1500): void {
    if (this.stopped) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    if (this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = null;
      void this.kick();
    }, delayMs);
    this.debounce.unref();
  }

  /** Runs a pass now (waiting for one in progress first) and returns the status after it. */
  async syncNow(): Promise<SyncStatus> {
    if (!this.o.upstream) return this.status();
    while (this.running) await this.running.catch(() => undefined);
    await this.kick();
    return this.status();
  }

  private async kick(): Promise<void> {
    if (this.running) return;
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    this.running = this.runOnce();
    try {
      await this.running;
    } catch (err) {
      const delay = this.noteFailure(err);
      if (!this.stopped) {
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          void this.kick();
        }, delay);
        this.retryTimer.unref();
      }
    } finally {
      this.running = null;
    }
    if (this.rerun && !this.stopped) {
      this.rerun = false;
      this.trigger(0);
    } else if (!this.stopped && !this.retryTimer && this.k.sync.counts().atRelay > 0) this.trigger(this.o.relayPollMs ?? 3000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of [this.debounce, this.retryTimer]) if (t) clearTimeout(t);
    if (this.interval) clearInterval(this.interval);
    this.debounce = this.retryTimer = this.interval = null;
    await this.running?.catch(() => undefined);
    this.client?.close();
    this.client = null;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * A failure on this side that is not the hub's: a full disk or an unwritable store says so
 * (the screen and the operator panel name it), anything else stays "internal". Both retry later.
 */
function localError(err: unknown, problemOf: (err: unknown) => 'storage_full' | 'storage_read_only' | null): SyncError {
  const message = err instanceof Error ? err.message : String(err);
  const storage = problemOf(err);
  if (storage === 'storage_full') return new SyncError('busy', 'storage_full', `this device's disk is full: nothing was changed (${message})`);
  if (storage === 'storage_read_only') return new SyncError('busy', 'storage_read_only', `this device's data folder cannot be written: nothing was changed (${message})`);
  return new SyncError('busy', 'internal', message);
}
